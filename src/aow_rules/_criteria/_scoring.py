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
    Display,
    Fact,
    Group,
    RatingLevel,
    Ratings,
    Rounding,
    Scoring,
    Standard,
)
from ._spec import CriteriaSpec, QuestionSpec, RatingsSpec
from ._spec import Display as DisplaySpec

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
            prov = c.provenance(b.provenance, b.provenance_note, ("scoring", "bands", "levels", j))
            bands.append(Band(b.label, low, prov))
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
    ratings = (
        None
        if s.ratings is None
        else _ratings(c, s.ratings, crit_by_id, stage_by_id, spec.questions)
    )
    rounding = None if r is None else Rounding(r.places, r.mode)
    ladders = []
    if bands and banded:
        ladders.append(("band", [(b.label, b.min) for b in bands], rounding))
    if ratings is not None:
        ladders.append(("rating", [(v.label, v.min) for v in ratings.levels], ratings.rounding))
    return Scoring(
        s.sample_method,
        threshold,
        r.places if r else None,
        r.mode if r else "half_up",
        tuple(bands),
        banded,
        tuple(s.breakdowns),
        ratings,
        _display(c, s.display, ladders),
        c.provenance(
            s.method_provenance, s.method_provenance_note, ("scoring",), "method_provenance"
        ),
        c.provenance(
            s.weights_provenance, s.weights_provenance_note, ("scoring",), "weights_provenance"
        ),
    )


Ladder = tuple[str, list[tuple[str, Fraction]], Rounding | None]


def _display(c: Collector, spec: DisplaySpec | None, ladders: list[Ladder]) -> Display:
    """How percentages are shown, so that a value shown beside a band never reaches a band
    edge that the score itself did not (64.8% shown as 65% beside "Requires improvement",
    whose band starts at 65%, reads as an error to every reader).

    Declared: checked, and refused where it could cross an edge. Not declared: whole
    percentages rounded half up where nothing is banded; where exact scores are banded,
    rounded down to the fewest places (up to 3) that show every edge exactly."""
    exact_edges = [low for _, levels, rounding in ladders if rounding is None for _, low in levels]
    if spec is None:
        if not ladders:
            return Display(0, "half_up")
        places = next(
            (p for p in range(4) if all(_shows(low, p) for low in exact_edges)),
            3,  # an edge such as 1/3 no decimal shows exactly: as close as we show
        )
        return Display(places, "down")
    display = Display(spec.places, spec.mode)
    where = ("scoring", "display")
    for what, levels, rounding in ladders:
        if rounding is not None:
            # The score is rounded before it is banded: shown with that rounding, the
            # displayed value is the banded one, which no display setting may contradict.
            if (spec.places, spec.mode) != (rounding.places, rounding.mode):
                c.problem(
                    Code.INVALID_VALUE,
                    where,
                    f"display rounds to {spec.places} place(s) {spec.mode}, but a {what} is "
                    f"given after rounding to {rounding.places} place(s) {rounding.mode}: "
                    "a shown value could disagree with its rating",
                    f"display the rounding the {what}s use, or leave display out",
                )
            continue
        if display.mode != "down":
            c.problem(
                Code.INVALID_VALUE,
                where,
                f"display rounds {display.mode.replace('_', ' ')}, but {what}s compare exact "
                "scores: a score just under an edge would be shown at the edge, beside the "
                f"{what} below it",
                "use mode: down, or declare the rounding before banding",
            )
        for label, low in levels:
            if not _shows(low, display.places):
                c.problem(
                    Code.INVALID_VALUE,
                    where,
                    f"the {what} {label!r} starts at {float(low) * 100:g}%, which "
                    f"{display.places} decimal place(s) cannot show: a shown value could sit "
                    "on the wrong side of it",
                    "show more decimal places",
                )
    return display


def _shows(edge: Fraction, places: int) -> bool:
    """Whether a percentage to ``places`` decimals can show ``edge`` exactly."""
    return not edge % Fraction(1, 100 * 10**places)


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
    levels = [
        RatingLevel(
            v.label,
            exact(v.min),
            v.points,
            c.provenance(v.provenance, v.provenance_note, (*at, "levels", j)),
        )
        for j, v in enumerate(spec.levels)
    ]
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
        prov = c.provenance(d.provenance, d.provenance_note, path)
        standards.append(Standard(d.id, title, d.rated_by, tuple(groups), d.note, prov))
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
    order = sorted(range(len(overall)), key=lambda j: overall[j][1], reverse=True)
    return Ratings(
        spec.method,
        threshold,
        None if r is None else Rounding(r.places, r.mode),
        tuple(by_min),
        tuple(standards),
        tuple(overall[j] for j in order),
        c.provenance(spec.method_provenance, spec.method_provenance_note, at, "method_provenance"),
        tuple(
            c.provenance(
                spec.overall[j].provenance, spec.overall[j].provenance_note, (*at, "overall", j)
            )
            for j in order
        ),
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
