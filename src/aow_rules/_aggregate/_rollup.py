"""Ratings declared by a criteria file: key question -> standard -> overall (the 2018 model).

A key question's sample score (by the ratings' method) takes the rating whose inclusive lower
bound it reaches, after the declared rounding (none unless declared). A standard rated by its
lowest key question takes the rating of its lowest-scoring applicable key question; other
standards are rated by a panel and their ratings are recorded with the report. Each rating
carries points; the overall rating is the band of the points total of all standards. A
recorded override replaces a computed rating, and the report shows both with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .._criteria._bands import band_of, rounded
from .._criteria._model import Group, RatingLevel, Ratings, Standard
from ._aggregate import Aggregate, GroupTotals

__all__ = ["KeyQuestionRating", "Overall", "RatingsResult", "Recorded", "StandardRating", "rate"]


@dataclass(frozen=True, slots=True)
class Recorded:
    """A rating given by people rather than computed: a panel's rating, or an override."""

    rating: str
    reason: str


@dataclass(frozen=True, slots=True)
class KeyQuestionRating:
    group: Group
    totals: GroupTotals
    score: Fraction | None
    """The sample score by the ratings' method; None when no case was applicable."""
    rounded: Fraction | None
    """The score as banded (after the declared rounding)."""
    level: RatingLevel | None


@dataclass(frozen=True, slots=True)
class StandardRating:
    standard: Standard
    key_questions: tuple[KeyQuestionRating, ...]
    computed: RatingLevel | None
    """The rating from the sample (lowest key question), or the recorded panel rating."""
    lowest: Group | None
    """The key question that set the computed rating."""
    recorded: Recorded | None
    """The panel's rating, for a standard rated by people."""
    override: Recorded | None
    final: RatingLevel | None
    why_unrated: str | None


@dataclass(frozen=True, slots=True)
class Overall:
    points: int | None
    """Points total of every standard's final rating; None unless every standard is rated."""
    max_points: int
    computed: str | None
    override: Recorded | None
    final: str | None
    unrated: tuple[str, ...]
    """Standards without a rating (so no points total)."""


@dataclass(frozen=True, slots=True)
class RatingsResult:
    ratings: Ratings
    standards: tuple[StandardRating, ...]
    overall: Overall | None
    """None when the criteria declare no overall bands."""


def _level(ratings: Ratings, label: str) -> RatingLevel:
    for level in ratings.levels:
        if level.label == label:
            return level
    raise KeyError(label)  # recorded ratings are checked against the levels when read


def _key_question(ratings: Ratings, agg: Aggregate, group: Group) -> KeyQuestionRating:
    totals = agg.totals(group)
    score = totals.by(ratings.method, ratings.threshold)
    if score is None:
        return KeyQuestionRating(group, totals, None, None, None)
    level = band_of(score, ratings.levels, ratings.rounding)
    return KeyQuestionRating(group, totals, score, rounded(score, ratings.rounding), level)


def _standard(
    ratings: Ratings,
    agg: Aggregate,
    standard: Standard,
    recorded: Mapping[str, Recorded],
    overrides: Mapping[str, Recorded],
) -> StandardRating:
    kqs = tuple(_key_question(ratings, agg, g) for g in standard.key_questions)
    computed: RatingLevel | None = None
    lowest: Group | None = None
    panel = recorded.get(standard.id)
    why: str | None = None
    if standard.rated_by == "recorded":
        if panel is None:
            why = "rated by the inspection panel; no rating was recorded for it"
        else:
            computed = _level(ratings, panel.rating)
    else:
        scored = [k for k in kqs if k.score is not None]
        if scored:
            # The lowest score; on a tie the key question declared first.
            low = min(scored, key=lambda k: k.score or 0)
            computed, lowest = low.level, low.group
        else:
            why = "no case in the sample was applicable to any of its key questions"
    override = overrides.get(standard.id)
    final = _level(ratings, override.rating) if override is not None else computed
    if final is not None:
        why = None
    return StandardRating(standard, kqs, computed, lowest, panel, override, final, why)


def rate(
    ratings: Ratings,
    agg: Aggregate,
    recorded: Mapping[str, Recorded] | None = None,
    overrides: Mapping[str, Recorded] | None = None,
    overall_override: Recorded | None = None,
) -> RatingsResult:
    """Every standard's rating over the sample in ``agg``, and the overall rating."""
    standards = tuple(
        _standard(ratings, agg, s, recorded or {}, overrides or {}) for s in ratings.standards
    )
    if not ratings.overall:
        return RatingsResult(ratings, standards, None)
    unrated = tuple(s.standard.id for s in standards if s.final is None)
    points = None if unrated else sum(s.final.points for s in standards if s.final is not None)
    computed = None
    if points is not None:
        computed = next(label for label, low in ratings.overall if points >= low)
    final = overall_override.rating if overall_override is not None else computed
    overall = Overall(points, ratings.max_points, computed, overall_override, final, unrated)
    return RatingsResult(ratings, standards, overall)
