"""Cases as CSV: one row per case, one column per fact and question, as assessors keep them.

The file is UTF-8 (a leading byte-order mark, as Excel writes, is accepted), separated by
commas only, quoted the standard way (RFC 4180: ``"`` around a cell, ``""`` inside one), and
its first row is a header naming the columns:

- ``case_id`` (required); ``assessor``, ``note`` and ``criteria`` (optional; a ``criteria``
  cell that holds a value must be the id of the criteria the sample is read against);
- one column per fact id and one per question id, in any order, any subset;
- ``evidence:<question id>`` for the evidence of an answer;
- ``interview:officer``, ``interview:offender`` (``true`` / ``false``) and ``interview:date``
  (YYYY-MM-DD) for the case's interview record: a row whose three cells are empty records
  none ("not recorded").

An empty cell means "not recorded": the value is absent, never null or the empty string.
Fact cells are read by the fact's declared type: ``true`` / ``false`` (in any case) for bool,
digits (with a leading ``-`` if negative) for int, options separated by ``;`` for a set
(``(none)`` for the empty set), text as written for choice, date and text. Answers and
evidence are text as written. Rows whose cells are all empty are skipped. A cell that starts
with an apostrophe followed by ``=``, ``+``, ``-``, ``@``, tab, CR or another apostrophe is
read without that apostrophe: it is how `write_csv` (and a careful spreadsheet user) keeps a
spreadsheet from reading the cell as a formula (see `safe_cell`).

Each row becomes the dict an ``aow-case/1`` JSON case would be and is checked by `parse_case`,
so its problems carry the same codes, JSON paths and messages as the JSON path's. A row's
source is ``file:line``, the line its first cell is on (a quoted cell may span lines).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

from .._criteria._model import Criteria, Fact
from .._strict._json import too_large
from .._strict._limits import MAX_BYTES, MAX_SUGGESTIONS
from .._strict._lines import csv_text
from ..errors import CaseError, Code, Problem, did_you_mean
from ._csv_interview import INTERVIEW_COLUMNS, INTERVIEW_PREFIX, interview_cells, interview_value
from ._parse import CASE_FORMAT, MAX_TEXT, Case, parse_case

__all__ = [
    "EMPTY_SET",
    "EVIDENCE_PREFIX",
    "INTERVIEW_COLUMNS",
    "SET_SEPARATOR",
    "read_csv_cases",
    "safe_cell",
    "unsafe_cell",
    "write_csv",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or, for tab and CR, hide a character
that could start one)."""
SET_SEPARATOR = ";"
EMPTY_SET = "(none)"
"""The cell of a set fact that holds no option: an empty cell means "not recorded"."""
EVIDENCE_PREFIX = "evidence:"
_FIXED = ("case_id", "assessor", "note", "criteria")
_INTEGER = re.compile(r"-?[0-9]+")
_TRUE, _FALSE = frozenset({"yes", "y", "1", "t"}), frozenset({"no", "n", "0", "f"})


@dataclass(frozen=True, slots=True)
class _Column:
    kind: str
    """``case_id``, ``assessor``, ``note``, ``criteria``, ``fact``, ``answer``, ``evidence``,
    ``interview``, or ``""`` for a column the header leaves unnamed."""
    key: str
    """The fact or question id (the name itself for the fixed columns)."""
    path: str
    """Where its value goes in the case's JSON."""


def safe_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet reads as a formula: with a leading apostrophe when it
    starts with ``=``, ``+``, ``-``, ``@``, tab or CR (negative numbers included), or with an
    apostrophe followed by one of those or by another apostrophe. `unsafe_cell` undoes it."""
    if text[:1] in FORMULA_STARTS or (
        text[:1] == "'" and len(text) > 1 and (text[1] in FORMULA_STARTS or text[1] == "'")
    ):
        return "'" + text
    return text


def unsafe_cell(cell: str) -> str:
    """The text `safe_cell` escaped as ``cell``: the cell itself, less the apostrophe it
    added."""
    if cell[:1] == "'" and len(cell) > 1 and (cell[1] in FORMULA_STARTS or cell[1] == "'"):
        return cell[1:]
    return cell


def _letter(number: int) -> str:
    """Spreadsheet column letters: 1 -> A, 27 -> AA."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _known(criteria: Criteria) -> tuple[dict[str, _Column], dict[str, list[str]]]:
    """Every column name this criteria allows, and the names that would mean two things."""
    known: dict[str, _Column] = {}
    meanings: dict[str, list[str]] = {}

    def add(name: str, column: _Column, what: str) -> None:
        meanings.setdefault(name, []).append(what)
        known.setdefault(name, column)

    for name in _FIXED:
        add(name, _Column(name, name, f"$.{name}"), f"the {name} column")
    for fid in criteria.facts:
        add(fid, _Column("fact", fid, f"$.facts.{fid}"), f"fact {fid}")
    for q in criteria.questions:
        add(q.id, _Column("answer", q.id, f'$.answers["{q.id}"]'), f"question {q.id}")
        evidence = _Column("evidence", q.id, f'$.evidence["{q.id}"]')
        add(EVIDENCE_PREFIX + q.id, evidence, f"evidence for {q.id}")
    for name in INTERVIEW_COLUMNS:
        key = name.removeprefix(INTERVIEW_PREFIX)
        add(name, _Column("interview", key, f"$.interview.{key}"), f"the interview's {key}")
    return known, {k: v for k, v in meanings.items() if len(v) > 1}


def _unknown_hint(
    name: str, known: Mapping[str, _Column], only_column: bool, nth: int
) -> str | None:
    if only_column:
        for sep, what in ((";", "semicolons"), ("\t", "tabs")):
            if sep in name:
                return (
                    f"the file looks separated by {what}; aow-rules reads comma-separated "
                    "files only (in Excel: save as 'CSV UTF-8 (comma delimited)')"
                )
    folded = [k for k in known if k.casefold() == name.strip().casefold()]
    if folded:
        return f"did you mean {folded[0]!r}? (column names are case-sensitive)"
    # Past a few dozen unknown columns, the file is not this criteria's: stop searching.
    return did_you_mean(name, known) if nth <= MAX_SUGGESTIONS else None


def _header(names: Sequence[str], criteria: Criteria, file: str, line: int) -> list[_Column]:
    known, ambiguous = _known(criteria)
    columns: list[_Column] = []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    unknown = 0

    def add(code: Code, number: int, message: str, suggestion: str | None = None) -> None:
        problems.append(Problem(code, message, file, f"{line}:{number}", suggestion))

    for number, name in enumerate(names, start=1):
        where = f"column {_letter(number)}"
        column = known.get(name)
        if name == "":
            column = _Column("", "", "$")
        elif name in first:
            add(
                Code.CASE_DUPLICATE_KEY,
                number,
                f"{where}: column {name!r} appears more than once "
                f"(first in column {_letter(first[name])})",
                "each column may appear once",
            )
        elif name in ambiguous:
            add(
                Code.INVALID_VALUE,
                number,
                f"{where}: column {name!r} is ambiguous in {criteria.id}: it could be "
                f"{' or '.join(ambiguous[name])}",
                "a CSV sample cannot carry it: write the cases as JSON",
            )
        elif column is None:
            unknown += 1
            add(
                Code.UNKNOWN_KEY,
                number,
                f"{where}: unknown column {name!r}: not case_id, assessor, note, criteria, a "
                f"fact or question of {criteria.id}, {EVIDENCE_PREFIX}<question id>, nor "
                f"{', '.join(INTERVIEW_COLUMNS)}",
                _unknown_hint(name, known, len(names) == 1, unknown),
            )
        first.setdefault(name, number)
        columns.append(column or _Column("", "", "$"))
    if "case_id" not in first:
        near = [n for n in first if n.strip().casefold() == "case_id"]
        near = near or [n for n in first if did_you_mean(n, ["case_id"])]
        problems.append(
            Problem(
                Code.MISSING_KEY,
                "no case_id column: the first row must be a header naming the columns "
                "(case_id, then facts and questions)",
                file,
                str(line),
                f"rename column {_letter(first[near[0]])} ({near[0]!r}) to case_id"
                if near
                else None,
            )
        )
    for fact in criteria.facts.values():
        if fact.required and fact.id not in first:
            problems.append(
                Problem(
                    Code.MISSING_KEY,
                    f"no column for required fact {fact.id!r} ({fact.title})",
                    file,
                    str(line),
                )
            )
    if problems:
        raise CaseError(problems)
    return columns


def _bool(fact: Fact, cell: str) -> tuple[object, str | None, str | None]:
    folded = cell.casefold()
    if folded in ("true", "false"):
        return folded == "true", None, None
    message = f"column {fact.id}: expected true or false, got {cell!r}"
    word = folded.strip()
    hint = "only true or false (in any case) are accepted"
    if word in ("true", "false"):
        hint = f"write {word} without spaces"
    elif word in _TRUE or word in _FALSE:
        hint = f"write {'true' if word in _TRUE else 'false'}: {hint}"
    return cell, message, hint


def _int(fact: Fact, cell: str) -> tuple[object, str | None, str | None]:
    if _INTEGER.fullmatch(cell):
        try:
            return int(cell), None, None
        except ValueError:  # more digits than Python converts
            return cell, f"column {fact.id}: the integer {cell[:20]}... is too long", None
    message = f"column {fact.id}: expected an integer, got {cell!r}"
    whole = re.fullmatch(r"\s*\+?(-?[0-9]+)(\.0*)?\s*", cell)
    return cell, message, f"did you mean {int(whole.group(1))}?" if whole else None


def _fact_value(fact: Fact, cell: str) -> tuple[object, str | None, str | None]:
    """The JSON value of a fact cell; or the cell itself, a message and a hint when the text
    cannot become the declared JSON type (`parse_case` then rejects it at the same path)."""
    if fact.type == "bool":
        return _bool(fact, cell)
    if fact.type == "int":
        return _int(fact, cell)
    if fact.type == "set":
        return ([] if cell == EMPTY_SET else cell.split(SET_SEPARATOR)), None, None
    return cell, None, None


def _row(
    cells: Sequence[str], columns: Sequence[_Column], criteria: Criteria, source: str
) -> Case | tuple[Problem, ...]:
    data: dict[str, Any] = {"format": CASE_FORMAT, "criteria": criteria.id}
    facts: dict[str, object] = {}
    answers: dict[str, str] = {}
    evidence: dict[str, str] = {}
    interview: dict[str, object] = {}
    unconverted: dict[str, tuple[str, str | None]] = {}
    stray: list[tuple[int, str]] = []
    for number, written in enumerate(cells, start=1):
        if written == "":
            continue
        cell = unsafe_cell(written) if written[0] == "'" else written
        column = columns[number - 1] if number <= len(columns) else None
        if column is None or not column.kind:
            stray.append((number, cell))
        elif column.kind == "fact":
            value, message, hint = _fact_value(criteria.facts[column.key], cell)
            facts[column.key] = value
            if message is not None:
                unconverted[column.path] = (message, hint)
        elif column.kind == "answer":
            answers[column.key] = cell
        elif column.kind == "evidence":
            evidence[column.key] = cell
        elif column.kind == "interview":
            value, message, hint = interview_value(column.key, cell)
            interview[column.key] = value
            if message is not None:
                unconverted[column.path] = (message, hint)
        else:
            data[column.kind] = cell
    data.update(facts=facts, answers=answers, evidence=evidence)
    if interview:
        data["interview"] = interview
    # Name the case as parse_case does, so every problem of the row has the same source.
    name = f"{source}: case {data['case_id']}" if "case_id" in data else source
    extra = [
        Problem(
            Code.UNKNOWN_KEY,
            f"column {_letter(number)} has no name in the header, but this row has {cell!r} there",
            name,
            "$",
            "name the column in the header, or empty the cell",
        )
        for number, cell in stray
    ]
    try:
        case = parse_case(data, criteria, source=source)
    except CaseError as exc:
        # A cell that could not become its JSON type fails parse_case at the same path with
        # a message about JSON types; the CSV message names the column and the cell instead.
        return tuple(
            replace(p, message=unconverted[p.location][0], suggestion=unconverted[p.location][1])
            if p.code == Code.WRONG_TYPE and p.location in unconverted
            else p
            for p in exc.problems
        ) + tuple(extra)
    return tuple(extra) if extra else case


def _syntax(exc: csv.Error, file: str, start: int, end: int) -> Problem:
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
        hint = f"a case's text may be at most {MAX_TEXT:,} characters long"
    return Problem(Code.CASE_CSV_SYNTAX, message, f"{file}:{start}", suggestion=hint)


def read_csv_cases(
    raw: bytes | str, file: str, criteria: Criteria
) -> list[tuple[str, Case | tuple[Problem, ...]]]:
    """Each row of a CSV sample: its source (``file:line``) and its `Case`, or its problems.

    ``raw`` is the file's bytes (UTF-8, decoded a line at a time: a row holding a line that
    is not UTF-8 is rejected, the others are read) or its text. Rows whose cells are all empty
    are skipped. Raises `CaseError` when the header is missing, not UTF-8 or wrong (an
    unknown, duplicate or ambiguous column, no ``case_id`` column, no column for a required
    fact): then no row can be read safely.
    """
    text, bad = csv_text(raw, file) if isinstance(raw, bytes) else (raw, {})
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str] | Problem]] = []
    end = 0
    while True:
        start = end + 1  # reader.line_num is the line a row ends on: quoted cells span lines
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            rows.append((start, _syntax(exc, file, start, end)))
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
    if not rows:
        raise CaseError(
            [
                Problem(
                    Code.MISSING_KEY,
                    "the file is empty: a header row naming the columns is required",
                    file,
                    suggestion="start with a row such as case_id,assessor,<fact ids>,"
                    "<question ids>",
                )
            ]
        )
    line, head = rows[0]
    if isinstance(head, Problem):
        raise CaseError([head])
    columns = _header(head, criteria, file, line)
    return [
        (
            f"{file}:{n}",
            (cells,)
            if isinstance(cells, Problem)
            else _row(cells, columns, criteria, f"{file}:{n}"),
        )
        for n, cells in rows[1:]
    ]


# Writing.


class _Unwritable(Exception):
    pass


def _text(value: object, what: str) -> str:
    """A string value as its cell; empty and non-string values cannot be written faithfully."""
    if not isinstance(value, str):
        raise _Unwritable(f"{what} is {type(value).__name__}, not a string")
    if value == "":
        raise _Unwritable(f"{what} is the empty string, which a CSV cannot tell from not recorded")
    return value


def _fact_cell(fact: Fact, value: object) -> str:
    what = f"fact {fact.id}"
    if fact.type == "bool":
        if not isinstance(value, bool):
            raise _Unwritable(f"{what} is {type(value).__name__}, not a boolean")
        return "true" if value else "false"
    if fact.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Unwritable(f"{what} is {type(value).__name__}, not an integer")
        return str(value)
    if fact.type == "set":
        if not isinstance(value, list | tuple):
            raise _Unwritable(f"{what} is {type(value).__name__}, not a list")
        items = [_text(v, f"an option of {what}") for v in value]
        if any(SET_SEPARATOR in v for v in items) or items == [EMPTY_SET]:
            raise _Unwritable(f"{what} holds an option that cannot be told apart in a cell")
        return SET_SEPARATOR.join(items) if items else EMPTY_SET
    return _text(value, what)


def _mapping(case: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = case.get(key, {})
    if not isinstance(value, Mapping):
        raise _Unwritable(f"{key} is {type(value).__name__}, not an object")
    return value


def _cells(
    case: Mapping[str, Any], criteria: Criteria, evidence_for: Sequence[str], interviews: bool
) -> list[str]:
    unknown = set(case) - {"format", *_FIXED, "facts", "answers", "evidence", "interview"}
    if unknown:
        raise _Unwritable(f"unknown key {sorted(unknown)[0]!r}")
    if case.get("format", CASE_FORMAT) != CASE_FORMAT:
        raise _Unwritable(f"format is {case['format']!r}, not {CASE_FORMAT!r}")
    if case.get("criteria", criteria.id) != criteria.id:
        raise _Unwritable(f"it is written for {case['criteria']!r}, not {criteria.id!r}")
    facts, answers, evidence = (_mapping(case, k) for k in ("facts", "answers", "evidence"))
    for key, values, known in (
        ("fact", facts, criteria.facts),
        ("question", answers, criteria.question_index),
        ("question", evidence, criteria.question_index),
    ):
        for k in values:
            if k not in known:
                raise _Unwritable(f"{k!r} is not a {key} of {criteria.id}")
    recorded = [f for f in criteria.facts.values() if f.derived is None]
    for k in facts:
        if criteria.facts[k].derived is not None:
            raise _Unwritable(f"fact {k!r} is derived when a case is read, not sent")
    row = [_text(case.get("case_id"), "case_id")]
    row += [_text(case[k], k) if k in case else "" for k in ("assessor", "note")]
    row += [_fact_cell(f, facts[f.id]) if f.id in facts else "" for f in recorded]
    row += [
        _text(answers[q.id], f"the answer to {q.id}") if q.id in answers else ""
        for q in criteria.questions
    ]
    row += [
        _text(evidence[qid], f"the evidence for {qid}") if qid in evidence else ""
        for qid in evidence_for
    ]
    if interviews:
        try:
            row += interview_cells(case)
        except ValueError as exc:
            raise _Unwritable(str(exc)) from None
    return row


def write_csv(
    cases: Sequence[Mapping[str, Any]],
    criteria: Criteria,
    path_or_stream: str | os.PathLike[str] | IO[str],
) -> None:
    """Write ``aow-case/1`` case dicts as a CSV sample that `read_sample` reads back.

    Columns: ``case_id``, ``assessor``, ``note``, every fact in declaration order, every
    question in order, then ``evidence:<question id>`` for each question that has evidence
    in some case, then the interview columns when some case records an interview. Bools are
    ``true`` / ``false``; set facts are joined with ``;`` in the order given, and the empty
    set is ``(none)``. Lines end with ``\\r\\n`` (RFC 4180;
    with ``\\n`` the csv module would leave a ``\\r`` inside a cell unquoted). A cell that
    a spreadsheet would read as a formula is written with a leading apostrophe (`safe_cell`),
    which `read_sample` removes. The output depends only on the arguments.

    Raises `ValueError`, writing nothing, for what a CSV cannot carry faithfully: a key,
    fact or question the criteria does not know, a case for another criteria, a value of the
    wrong JSON type, null, or an empty string (an empty cell means "not recorded").
    """
    ambiguous = _known(criteria)[1]
    if ambiguous:
        name, meanings = next(iter(ambiguous.items()))
        raise ValueError(
            f"{criteria.id} cannot be written as CSV: column {name!r} would be "
            f"{' or '.join(meanings)}"
        )
    with_evidence = {
        k
        for case in cases
        if isinstance(case, Mapping) and isinstance(case.get("evidence"), Mapping)
        for k in case["evidence"]
    }
    evidence_for = [q.id for q in criteria.questions if q.id in with_evidence]
    recorded = [f.id for f in criteria.facts.values() if f.derived is None]
    header = [*_FIXED[:3], *recorded, *(q.id for q in criteria.questions)]
    header += [EVIDENCE_PREFIX + qid for qid in evidence_for]
    # Only when some case records one: the CSV of a sample without interviews is unchanged.
    interviews = any(isinstance(c, Mapping) and "interview" in c for c in cases)
    if interviews:
        header += INTERVIEW_COLUMNS
    rows = [header]
    for n, case in enumerate(cases, start=1):
        if not isinstance(case, Mapping):
            raise ValueError(f"case {n} is {type(case).__name__}, not a mapping")
        try:
            rows.append(
                [safe_cell(cell) for cell in _cells(case, criteria, evidence_for, interviews)]
            )
        except _Unwritable as exc:
            cid = case.get("case_id")
            named = f" ({cid!r})" if isinstance(cid, str) else ""
            raise ValueError(f"case {n}{named}: {exc}") from None
    if isinstance(path_or_stream, str | os.PathLike):
        with open(path_or_stream, "w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\r\n").writerows(rows)
    else:
        csv.writer(path_or_stream, lineterminator="\r\n").writerows(rows)
