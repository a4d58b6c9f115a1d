"""The aow-rules benchmark suite, in one command: python bench/run.py [options]

First the headline: like-for-like ratios, each row two ways of doing the same work timed in
alternating rounds in this one process (bench/ratios.py): one case as a service does (JSON
bytes in, judgement JSON bytes out) against zen-engine, a plain-Python loop, orjson parsing
alone and durable-rules; a whole-sample report from a file against orjson parsing it; QA and
impact against the report of the same file; the columnar engine against the per-case one and
numpy; start-up; synthesis; then how evaluation scales with questions per file. ``--quick``
prints these alone, in under a minute.

Then, in a full run, in detail, on one core, on the shipped criteria and on SYNTHETIC samples
(fixed seed) of 10^3 to 10^6 cases:

1. loading and compiling a criteria file (target < 50 ms);
2. one case with full explanation (target >= 50,000 cases/s), rendering JSON apart;
3. sample aggregation: the per-case path and the columnar path (target >= 500,000 cases/s);
4. peak memory per sample size, each measured in its own process;
5. baselines in the same run, as ratios (fraction loop, naive interpreter, zen-engine,
   durable-rules where they run here);
6. scaling with the number of cases, questions per file and conditions per question;
7. the sample verbs report, qa and impact per engine (per-case and columnar), their outputs
   compared;

and a calibration line at the start and the end: the machine is shared and its speed drifts.

Options: --sizes 1000,10000,100000 (default), --full (adds 1000000), --repeat R (best of R),
--quick (the ratio tables alone, on small samples: under a minute), --out FILE.md (the tables
as Markdown too).
Progress goes to stderr; the tables to stdout. Measured on the 2-core development machine: the
default run takes about 4 minutes; --full about 30 minutes, and its 10^6-case processes
need about 12 GiB of memory (a size that would not fit in the memory available is skipped,
and says so).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import compare
import ratios
import scaling
import single
import sizes
import verbs
from evaluate import calibrate, calibration_text
from samples import SEED, iter_dicts, write_samples
from tables import Table

import aow_rules
from aow_rules._criteria._load import resolve_criteria
from aow_rules._evaluate import _steps

DEFAULT_SIZES = (1_000, 10_000, 100_000)
FULL_SIZE = 1_000_000
VERB_CASES = 20_000
"""Cases for table 7: the size from which `auto` picks the columnar engine."""
ONE_CASE_SAMPLE = 20_000
"""Cases for table 2 (one case at a time), as in bench/evaluate.py."""
BUDGET_S = 10.0
"""A measurement whose runs add up to this many seconds is not repeated further."""
BASELINE_CAP_S = 10.0
AGREEMENT_CASES = 300


def _sizes(text: str) -> list[int]:
    try:
        out = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not out or out[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return out


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="aow-rules benchmark suite (SYNTHETIC samples, one core).",
        epilog="Tables go to stdout, progress to stderr.",
    )
    ap.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="sample sizes, comma-separated (default 1000,10000,100000)",
    )
    ap.add_argument("--full", action="store_true", help="add 1,000,000 cases (takes longer)")
    ap.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    ap.add_argument(
        "--quick", action="store_true", help="the ratio tables alone, small: under a minute"
    )
    ap.add_argument("--criteria", default="iaow-2013-10", help="criteria id or path")
    ap.add_argument("--out", type=Path, help="also write the tables as Markdown to this file")
    args = ap.parse_args(argv)
    if args.full and FULL_SIZE not in args.sizes:
        args.sizes = [*args.sizes, FULL_SIZE]
    if args.quick:
        args.sizes = [min(args.sizes[0], 1_000)]
        args.repeat = 1
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    return args


def _pin() -> int | None:
    """Run on one core (children inherit it): the targets are for one core."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _processor() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Output:
    """Prints each part as soon as it is ready; keeps it all for the Markdown file."""

    def __init__(self) -> None:
        self.parts: list[str | Table] = []

    def line(self, text: str) -> None:
        print(text, flush=True)
        self.parts.append(text)

    def table(self, table: Table) -> None:
        print(f"\n{table.text()}", flush=True)
        self.parts.append(table)

    def markdown(self) -> str:
        out = ["# aow-rules benchmark", ""]
        for part in self.parts:
            out += ["", part.markdown(), ""] if isinstance(part, Table) else [f"    {part}"]
        return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    cpu = _pin()
    quick = args.quick
    repeat = args.repeat
    budget = 1.0 if quick else BUDGET_S
    out = Output()

    path = resolve_criteria(args.criteria)
    criteria = aow_rules.load_criteria(path)
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out.line(
        f"aow-rules {aow_rules.__version__} benchmark suite, {now}; Python "
        f"{platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs "
        f"({_processor()}), " + (f"pinned to CPU {cpu}" if cpu is not None else "not pinned")
    )
    out.line(
        f"SYNTHETIC samples (seed {SEED}) drawn from {criteria.id}'s declarations: "
        f"{', '.join(f'{n:,}' for n in args.sizes)} cases; best of {repeat} "
        f"(fewer when the runs pass {budget:.0f} s)"
        + ("; QUICK smoke run: numbers are rough" if quick else "")
    )
    out.line(
        "evaluator loop (aow_rules._evaluate._steps): "
        + (
            "compiled with mypyc (a wheel install)"
            if _steps.compiled()
            else "plain Python (an editable or HATCH_BUILD_NO_HOOKS install: slower; "
            "`pip install '.[bench]'` builds the compiled one)"
        )
    )
    out.line(f"{calibration_text(calibrate(repeat))} (at the start)")

    with tempfile.TemporaryDirectory(prefix="aow-bench-") as tmp:
        folder = Path(tmp)
        tables, missed = ratios.ratio_tables(criteria, _spec(path), folder, quick)
        for table in tables:
            out.table(table)
        if missed:
            out.line("targets not met: " + "; ".join(missed))
        if quick:
            out.line(f"total runtime {time.perf_counter() - started:,.0f} s (--quick: ratios only)")
            if args.out is not None:
                args.out.write_text(out.markdown(), encoding="utf-8")
            return 0
        _say(f"generating {max(args.sizes):,} SYNTHETIC cases (seed {SEED}) ...")
        files = write_samples(criteria, args.sizes, folder)
        out.line(
            f"generated {max(args.sizes):,} cases once ({files.generate_s:,.1f} s, "
            f"{files.bytes_per_case:,.0f} bytes a case as JSON Lines; not timed); smaller "
            "samples are its first cases"
        )

        _say("1. load and compile ...")
        out.table(single.compile_table(criteria.id, repeat, quick))

        _say("2. one case at a time ...")
        largest = files.paths[max(args.sizes)]
        raw = list(iter_dicts(largest, 1_000 if quick else ONE_CASE_SAMPLE))
        one_case, aow_rate = single.evaluate_table(criteria, raw, repeat, budget)
        out.table(one_case)

        _say("3, 4. sample sizes, each in its own processes ...")
        results = sizes.measure_sizes(str(path), files, repeat=repeat, budget=budget, cpu=cpu)
        out.table(sizes.aggregation_table(results))
        out.table(sizes.memory_table(results))

        _say("5. baselines ...")
        spec = _spec(path)
        baselines = compare.baselines_table(
            criteria,
            spec,
            raw,
            aow_rate,
            repeat=repeat,
            cap_s=0.3 if quick else BASELINE_CAP_S,
            check_n=50 if quick else AGREEMENT_CASES,
        )
        out.table(baselines)

        _say("6. scaling ...")
        out.table(sizes.cases_scaling_table(results))
        for table in scaling.shape_tables(folder, repeat=repeat, budget=budget, quick=quick):
            out.table(table)

        _say("7. the sample verbs per engine ...")
        verb_table, verb_problems = verbs.verbs_table(
            criteria, 2_000 if quick else VERB_CASES, SEED, repeat=repeat, budget=budget
        )
        out.table(verb_table)

    out.line("")
    out.line(f"{calibration_text(calibrate(repeat))} (at the end)")
    out.line(f"total runtime {time.perf_counter() - started:,.0f} s")
    if args.out is not None:
        args.out.write_text(out.markdown(), encoding="utf-8")
        _say(f"wrote {args.out}")
    problems = (
        results.problems
        + verb_problems
        + [row[0] for row in baselines.rows if "DISAGREES" in row[2] or "differs" in row[2]]
    )
    for problem in problems:
        _say(f"PROBLEM: {problem}")
    return 1 if problems else 0


def _spec(path: Path) -> dict[str, object]:
    """The parsed YAML of the criteria file, as the baselines read it."""
    from aow_rules._strict._yaml import load_yaml  # noqa: PLC0415

    located, problems = load_yaml(path.read_text(encoding="utf-8"), str(path))
    if located is None:
        raise SystemExit(f"{path}: {problems}")
    return dict(located.data)


if __name__ == "__main__":
    raise SystemExit(main())
