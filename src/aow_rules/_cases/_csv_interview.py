"""A case's interview record in a CSV sample: the columns ``interview:officer``,
``interview:offender`` (``true`` / ``false``, in any case) and ``interview:date``
(YYYY-MM-DD). The CSV reader and writer (`_csv`) call these; the record is then checked by
`parse_case`, as a JSON case's is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._model import INTERVIEW_KEYS

__all__ = [
    "INTERVIEW_COLUMNS",
    "INTERVIEW_KEYS",
    "INTERVIEW_PREFIX",
    "interview_cells",
    "interview_value",
]

INTERVIEW_PREFIX = "interview:"
INTERVIEW_COLUMNS = tuple(INTERVIEW_PREFIX + k for k in INTERVIEW_KEYS)
_TRUE, _FALSE = frozenset({"yes", "y", "1", "t", "true"}), frozenset({"no", "n", "0", "f", "false"})


def interview_value(key: str, cell: str) -> tuple[object, str | None, str | None]:
    """An interview cell's JSON value; or the cell itself, a message and a hint when it
    cannot become a boolean (`parse_case` then rejects it at the same path)."""
    if key == "date":
        return cell, None, None
    folded = cell.casefold()
    if folded in ("true", "false"):
        return folded == "true", None, None
    word = folded.strip()
    hint = "only true or false (in any case) are accepted"
    if word in _TRUE or word in _FALSE:
        hint = f"write {'true' if word in _TRUE else 'false'}: {hint}"
    return cell, f"column {INTERVIEW_PREFIX}{key}: expected true or false, got {cell!r}", hint


def interview_cells(case: Mapping[str, Any]) -> list[str]:
    """The interview cells of a case dict (empty: no record); `ValueError` for a record a
    CSV cannot carry faithfully."""
    record = case.get("interview")
    if record is None:
        return [""] * len(INTERVIEW_KEYS)
    if not isinstance(record, Mapping):
        raise ValueError(f"interview is {type(record).__name__}, not an object")
    unknown = set(record) - set(INTERVIEW_KEYS)
    if unknown:
        raise ValueError(f"unknown interview key {sorted(unknown)[0]!r}")
    cells = []
    for key in INTERVIEW_KEYS:
        value = record.get(key)
        if key == "date":
            if value is not None and (not isinstance(value, str) or value == ""):
                raise ValueError("the interview date is not a non-empty string")
            cells.append(value or "")
        elif not isinstance(value, bool):
            raise ValueError(f"interview {key} is {type(value).__name__}, not a boolean")
        else:
            cells.append("true" if value else "false")
    return cells
