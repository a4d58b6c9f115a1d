"""Compile a criteria file's scoring: how a group is scored for a sample, bands and rounding,
the default breakdowns, and the declared ratings model (key questions -> standards -> an
overall rating), each checked as a ladder of levels. Part of `compile_text`; problems are
collected, not raised."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from .._strict._yaml import Path
from ..errors import Code
from ._collect import Collector, exact
from ._model import (
    BREAKDOWN_TYPES,
    Band,
    Fact,
    Group,
    RatingLevel,
    Ratings,
    Rounding,
    Scoring,
    Standard,
)
from ._spec import CriteriaSpec, QuestionSpec, RatingsSpec

__all__ = ["build_scoring"]


def build_scoring(
    c: Collector,
    spec: CriteriaSpec,
    crit_by_id: Mapping[str, Group],
    facts: Mapping[str, Fact],
    stage_by_id: Mapping[str, Group],
) -> Scoring:
    """The file's scoring: sample method, bands, default breakdowns and, where declared, the
    ratings model; every problem goes to ``c``."""
    s = spec.scoring
    threshold = None if s.threshold is None else exact(s.threshold)
    if s.sample_method == "cases_meeting" and threshold is None:
        c.problem(Code.MISSING_KEY, ("scoring",), "sample_method cases_meeting needs a threshold")
    bands: list[Band] = []
    banded: frozenset[Any] = frozenset()
    if s.bands is not None:
        banded = frozenset(
            {"outcomes": "outcome", "stages": "stage", "criteria": "criterion"}[k]
            for k in s.bands.applies_to
        )
        for j, b in enumerate(s.bands.levels):
            low = exact(b.min)
            if not 0 <= low <= 1:
                c.problem(
                    Code.INVALID_VALUE,
                    ("scoring", "bands", "levels", j, "min"),
                    f"band {b.label!r} starts at {low}; expected 0 to 1",
                )
            bands.append(Band(b.label, low))
        mins = [b.min for b in bands]
        if len(set(mins)) != len(mins):
            c.problem(Code.INVALID_VALUE, ("scoring", "bands"), "two bands share a lower bound")
        if bands and min(mins) != 0:
            c.problem(
                Code.INVALID_VALUE,
                ("scoring", "bands"),
                "the lowest band must start at 0 so every score has a band",
            )
    bands.sort(key=lambda b: b.min, reverse=True)
    r = s.rounding
    for j, fact_id in enumerate(s.breakdowns):
        path = ("scoring", "breakdowns", j)
        if c.ref(path, fact_id, facts, "fact") and facts[fact_id].type not in BREAKDOWN_TYPES:
            c.problem(
                Code.INVALID_VALUE,
                path,
                f"fact {fact_id!r} is a {facts[fact_id].type}; a breakdown needs a bool, "
                "int, choice or text fact (one value per case)",
            )
    return Scoring(
        s.sample_method,
        threshold,
        r.places if r else None,
        r.mode if r else "half_up",
        tuple(bands),
        banded,
        tuple(s.breakdowns),
        None
        if s.ratings is None
        else _ratings(c, s.ratings, crit_by_id, stage_by_id, spec.questions),
    )


def _ratings(
    c: Collector,
    spec: RatingsSpec,
    crit_by_id: Mapping[str, Group],
    stage_by_id: Mapping[str, Group],
    questions: Sequence[QuestionSpec],
) -> Ratings:
    at = ("scoring", "ratings")
    keyed = {q.criterion for q in questions if q.key and q.scored}
    threshold = None if spec.threshold is None else exact(spec.threshold)
    if spec.method == "cases_meeting" and threshold is None:
        c.problem(Code.MISSING_KEY, at, "ratings method cases_meeting needs a threshold")
    if threshold is not None and not 0 <= threshold <= 1:
        c.problem(Code.INVALID_VALUE, (*at, "threshold"), f"threshold {threshold}; expected 0 to 1")
    levels = [RatingLevel(v.label, exact(v.min), v.points) for v in spec.levels]
    _ladder(c, (*at, "levels"), [(v.label, v.min) for v in levels], "rating", 1)
    by_min = sorted(levels, key=lambda v: v.min, reverse=True)
    for higher, lower in itertools.pairwise(by_min):
        if higher.points < lower.points:
            c.problem(
                Code.INVALID_VALUE,
                (*at, "levels"),
                f"rating {higher.label!r} carries fewer points than the lower rating "
                f"{lower.label!r}",
            )
    standards = []
    owner: dict[str, str] = {}
    seen: set[str] = set()
    for i, d in enumerate(spec.standards):
        path = (*at, "standards", i)
        if d.id in seen:
            c.problem(Code.DUPLICATE_ID, (*path, "id"), f"standard {d.id!r} is declared twice")
        seen.add(d.id)
        if d.rated_by == "recorded" and d.key_questions:
            c.problem(
                Code.INVALID_VALUE,
                (*path, "key_questions"),
                f"standard {d.id!r} is rated_by recorded: it takes no key questions",
                "remove key_questions, or rate it by lowest_key_question",
            )
        if d.rated_by == "lowest_key_question" and not d.key_questions:
            c.problem(
                Code.MISSING_KEY,
                path,
                f"standard {d.id!r} is rated by its lowest key question but lists none",
                "add key_questions: [criterion ids], or rate it as recorded",
            )
        groups = []
        for k, kq in enumerate(d.key_questions):
            if not c.ref((*path, "key_questions", k), kq, crit_by_id, "criterion"):
                continue
            if kq in owner:
                c.problem(
                    Code.INVALID_VALUE,
                    (*path, "key_questions", k),
                    f"key question {kq!r} already belongs to standard {owner[kq]!r}",
                )
            owner[kq] = d.id
            if kq not in keyed:
                c.problem(
                    Code.INVALID_VALUE,
                    (*path, "key_questions", k),
                    f"criterion {kq!r} is a key question of standard {d.id!r} but none of "
                    "its scored questions is marked key: true",
                    "mark the question that records the key question's judgement key: true",
                )
            groups.append(crit_by_id[kq])
        title = d.title
        if title is None:
            stage = stage_by_id.get(d.id)
            if stage is None:
                c.problem(
                    Code.MISSING_KEY,
                    path,
                    f"standard {d.id!r} needs a title: no stage has the id {d.id!r}",
                )
            title = d.id if stage is None else stage.title
        standards.append(Standard(d.id, title, d.rated_by, tuple(groups), d.note))
    overall = [(v.label, v.min) for v in spec.overall]
    _ladder(c, (*at, "overall"), [(k, Fraction(m)) for k, m in overall], "overall rating", None)
    most = max(v.points for v in levels) * len(standards)
    for j, (label, low) in enumerate(overall):
        if low > most:
            c.problem(
                Code.INVALID_VALUE,
                (*at, "overall", j, "min"),
                f"overall rating {label!r} starts at {low} points but the {len(standards)} "
                f"standards can total at most {most}",
            )
    r = spec.rounding
    return Ratings(
        spec.method,
        threshold,
        None if r is None else Rounding(r.places, r.mode),
        tuple(by_min),
        tuple(standards),
        tuple(sorted(overall, key=lambda v: v[1], reverse=True)),
    )


def _ladder(
    c: Collector, path: Path, levels: list[tuple[str, Fraction]], what: str, top: int | None
) -> None:
    """Lower bounds of ordered levels: distinct labels and bounds, the lowest at 0."""
    labels = [label for label, _ in levels]
    if len(set(labels)) != len(labels):
        c.problem(Code.DUPLICATE_ID, path, f"two {what} levels share a label")
    mins = [low for _, low in levels]
    if len(set(mins)) != len(mins):
        c.problem(Code.INVALID_VALUE, path, f"two {what} levels share a lower bound")
    if levels and min(mins) != 0:
        c.problem(
            Code.INVALID_VALUE,
            path,
            f"the lowest {what} level must start at 0 so every value has one",
        )
    for j, (label, low) in enumerate(levels):
        if low < 0 or (top is not None and low > top):
            c.problem(
                Code.INVALID_VALUE,
                (*path, j, "min"),
                f"{what} {label!r} starts at {low}; expected 0 to {top}",
            )
