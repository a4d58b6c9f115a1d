"""Banding a score exactly: optional declared rounding, then inclusive lower bounds; and the
percentage shown beside it, which never crosses a band edge the score did not."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Protocol, TypeVar

from .._numbers import percent_text
from ._model import GroupKind, Rounding, Scoring

__all__ = ["band_of", "group_percent", "rating_percent", "rounded"]

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


class _Level(Protocol):
    @property
    def min(self) -> Fraction: ...


L = TypeVar("L", bound=_Level)


def rounded(score: Fraction, rounding: Rounding | None) -> Fraction:
    """``score`` rounded to ``rounding.places`` decimals of a percentage (exactly), or as is."""
    if rounding is None:
        return score
    with localcontext() as ctx:
        # Enough digits that the division is exact up to the rounding place for any score.
        ctx.prec = 60
        percent = Decimal(score.numerator) * 100 / Decimal(score.denominator)
        step = Decimal(1).scaleb(-rounding.places)
        return Fraction(percent.quantize(step, _MODES[rounding.mode])) / 100


def band_of(score: Fraction, levels: Sequence[L], rounding: Rounding | None) -> L | None:
    """The first level (highest lower bound first) whose ``min`` the rounded score reaches."""
    value = rounded(score, rounding)
    for level in levels:
        if value >= level.min:
            return level
    return None


def group_percent(scoring: Scoring, kind: GroupKind | None, score: Fraction | None) -> str | None:
    """The percentage shown for a score of a group of ``kind`` (None: a question, or a case
    score shown without its band). Where the group is banded after a declared rounding, the
    value shown is the rounded one, which the band was given on; otherwise the criteria's
    display, which `_scoring` checked cannot cross an edge of exact bands."""
    rounding = scoring.rounding if kind in scoring.banded and scoring.bands else None
    return _shown(scoring, score, rounding)


def rating_percent(scoring: Scoring, score: Fraction | None) -> str | None:
    """The percentage shown for a key question's score beside its rating."""
    return _shown(scoring, score, None if scoring.ratings is None else scoring.ratings.rounding)


def _shown(scoring: Scoring, score: Fraction | None, rounding: Rounding | None) -> str | None:
    if rounding is not None:
        return percent_text(score, rounding.places, rounding.mode)
    return percent_text(score, scoring.display.places, scoring.display.mode)
