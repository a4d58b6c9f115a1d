"""Quick timing: aow-rules against the rule-engine baselines, same cases, same process.

    python -m bench.baselines.quick [--cases 2000] [--repeat 3] [--criteria ID]

On one core, best of R runs: aow-rules ``evaluate`` on parsed cases (and parse + evaluate),
then each available baseline's scorer on the same cases as aow-case/1 dicts (its input). Each
baseline is first checked against aow-rules on those cases (`check.agree`), so only a correct
scorer is timed.
"""

from __future__ import annotations

import argparse
import os
import sys

import aow_rules

from . import durable, spec_of, zen
from .check import agree

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    try:
        from bench.evaluate import best_of, synthetic_cases  # noqa: PLC0415
    except ImportError:  # run from bench/: bench is not a package there
        from evaluate import best_of, synthetic_cases  # type: ignore[no-redef]  # noqa: PLC0415

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--criteria", default="iaow-2013-10")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    criteria = aow_rules.load_criteria(args.criteria)
    spec = spec_of(criteria)
    raw = synthetic_cases(criteria, args.cases)
    cases = [aow_rules.parse_case(c, criteria) for c in raw]
    n = len(raw)
    print(
        f"Python {sys.version.split()[0]}, one core; criteria {criteria.id}; "
        f"{n:,} synthetic cases, best of {args.repeat}"
    )
    evaluate, parse = aow_rules.evaluate, aow_rules.parse_case
    eval_s = best_of(args.repeat, lambda: [evaluate(criteria, c) for c in cases])
    both_s = best_of(args.repeat, lambda: [evaluate(criteria, parse(c, criteria)) for c in raw])
    print(f"  aow-rules evaluate          {n / eval_s:10,.0f} cases/s")
    print(f"  aow-rules parse + evaluate  {n / both_s:10,.0f} cases/s")
    for label, module in (("zen-engine", zen), ("durable-rules", durable)):
        reason = module.available()
        if reason is not None:
            print(f"  {label:26}  skipped: {reason}")
            continue
        scorer = module.build(spec, criteria)
        agree(criteria, scorer, raw)
        took = best_of(args.repeat, lambda s=scorer: [s(c) for c in raw])  # type: ignore[misc]
        print(
            f"  {label:26}  {n / took:10,.0f} cases/s   "
            f"aow-rules evaluate is {took / eval_s:6.1f}x faster (checked equal on every case)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
