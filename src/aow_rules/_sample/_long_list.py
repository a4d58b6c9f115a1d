"""Reading a provider's long list: CSV bytes in; each row's checked values, or its problems.

Read through the strict CSV reader (`_strict._csv`): UTF-8, commas, RFC 4180 quoting, a
header naming the columns of `COLUMNS` (any order; the optional ones may be left out). A bad
row is rejected with every problem it has, named by its line and column; the good rows are
kept. A header that cannot be read stops the whole file: no row can be read safely without it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .._criteria._sampling import COLUMNS, Column
from .._strict._csv import csv_rows, unsafe_cell
from .._strict._limits import MAX_LONG_LIST_ROWS
from .._strict._text import fact_text_problem, id_problem, is_iso_date, normal_id
from ..errors import CaseError, Code, Problem, did_you_mean

__all__ = ["MAX_ID", "ListRow", "read_long_list"]

MAX_ID = 64
"""Characters in a case reference, officer or LDU."""
_MAX_NOTE = 1_000
_PNC = re.compile(r"[0-9]{4}/[0-9]{7}[A-Z]")
_CRN = re.compile(r"[A-Z][0-9]{6}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BY_NAME = {c.name: c for c in COLUMNS}


@dataclass(frozen=True, slots=True)
class ListRow:
    """One good row of a long list."""

    line: int
    """The line of the file it starts on."""
    values: Mapping[str, object]
    """Column -> value: text, or a tuple of text for ``offence_type``; a blank ``pnc``,
    ``crn`` or ``note`` is absent; a blank ``status`` is ``current``."""

    @property
    def case_ref(self) -> str:
        return str(self.values["case_ref"])

    @property
    def officer(self) -> str:
        return str(self.values["officer"])


def _header(cells: Sequence[str], file: str, line: int) -> list[Column | None]:
    problems: list[Problem] = []
    columns: list[Column | None] = []
    seen: dict[str, int] = {}
    for number, name in enumerate(cells, start=1):
        column = _BY_NAME.get(name)
        where = f"{line}:{number}"
        if name in seen:
            problems.append(
                Problem(
                    Code.CASE_DUPLICATE_KEY,
                    f"column {name!r} appears twice (first as column {seen[name]})",
                    file,
                    where,
                    "each column may appear once",
                )
            )
        elif column is None and name:
            problems.append(
                Problem(
                    Code.UNKNOWN_KEY,
                    f"unknown column {name!r}: a long list has the columns "
                    + ", ".join(c.name for c in COLUMNS),
                    file,
                    where,
                    did_you_mean(name.strip().casefold(), _BY_NAME),
                )
            )
        seen.setdefault(name, number)
        columns.append(column)
    for column in COLUMNS:
        if column.required and column.name not in seen:
            problems.append(
                Problem(
                    Code.MISSING_KEY,
                    f"no column {column.name!r} ({column.title})",
                    file,
                    str(line),
                    "the first row is a header naming the columns (docs/sampling.md)",
                )
            )
    if problems:
        raise CaseError(problems)
    return columns


def _date(cell: str) -> str | None:
    if not _DATE.fullmatch(cell):
        return "expected a date YYYY-MM-DD"
    if not is_iso_date(cell):
        return "not a date in the calendar"
    return None


def _cell(column: Column, cell: str) -> tuple[object, str | None, str | None]:
    """The value of a cell that is not empty, or a message and a hint."""
    kind = column.kind
    if kind == "id":
        bad = id_problem(cell)
        if bad is None and len(cell) > MAX_ID:
            bad = f"is {len(cell)} characters long; at most {MAX_ID}"
        return normal_id(cell), bad, None
    if kind == "pnc":
        if _PNC.fullmatch(cell):
            return cell, None, None
        upper = cell.strip().upper()
        hint = f"write {upper!r}" if _PNC.fullmatch(upper) else None
        return cell, "expected a PNC number YYYY/NNNNNNNL (e.g. 2009/0123456X)", hint
    if kind == "crn":
        if _CRN.fullmatch(cell):
            return cell, None, None
        upper = cell.strip().upper()
        hint = f"write {upper!r}" if _CRN.fullmatch(upper) else None
        return cell, "expected a CRN: a capital letter and six digits (e.g. X123456)", hint
    if kind == "choice":
        assert column.options is not None
        if cell in column.options:
            return cell, None, None
        return (
            cell,
            f"expected one of {', '.join(column.options)}",
            did_you_mean(cell, column.options),
        )
    if kind == "set":
        assert column.options is not None
        items = cell.split(";")
        for item in items:
            if item not in column.options:
                return (
                    cell,
                    f"{item!r} is not an offence type: expected some of "
                    f"{', '.join(column.options)}, separated by ;",
                    did_you_mean(item, column.options),
                )
        if len(set(items)) < len(items):
            return cell, "an offence type is listed twice", None
        return tuple(items), None, None
    if kind == "date":
        return cell, _date(cell), None
    bad = fact_text_problem(cell)
    if bad is None and len(cell) > _MAX_NOTE:
        bad = f"is {len(cell)} characters long; at most {_MAX_NOTE}"
    return cell, bad, None


def _row(
    cells: Sequence[str], columns: Sequence[Column | None], file: str, line: int
) -> ListRow | tuple[Problem, ...]:
    source = f"{file}:{line}"
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for number, written in enumerate(cells, start=1):
        column = columns[number - 1] if number <= len(columns) else None
        if column is None:
            if written:
                problems.append(
                    Problem(
                        Code.UNKNOWN_KEY,
                        f"cell {number} has no column in the header, but holds {written!r}",
                        source,
                        f"cell {number}",
                        "name the column in the header, or empty the cell",
                    )
                )
            continue
        if written == "":
            continue
        cell = unsafe_cell(written)
        value, message, hint = _cell(column, cell)
        if message is not None:
            problems.append(
                Problem(
                    Code.INVALID_VALUE,
                    f"{column.name} {cell!r}: {message}",
                    source,
                    column.name,
                    hint,
                )
            )
        values[column.name] = value
    for column in COLUMNS:
        if (
            not column.blank
            and column.name not in values
            and not any(p.location == column.name for p in problems)
        ):
            problems.append(
                Problem(
                    Code.MISSING_KEY,
                    f"{column.name} is empty ({column.title})",
                    source,
                    column.name,
                )
            )
    if "pnc" not in values and "crn" not in values:
        problems.append(
            Problem(
                Code.MISSING_KEY,
                "neither pnc nor crn is given: a case needs one to be told apart from a duplicate",
                source,
                "pnc",
            )
        )
    if problems:
        return tuple(problems)
    values.setdefault("status", "current")
    return ListRow(line, MappingProxyType(values))


def read_long_list(raw: bytes | str, file: str) -> list[tuple[int, ListRow | tuple[Problem, ...]]]:
    """Each data row of a long list: its line and its `ListRow`, or its problems.

    Raises `CaseError` when the file is empty, its header cannot be read or is wrong (an
    unknown or repeated column, a required column missing), or it holds more than
    `MAX_LONG_LIST_ROWS` rows.
    """
    rows = csv_rows(raw, file, long_cell_hint=f"a note may be at most {_MAX_NOTE:,} characters")
    if not rows:
        raise CaseError(
            [
                Problem(
                    Code.MISSING_KEY,
                    "the file is empty: a header row naming the columns is required",
                    file,
                    suggestion="start with the row " + ",".join(c.name for c in COLUMNS),
                )
            ]
        )
    if len(rows) - 1 > MAX_LONG_LIST_ROWS:
        raise CaseError(
            [
                Problem(
                    Code.TOO_MANY_ROWS,
                    f"the long list has {len(rows) - 1:,} rows; at most "
                    f"{MAX_LONG_LIST_ROWS:,} are read",
                    file,
                    suggestion="send one area's caseload per list",
                )
            ]
        )
    line, head = rows[0]
    if isinstance(head, Problem):
        raise CaseError([head])
    columns = _header(head, file, line)
    return [
        (n, (cells,) if isinstance(cells, Problem) else _row(cells, columns, file, n))
        for n, cells in rows[1:]
    ]
