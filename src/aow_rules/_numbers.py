"""How exact numbers appear in JSON output, and the JSON text itself, in one place for every
report."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Literal

import orjson

__all__ = ["PercentMode", "fraction_text", "json_number", "json_text", "percent_text"]

PercentMode = Literal["half_up", "half_even", "down"]


def json_number(value: Fraction) -> int | float:
    """An integer when whole, else the nearest float (the exact value goes beside it)."""
    return value.numerator if value.denominator == 1 else float(value)


def fraction_text(value: Fraction | None) -> str | None:
    """``"p/q"`` (always with the denominator), or None."""
    return None if value is None else f"{value.numerator}/{value.denominator}"


def percent_text(
    value: Fraction | None, places: int = 0, mode: PercentMode = "half_up"
) -> str | None:
    """A percentage for people to read, to ``places`` decimals rounded by ``mode`` (exactly,
    from the fraction, as `decimal` would round it): ``"75%"``, ``"64.7%"``; None stays None.

    Which places and mode a report uses is the criteria's `Display` (see `_criteria._bands`),
    chosen so that a shown value never crosses a band edge the score did not."""
    if value is None:
        return None
    # Integer arithmetic: exact, and several times faster than a Decimal context per value.
    whole, rest = divmod(abs(value.numerator) * 100 * 10**places, value.denominator)
    twice = 2 * rest
    if mode == "half_up":
        whole += twice >= value.denominator and rest != 0
    elif mode == "half_even":
        whole += twice > value.denominator or (twice == value.denominator and whole % 2 == 1)
    digits = str(whole).rjust(places + 1, "0")
    text = f"{digits[:-places]}.{digits[-places:]}" if places else digits
    return f"{'-' if value < 0 else ''}{text}%"


# orjson writes every float as Python's repr does (the shortest text that reads back as the
# same float, the same on every platform) except below 1e-4, where repr switches to an
# exponent with two digits ("5e-05") and orjson writes "0.00005" or "5e-9". Output holding such
# text (rare: a score of 1 in more than 10,000) is written by the standard library instead, so
# every float is spelled as it always was. The check may also match inside a string, which
# only costs the slower path. (A regular expression would read every byte in Python's regex
# engine: slower than writing the JSON.)
_DIGITS = frozenset(b"0123456789")
_INDENT_2 = orjson.OPT_INDENT_2


def _spelled_as_python(out: bytes) -> bool:
    """False when ``out`` may hold a float that orjson spells unlike ``json.dumps``."""
    if b"0.0000" in out:
        return False
    digits, end = _DIGITS, len(out)
    i = out.find(b"e-")
    while i > 0:
        one_digit = (
            i + 2 < end and out[i + 2] in digits and (i + 3 == end or out[i + 3] not in digits)
        )
        if one_digit and out[i - 1] in digits:
            return False
        i = out.find(b"e-", i + 2)
    return True


def json_text(data: Any, *, indent: int | None = None) -> str:
    """``data`` as JSON text: compact (no spaces) when ``indent`` is None or 0, else indented
    by that many spaces; non-ASCII as is; byte-identical for equal data on any platform.

    Written by orjson where it spells the text exactly as the standard library's
    ``json.dumps`` does (compact, or indented by 2), by the standard library otherwise
    (another indent, floats below 1e-4, integers beyond 64 bits, non-string keys, strings
    that are not valid Unicode). Every float aow-rules writes is an exact fraction's nearest
    float, never NaN or infinite (orjson would write those as null).
    """
    if not indent or indent == 2:
        try:
            out = orjson.dumps(data, option=_INDENT_2 if indent else 0)
        except TypeError:  # orjson.JSONEncodeError: a value only the standard library writes
            pass
        else:
            if _spelled_as_python(out):
                return out.decode()
    if not indent:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
