"""How exact numbers appear in JSON output, in one place for every report."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = ["fraction_text", "json_number", "percent_text"]


def json_number(value: Fraction) -> int | float:
    """An integer when whole, else the nearest float (the exact value goes beside it)."""
    return value.numerator if value.denominator == 1 else float(value)


def fraction_text(value: Fraction | None) -> str | None:
    """``"p/q"`` (always with the denominator), or None."""
    return None if value is None else f"{value.numerator}/{value.denominator}"


def percent_text(value: Fraction | None) -> str | None:
    """A whole percentage for people to read, rounded half up: ``"75%"``; None stays None."""
    if value is None:
        return None
    percent = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return f"{percent.quantize(Decimal(1), ROUND_HALF_UP)}%"
