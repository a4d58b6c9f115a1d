"""What text aow-rules accepts (docs/cases.md, "Text"), and UTF-8 decoding with a location.

- Ids (a case's ``case_id`` and ``assessor``) are printable text: no control, format
  (bidirectional overrides, zero-width characters), surrogate, private-use or unassigned
  character, and no space but the plain one. They are normalised to NFC, so that the same
  name typed on two systems is one id; other look-alikes (a Cyrillic a for a Latin a) are
  not detected.
- Text facts hold no lone surrogate, no bidirectional control and no control character but
  tab and newline.
- Free text (a note, evidence, the answer to an unscored question) keeps every character but
  lone surrogates and NUL, which no UTF-8 output or database can hold: each becomes U+FFFD.
  Every renderer escapes what it shows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..errors import Code, Problem

__all__ = [
    "decode_utf8",
    "fact_text_problem",
    "free_text",
    "id_problem",
    "is_iso_date",
    "normal_id",
]

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BAD_FACT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_BIDI}]")
_BAD_FREE = re.compile("[\x00\ud800-\udfff]")


def _named(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, or None when it can (see the module's rules)."""
    if value.isprintable():
        return None
    at, char = next((i, c) for i, c in enumerate(value) if not c.isprintable())
    return (
        f"holds the character {_named(char)} at position {at + 1}, which an id may not hold "
        "(ids are printable text: no control, formatting or bidirectional character)"
    )


def normal_id(value: str) -> str:
    """``value`` in NFC (an id that passed `id_problem`)."""
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def fact_text_problem(value: str) -> str | None:
    """Why ``value`` cannot be a text fact, or None when it can."""
    bad = _BAD_FACT.search(value)
    if bad is None:
        return None
    return (
        f"holds the character {_named(bad.group())} at position {bad.start() + 1}; a fact may "
        "hold tab and newline but no other control or bidirectional character"
    )


def free_text(value: str) -> str:
    """``value`` with each lone surrogate and NUL replaced by U+FFFD."""
    if _BAD_FREE.search(value) is None:
        return value
    return _BAD_FREE.sub("\ufffd", value)


def has_bad_free_text(value: str) -> bool:
    """True when `free_text` would change ``value``."""
    return _BAD_FREE.search(value) is not None


def decode_utf8(raw: bytes, source: str, line_offset: int = 0) -> str | Problem:
    """``raw`` as text, or the problem naming the first byte that is not UTF-8 (its line and
    column; ``line_offset`` lines come before ``raw`` in its file)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.end].hex(" ")
        return Problem(
            Code.INVALID_UTF8,
            f"byte(s) {bad} are not UTF-8 text",
            source,
            f"{line + line_offset}:{column}",
            "save the file as UTF-8",
        )


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_iso_date(text: str) -> bool:
    """``text`` is a calendar date written YYYY-MM-DD: not an ISO week date such as
    ``2013-W45-1``, nor ``20131105``, both of which `date.fromisoformat` also reads."""
    if _ISO_DATE.fullmatch(text) is None:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
