"""Sample aggregation at one sample size: the per-case path and the columnar path.

Runs inside a child process (see `child.py`), one per size, so that a large sample's memory
never stays in the parent and each size starts from a clean interpreter. Measured:

* ``evaluate``: `aow_rules.evaluate` over the parsed cases, with full explanation;
* ``aggregate``: `aow_rules.Aggregate.of` over judgements already made, without and with the
  criteria's default breakdowns;
* ``end_to_end``: evaluate and aggregate, one case at a time (nothing held);
* ``columnar``: `aow_rules._aggregate._columnar.aggregate_columnar` over the same parsed
  cases, after checking that it returns an aggregate EQUAL to the per-case one (for both
  breakdowns); and, if the module has them, ``to_frame`` and ``aggregate_frame``
  (score_frame, then the aggregate) timed apart.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from evaluate import best_of
from memory import peak_kib
from optional import import_optional
from samples import iter_cases
from timing import best_after, best_keeping, timed

import aow_rules

COLUMNAR = "aow_rules._aggregate._columnar"


def columnar_module() -> tuple[ModuleType | None, str]:
    """The columnar module and "available", or None and why it is not available."""
    module, why = import_optional(COLUMNAR, COLUMNAR)
    if module is None:
        return None, why
    if not callable(getattr(module, "aggregate_columnar", None)):
        return None, f"{COLUMNAR} has no aggregate_columnar(criteria, cases, by)"
    engine, _ = import_optional("aow_rules._evaluate._columnar", COLUMNAR)
    why_not = getattr(engine, "available", lambda: None)()
    if why_not:
        return None, str(why_not)
    return module, "available"


def has_frames(module: ModuleType) -> bool:
    return callable(getattr(module, "to_frame", None)) and callable(
        getattr(module, "aggregate_frame", None)
    )


def _aggregate_of(result: object) -> object:
    """`score_frame` may return the aggregate or an object that carries it."""
    return getattr(result, "aggregate", result)


def _label(by: Sequence[str]) -> str:
    return "none" if not by else ",".join(by)


def time_size(
    criteria: aow_rules.Criteria, path: Path, n: int, repeat: int, budget: float
) -> dict[str, Any]:
    """Every timing of one sample size, in seconds (absent where not measured).

    ``steps`` holds the peak RSS once the parsed cases are held, and once their judgements
    are held too (see `child.py`).
    """
    out: dict[str, Any] = {"n": n, "steps": {}}
    start = time.perf_counter()
    cases = list(iter_cases(path, criteria, n))
    out["read_parse_s"] = time.perf_counter() - start  # one pass: json.loads + parse_case
    assert len(cases) == n, f"{path} holds {len(cases)} cases, not {n}"
    out["steps"]["cases"] = peak_kib()

    evaluate = aow_rules.evaluate

    def evaluate_all() -> list[aow_rules.Judgement]:
        return [evaluate(criteria, c) for c in cases]

    first, judgements = timed(evaluate_all)
    out["steps"]["judgements"] = peak_kib()
    out["evaluate_s"] = best_after(first, repeat, evaluate_all, budget)

    of = aow_rules.Aggregate.of
    breakdowns = tuple(criteria.scoring.breakdowns)
    out["breakdowns"] = list(breakdowns)
    references = {}
    for by, key in (((), "aggregate_s"), (breakdowns, "aggregate_by_s")):
        out[key], references[by] = best_keeping(
            repeat, lambda by=by: of(criteria, judgements, by), budget
        )
    judgements.clear()  # not needed any more: free them before the other paths run
    out["end_to_end_s"] = best_of(
        repeat, lambda: of(criteria, (evaluate(criteria, c) for c in cases)), budget
    )

    module, reason = columnar_module()
    out["columnar"] = reason
    out["columnar_errors"] = []
    if module is None:
        return out
    columnar = module.aggregate_columnar
    columnar(criteria, cases[:10])  # warm up: the first call into polars sets up its pools
    for by, reference in references.items():
        # The first run is checked before any more are timed; a wrong result is not timed.
        def run(by: tuple[str, ...] = by) -> object:
            return columnar(criteria, cases, by=by)

        try:
            first, got = timed(run)
        except Exception as exc:
            out["columnar_errors"].append(f"by {_label(by)}: raised {type(exc).__name__}: {exc}")
            continue
        if got != reference:
            out["columnar_errors"].append(
                f"by {_label(by)}: the columnar Aggregate DIFFERS from the per-case one "
                f"on {n:,} cases; not timed"
            )
            continue
        out["columnar_s" if not by else "columnar_by_s"] = best_after(first, repeat, run, budget)
    if has_frames(module) and not out["columnar_errors"]:
        out["to_frame_s"], frame = best_keeping(
            repeat, lambda: module.to_frame(criteria, cases), budget
        )
        first, scored = timed(lambda: module.aggregate_frame(criteria, frame, ()))
        if _aggregate_of(scored) != references[()]:
            out["columnar_errors"].append("score_frame's aggregate DIFFERS from the per-case one")
        else:
            out["score_frame_s"] = best_after(
                first, repeat, lambda: module.aggregate_frame(criteria, frame, ()), budget
            )
    return out
