"""SYNTHETIC inspection samples, drawn the way HM Inspectorate of Probation drew real ones.

No case-level inspection data is public, so demos, tests and benchmarks need invented cases,
and they are only useful if they look like an inspection sample. `synthesize` reads what an
invented caseload looks like for the criteria from their synthetic profile (`_profile`),
draws an area caseload and samples it by the Inspectorate's rules (`_caseload`), then invents,
for each sampled case, case details (`_facts`) and answers driven by the latent quality of the
officer's work (`_answers`).

The output depends only on the criteria, the profile, the sizes and the seed (`_streams`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeGuard

from .._cases._derive import derive_facts
from .._cases._parse import CASE_FORMAT
from .._criteria import Criteria
from ..errors import ArgumentError, Code, CriteriaError, Problem
from ._answers import difficulty, draw_answers, officer_quality
from ._caseload import plan_sample
from ._facts import draw_facts
from ._interview import draw_interview
from ._profile import load_profile
from ._streams import stream

__all__ = ["MAX_CASES", "synthesize", "to_jsonl", "write_jsonl"]

MAX_CASES = 100_000
"""The largest sample `synthesize` draws (an inspection reads 50 to 90 cases)."""
_ASSESSORS = 6
_NOTE = (
    "SYNTHETIC: invented by aow-rules (seed {seed}) for demos and tests;"
    " no real person or case is in it."
)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_arguments(
    criteria: object, cases: object, seed: object, population: object, profile: object
) -> None:
    problems = []
    if not isinstance(criteria, Criteria):
        problems.append(
            Problem(
                Code.WRONG_TYPE,
                f"criteria is a {type(criteria).__name__}; expected a Criteria "
                "(from aow_rules.load_criteria)",
                "criteria",
            )
        )
    if not _whole(cases) or not 1 <= cases <= MAX_CASES:
        problems.append(
            Problem(
                Code.INVALID_VALUE,
                f"cases={cases!r}: expected a whole number from 1 to {MAX_CASES} "
                "(inspections read 50 to 90)",
                "cases",
            )
        )
    if not _whole(seed):
        problems.append(Problem(Code.WRONG_TYPE, f"seed={seed!r}: expected a whole number", "seed"))
    if population is not None and (
        not _whole(population) or not _whole(cases) or population < cases
    ):
        problems.append(
            Problem(
                Code.INVALID_VALUE,
                f"population={population!r}: expected a whole number of at least cases "
                f"({cases!r}), or None for ten times cases",
                "population",
            )
        )
    if profile is not None and not isinstance(profile, str | Path):
        problems.append(
            Problem(
                Code.WRONG_TYPE,
                f"profile is a {type(profile).__name__}; expected a path, or None for the "
                "profile beside the criteria file",
                "profile",
            )
        )
    if problems:
        raise ArgumentError(problems)


def synthesize(
    criteria: Criteria,
    *,
    cases: int = 60,
    seed: int = 2013,
    population: int | None = None,
    profile: str | Path | None = None,
) -> list[dict[str, Any]]:
    """A SYNTHETIC sample of ``cases`` ``aow-case/1`` case dicts for ``criteria``.

    What the caseload looks like comes from ``profile`` (a synthetic profile file,
    ``aow-synth-profile/1``), by default the one beside the criteria file
    (``<id>.synth.yaml``); criteria without one get valid values of each fact's type. The
    cases are drawn from an invented caseload of ``population`` cases (default ten times
    ``cases``) by the Inspectorate's sampling rules; each note says it is synthetic. The same
    criteria, profile, sizes and seed always give the same cases.

    Raises `ArgumentError` for a value out of range (its source names the parameter) and
    `CriteriaError` for a profile with problems.
    """
    _check_arguments(criteria, cases, seed, population, profile)
    drawn = load_profile(criteria, profile)
    try:
        plan = plan_sample(cases, seed=seed, population=population, caseload=drawn.caseload)
    except ValueError as exc:  # a caseload too small or too concentrated for the sampler
        raise CriteriaError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    str(exc),
                    drawn.source or criteria.source,
                    suggestion="allow more cases per officer, or more officers, in caseload",
                )
            ]
        ) from None
    order = list(range(len(plan.chosen)))
    stream(seed, "assessors").shuffle(order)
    assessor = {k: f"A{n % _ASSESSORS + 1:02d}" for n, k in enumerate(order)}
    hardness = difficulty(criteria, drawn.difficulty)
    width = max(3, len(str(len(plan.chosen))))
    out: list[dict[str, Any]] = []
    for k, unit in enumerate(plan.chosen):
        facts = draw_facts(criteria, drawn, unit, stream(seed, "facts", unit.ref))
        rng = stream(seed, "answers", unit.ref)
        quality = officer_quality(seed, unit.officer) + rng.gauss(0, 0.5)
        # Answers follow the case as it is read, derived facts and all (the case sends none).
        read = derive_facts(facts, criteria) if criteria.derived else facts
        answers, evidence = draw_answers(criteria, read, quality, hardness, rng)
        case = {
            "format": CASE_FORMAT,
            "case_id": f"SYN-{k + 1:0{width}d}",
            "criteria": criteria.id,
            "assessor": assessor[k],
            "note": _NOTE.format(seed=seed),
            "facts": facts,
            "answers": answers,
            "evidence": evidence,
        }
        # A stream of its own: the record was added without changing any other draw.
        interview = draw_interview(facts, stream(seed, "interview", unit.ref))
        if interview is not None:
            case["interview"] = interview
        out.append(case)
    return out


def to_jsonl(cases: Iterable[Mapping[str, Any]]) -> str:
    """Cases as JSON Lines: one object per line, keys sorted, ending with a newline."""
    return "".join(json.dumps(c, sort_keys=True, ensure_ascii=False) + "\n" for c in cases)


def write_jsonl(cases: Iterable[Mapping[str, Any]], path: str | Path) -> None:
    """Write cases to ``path`` as `to_jsonl` does (UTF-8)."""
    Path(path).write_text(to_jsonl(cases), encoding="utf-8")
