"""Strict reading of a CSV file into rows, each with the line it starts on or its problem.

The file is UTF-8 (a leading byte-order mark, as Excel writes, is dropped), separated by
commas only and quoted the standard way (RFC 4180). A row that holds a line that is not UTF-8,
a quoted cell never closed, or more than `MAX_BYTES` of text becomes a `Problem` naming its
line; every other row is kept. Rows whose cells are all empty are skipped. What the cells mean
is the caller's: a CSV sample of cases (`_cases`) and a provider's long list (`_sample`).
"""

from __future__ import annotations

import csv
import io

from ..errors import Code, Problem
from ._json import too_large
from ._limits import MAX_BYTES
from ._lines import csv_text

__all__ = ["Row", "csv_rows", "unsafe_cell"]

Row = tuple[int, list[str] | Problem]
"""The line a row starts on, and its cells or the problem that stops it being read."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or, for tab and CR, hide a character
that could start one)."""


def unsafe_cell(cell: str) -> str:
    """A cell less the apostrophe a spreadsheet-safe writer put before ``=``, ``+``, ``-``,
    ``@``, tab, CR or another apostrophe (the cell itself otherwise)."""
    if cell[:1] == "'" and len(cell) > 1 and (cell[1] in FORMULA_STARTS or cell[1] == "'"):
        return cell[1:]
    return cell


def _syntax(exc: csv.Error, file: str, start: int, end: int, long_cell_hint: str) -> Problem:
    message = f"not valid CSV: {exc}"
    hint = None
    if "unexpected end of data" in str(exc):
        message = (
            f"a quoted cell opened on line {start} or later is never closed: lines "
            f"{start} to {end} could not be read"
        )
        hint = 'look for a stray double quote ("); a quote inside a quoted cell is written ""'
    elif "expected after" in str(exc):
        hint = 'a quote inside a quoted cell is written ""'
    elif "field larger than field limit" in str(exc):
        message = f"a cell is longer than {csv.field_size_limit():,} characters"
        hint = long_cell_hint
    return Problem(Code.CASE_CSV_SYNTAX, message, f"{file}:{start}", suggestion=hint)


def csv_rows(raw: bytes | str, file: str, *, long_cell_hint: str) -> list[Row]:
    """Each row of a CSV file that is not all empty (the header first), with the line it
    starts on (a quoted cell may span lines), or the problem of a row that cannot be read.

    ``raw`` is the file's bytes (decoded a line at a time: only the rows holding a line that
    is not UTF-8 are lost) or its text. ``long_cell_hint`` is the suggestion given when a cell
    passes the csv module's own limit (the longest cell the caller reads).
    """
    text, bad = csv_text(raw, file) if isinstance(raw, bytes) else (raw, {})
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    end = 0
    while True:
        start = end + 1  # reader.line_num is the line a row ends on: quoted cells span lines
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            rows.append((start, _syntax(exc, file, start, end, long_cell_hint)))
            continue
        end = reader.line_num
        if any(cells):
            broken = [bad[n] for n in range(start, end + 1) if n in bad] if bad else []
            size = sum(map(len, cells))
            if broken:
                rows.append((start, broken[0]))
            elif size > MAX_BYTES:
                rows.append((start, too_large(size, f"{file}:{start}", "the row")))
            else:
                rows.append((start, cells))
    return rows
