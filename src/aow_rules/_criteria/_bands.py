"""Banding a score exactly: optional declared rounding, then inclusive lower bounds."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Protocol, TypeVar

from ._model import Rounding

__all__ = ["band_of", "rounded"]

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
