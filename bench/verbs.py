"""The three sample verbs, per engine: `report`, `qa` and `impact` on one SYNTHETIC sample.

Each verb runs on the same parsed sample with ``engine="per-case"`` and ``engine="columnar"``;
their JSON outputs are compared (all but the field naming the engine), and a difference is a
PROBLEM of the run. What is timed is the library call plus rendering the JSON, from parsed cases
(reading the file is table 6a's ``read + parse``).

The samples, all SYNTHETIC and seeded:

* report: cases drawn from the criteria's declarations (`samples.iter_synthetic_cases`);
* qa: the same cases, each given one of 40 assessors, and one case in ten marked a second time
  by another assessor who answers a few questions differently, so agreement, disagreements
  and drift all have work to do;
* impact: cases drawn from ``iaow-2013-04``'s declarations, re-scored under ``iaow-2013-10``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from evaluate import SECOND_MARKING, double_marked, iter_synthetic_cases
from tables import Table, rate, ratio
from timing import best_after, timed

import aow_rules
from aow_rules import qa as qa_report
from aow_rules._cases._sample import Sample
from aow_rules._versions import impact

"""One case in this many is marked twice."""
IMPACT_FROM = "iaow-2013-04"
IMPACT_TO = "iaow-2013-10"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _sample(criteria: aow_rules.Criteria, raw: list[dict[str, Any]]) -> Sample:
    cases = tuple(aow_rules.parse_case(d, criteria) for d in raw)
    return Sample(cases, tuple(f"bench:{k + 1}" for k in range(len(cases))), ())


Run = Callable[[str], str]


def _without_engine(text: str) -> object:
    """The JSON output without the field that names the engine that ran (its only allowed
    difference)."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if not (k == "engine" and v in ("per-case", "columnar"))
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(text))


def _verbs(criteria: aow_rules.Criteria, n: int, seed: int) -> list[tuple[str, Run]]:
    plain = _sample(criteria, list(iter_synthetic_cases(criteria, n, seed)))
    marked = _sample(criteria, double_marked(criteria, n, seed))
    old = aow_rules.load_criteria(IMPACT_FROM)
    new = aow_rules.load_criteria(IMPACT_TO)
    past = _sample(old, list(iter_synthetic_cases(old, n, seed)))

    def report(engine: str) -> str:
        return aow_rules.report(criteria, plain, engine=engine).to_json()  # type: ignore[arg-type]

    def qa(engine: str) -> str:
        return qa_report(criteria, marked, engine=engine).to_json()  # type: ignore[arg-type]

    def impact_(engine: str) -> str:
        return impact(old, new, past, engine=engine).to_json()  # type: ignore[arg-type]

    return [
        (f"report ({criteria.id})", report),
        (f"qa ({criteria.id}, 1 in {SECOND_MARKING} marked twice)", qa),
        (f"impact ({IMPACT_FROM} -> {IMPACT_TO})", impact_),
    ]


def verbs_table(
    criteria: aow_rules.Criteria, n: int, seed: int, *, repeat: int, budget: float
) -> tuple[Table, list[str]]:
    """Table 7 and the problems found (outputs that differ between engines)."""
    table = Table(
        f"7. The sample verbs per engine ({n:,} SYNTHETIC cases, parsed; output JSON rendered)",
        (
            "verb",
            "per-case s",
            "columnar s",
            "per-case cases/s",
            "columnar cases/s",
            "columnar is",
            "outputs",
        ),
    )
    problems: list[str] = []
    _say(f"   making the {n:,}-case samples ...")
    for label, run in _verbs(criteria, n, seed):
        _say(f"   {label} ...")
        seconds: dict[str, float] = {}
        outputs: dict[str, str] = {}
        for engine in ("per-case", "columnar"):
            first, outputs[engine] = timed(lambda engine=engine, run=run: run(engine))
            seconds[engine] = best_after(
                first, repeat, lambda engine=engine, run=run: run(engine), budget
            )
        same = _without_engine(outputs["per-case"]) == _without_engine(outputs["columnar"])
        if not same:
            problems.append(f"{label}: the engines' JSON outputs differ")
        table.add(
            label,
            f"{seconds['per-case']:.2f}",
            f"{seconds['columnar']:.2f}",
            rate(n, seconds["per-case"]),
            rate(n, seconds["columnar"]),
            ratio(1 / seconds["columnar"], 1 / seconds["per-case"]),
            "identical" if same else "DIFFER",
        )
    table.note(
        "Both engines give the same numbers; 'outputs' compares their whole JSON, all but the "
        "field that names the engine. "
        "The columnar engine scores the sample as columns and explains per case only what the "
        "output shows case by case (findings, double-marked cases, changed cases)."
    )
    table.note(
        f"`auto` picks columnar from {aow_rules._evaluate._engines.COLUMNAR_FROM:,} cases "
        "(aow_rules._evaluate._engines.COLUMNAR_FROM)."
    )
    return table, problems
