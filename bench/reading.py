"""Where the time of a whole-sample `report` from a JSON Lines file goes, stage by stage.

The benchmark's ratio table compares `report` from a file with orjson parsing the same file
(target: within 2x). This splits the report's time into its stages, each timed alone on the
same lines (the best of ``--repeat`` rounds, the stages in turn in each), so the gap has a
measured cause: parsing, checking each parsed case (the fast path of `parse_case`, derived
facts included), transposing the cases into typed columns, and the whole `report` for
comparison, each with the garbage collector paused as `report` pauses it. SYNTHETIC cases of
``--criteria``.

Usage: python bench/reading.py [--cases 20000] [--criteria iaow-2013-10] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import orjson

import aow_rules

# private: the stages of reading are internal; the benchmark times them one at a time.
from aow_rules._cases._fast import plainly_valid

# private: the transpose into columns the columnar engine reads.
from aow_rules._evaluate._frame import to_frame


def _time(work: Callable[[], Any]) -> float:
    # The collector paused, as `report` pauses it while it reads and scores a sample.
    gc.disable()
    try:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    finally:
        gc.enable()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--criteria", default="iaow-2013-10")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    criteria = aow_rules.load_criteria(args.criteria)
    cases = aow_rules.synthesize(criteria, cases=args.cases, seed=2013)
    lines = [orjson.dumps(case) for case in cases]
    with TemporaryDirectory() as folder:
        path = Path(folder) / "sample.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        data = [orjson.loads(line) for line in lines]
        held = [plainly_valid(d, criteria) for d in data]
        if not all(held):
            raise SystemExit("a synthetic case did not pass the fast path: the stages would lie")
        # Rounds of every stage in turn, the best of each kept: a busy machine's slow moments
        # then fall on all stages alike rather than on whichever ran last.
        parse = check = frame = whole = float("inf")
        for _ in range(args.repeat):
            parse = min(parse, _time(lambda: [orjson.loads(line) for line in lines]))
            check = min(check, _time(lambda: [plainly_valid(d, criteria) for d in data]))
            frame = min(frame, _time(lambda: to_frame(criteria, held)))
            whole = min(whole, _time(lambda: aow_rules.report(criteria, path)))
    n = args.cases
    print(f"SYNTHETIC {n:,} cases of {criteria.id}, best of {args.repeat}, one process")
    print("| stage | us/case | cases/s | share of report |")
    print("|---|---:|---:|---:|")
    for name, seconds in (
        ("parse (orjson.loads)", parse),
        ("check (parse_case's fast path)", check),
        ("transpose into columns (to_frame)", frame),
        ("the rest: scoring, totals, the report", whole - parse - check - frame),
        ("report from the file, whole", whole),
    ):
        print(f"| {name} | {seconds / n * 1e6:.1f} | {n / seconds:,.0f} | {seconds / whole:.0%} |")
    print(f"report / parse time: {whole / parse:.2f} (the target is <= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
