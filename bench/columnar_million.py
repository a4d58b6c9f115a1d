"""The columnar engine's scoring at 10^6 cases, on one core, against the 500,000 cases/s target.

Building a million `Case` objects takes minutes and about 10 GB, and is not what the target
measures (the scoring of a sample already held as columns). So this builds the frame of
100,000 SYNTHETIC cases, checks that the columnar aggregate of those cases EQUALS the
per-case one, then stacks the frame ten times and times `score_frame` on the 10^6 rows,
without and with the criteria's default breakdowns. Pins itself to one core and to one polars
thread.

Usage: python bench/columnar_million.py [--cases 100000] [--copies 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

# One polars thread, set before polars is imported, so the run measures one core.
os.environ.setdefault("POLARS_MAX_THREADS", "1")

from evaluate import calibrate, synthetic_cases

import aow_rules
from aow_rules._aggregate import _columnar as _aggregate
from aow_rules._evaluate import _columnar


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    missing = _columnar.available()
    if missing:
        print(f"columnar: not available ({missing})")
        return 0
    import polars as pl  # noqa: PLC0415 - after the thread setting above

    criteria = aow_rules.load_criteria("iaow-2013-10")
    by = [*criteria.scoring.breakdowns, "assessor"]
    print(f"calibration: a Python function call costs {calibrate() * 1e9:.0f} ns")
    print(f"SYNTHETIC: {args.cases:,} cases (seed 7) of iaow-2013-10, stacked {args.copies}x")
    cases = [aow_rules.parse_case(d, criteria) for d in synthetic_cases(criteria, args.cases)]
    frame = _columnar.to_frame(criteria, cases)
    per_case = aow_rules.Aggregate.of(
        criteria, (aow_rules.evaluate(criteria, c) for c in cases), by
    )
    assert _aggregate.aggregate_frame(criteria, frame, by) == per_case, "columnar differs"
    print(f"checked: the columnar aggregate of the {args.cases:,} cases equals the per-case one")
    del cases
    big = pl.concat([frame] * args.copies, rechunk=True)
    rows = big.height
    for label, breakdowns in (("no breakdowns", []), (f"by {len(by)}", by)):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            _aggregate.aggregate_frame(criteria, big, breakdowns)
            best = min(best, time.perf_counter() - start)
        rate = rows / best
        verdict = "meets" if rate >= 500_000 else "MISSES"
        print(
            f"score_frame, {rows:,} rows, {label}: {best:.2f} s, {rate:,.0f} cases/s "
            f"(target >= 500,000: {verdict})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
