"""A sample report (``aow-report/1`` data) as CSV tables, for spreadsheets and data tools.

``scores`` is the main table in long form: one row per group for the whole sample
(``breakdown`` empty) and per group per breakdown value. The other tables list questions,
cases, ratings and rejected cases (docs/reports.md lists every column).

Every cell is a scalar: a number, ``true`` / ``false``, text, or empty for null. A set fact's
options are joined with ``;`` (``(none)`` for none), as in a CSV sample; a case's group score
is a decimal. A cell a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or CR) gets a leading apostrophe (`safe_cell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from .._cases._csv import EMPTY_SET, SET_SEPARATOR, safe_cell

__all__ = ["TABLES", "report_csv"]

KINDS = (("outcomes", "outcome"), ("stages", "stage"), ("criteria_groups", "criterion"))


def _text(rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(_cell(v)) for v in row])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):  # a set fact, as a CSV sample writes it
        return SET_SEPARATOR.join(map(_cell, value)) if value else EMPTY_SET
    if isinstance(value, dict):  # never written as Python's repr: a bug to fix, not to hide
        raise TypeError("a CSV cell must be a scalar")
    return str(value)


def _case_score(cell: dict[str, Any] | None) -> float | None:
    """A case's score in a group, as a decimal: a fraction such as 4/5 is a date to a
    spreadsheet."""
    if cell is None or cell.get("fraction") is None:
        return None
    return float(Fraction(cell["fraction"]))


def _scores(data: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            "breakdown",
            "value",
            "kind",
            "id",
            "title",
            "cases",
            "yes",
            "counted",
            "score",
            "fraction",
            "percent",
            "band",
            "reference_lowest",
            "reference_average",
            "reference_highest",
        ]
    ]
    for section, kind in KINDS:
        for gid, g in data[section].items():
            r = g["reference"] or {}
            rows.append(
                [
                    "",
                    "",
                    kind,
                    gid,
                    g["title"],
                    g["cases"],
                    g["yes"],
                    g["counted"],
                    g["score"],
                    g["fraction"],
                    g["percent"],
                    g["band"],
                    r.get("lowest"),
                    r.get("average"),
                    r.get("highest"),
                ]
            )
    for b in data["breakdowns"]:
        for v in b["values"]:
            value = "(not recorded)" if v["value"] is None else v["value"]
            for section, kind in KINDS:
                for gid, c in v[section].items():
                    title = data[section][gid]["title"]
                    rows.append(
                        [
                            b["by"],
                            value,
                            kind,
                            gid,
                            title,
                            c["cases"],
                            c["yes"],
                            c["counted"],
                            c["score"],
                            c["fraction"],
                            c["percent"],
                            None,
                            None,
                            None,
                            None,
                        ]
                    )
    return rows


def _questions(data: dict[str, Any]) -> list[list[Any]]:
    statuses = ["counted", "answered_na", "not_applicable", "unanswered", "condition_error"]
    rows: list[list[Any]] = [
        ["question", "criterion", "key", "scored", "yes", "score", "fraction", "percent", *statuses]
    ]
    for qid, q in data["questions"].items():
        rows.append(
            [
                qid,
                q["criterion"],
                q["key"],
                q["scored"],
                q["yes"],
                q["score"],
                q["fraction"],
                q["percent"],
                *(q["statuses"].get(s, 0) for s in statuses),
            ]
        )
    return rows


def _cases(data: dict[str, Any]) -> list[list[Any]]:
    groups = [(s, gid) for s, _ in KINDS for gid in data[s]]
    facts = list(data["cases"][0]["facts"]) if data["cases"] else []
    rows: list[list[Any]] = [
        ["case_id", "assessor", *facts, "errors", "warnings", *(g for _, g in groups)]
    ]
    for c in data["cases"]:
        rows.append(
            [
                c["case_id"],
                c["assessor"],
                *(c["facts"].get(f) for f in facts),
                c["findings"]["errors"],
                c["findings"]["warnings"],
                *(_case_score(c[s][gid]) for s, gid in groups),
            ]
        )
    return rows


def _ratings(data: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            *("standard", "key_question", "rated_by", "score", "fraction", "cases", "rating"),
            *("points", "computed", "override", "reason"),
        ]
    ]
    r = data["ratings"]
    if r is None:
        return rows
    for s in r["standards"]:
        over = s["override"] or s["recorded"] or {}
        rows.append(
            [
                s["id"],
                None,
                s["rated_by"],
                None,
                None,
                None,
                s["rating"],
                s["points"],
                s["computed"],
                (s["override"] or {}).get("rating"),
                over.get("reason") or s["unrated_reason"],
            ]
        )
        for k in s["key_questions"]:
            rows.append(
                [
                    s["id"],
                    k["id"],
                    None,
                    k["score"],
                    k["fraction"],
                    k["cases"],
                    k["rating"],
                    None,
                    None,
                    None,
                    None,
                ]
            )
    o = r["overall"]
    if o is not None:
        reason = (o["override"] or {}).get("reason")
        if o["rating"] is None:
            reason = "not rated: " + ", ".join(o["unrated"])
        rows.append(
            [
                "overall",
                None,
                None,
                None,
                None,
                None,
                o["rating"],
                o["points"],
                o["computed"],
                (o["override"] or {}).get("rating"),
                reason,
            ]
        )
    return rows


def _rejected(data: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [["source", "code", "location", "message", "suggestion"]]
    for r in data["rejected"]:
        for p in r["problems"]:
            rows.append([r["source"], p["code"], p["location"], p["message"], p["suggestion"]])
    return rows


def _counts(
    data: dict[str, Any], part: str, names: list[str], words: tuple[str, str]
) -> list[list[Any]]:
    # Long form, as `scores`: the whole sample (breakdown empty), then each breakdown value.
    head = "who" if part == "interviews" else "event"
    columns = ["breakdown", "value", head, "cases", *words, "not_recorded", "share"]
    rows: list[list[Any]] = [[*columns, "fraction", "percent"]]
    table = data.get(part)
    if table is None:
        return rows
    whole = table if part == "interviews" else table["totals"]
    cells = [("", "", table["cases"], whole)]
    for b in table["breakdowns"]:
        for v in b["values"]:
            value = "(not recorded)" if v["value"] is None else v["value"]
            cells.append((b["by"], value, v["cases"], v))
    for by, value, cases, counts in cells:
        for name in names:
            c = counts[name]
            counted = [c[words[0]], c[words[1]], c["not_recorded"]]
            rows.append([by, value, name, cases, *counted, c["share"], c["fraction"], c["percent"]])
    return rows


def _interviews(data: dict[str, Any]) -> list[list[Any]]:
    return _counts(data, "interviews", ["officer", "offender"], ("interviewed", "not_interviewed"))


def _reoffending(data: dict[str, Any]) -> list[list[Any]]:
    events = [e["fact"] for e in (data.get("reoffending") or {}).get("events", [])]
    return _counts(data, "reoffending", events, ("yes", "no"))


TABLES = {
    "scores": _scores,
    "questions": _questions,
    "cases": _cases,
    "ratings": _ratings,
    "rejected": _rejected,
    "interviews": _interviews,
    "reoffending": _reoffending,
}


def report_csv(data: dict[str, Any], table: str = "scores") -> str:
    """One table of the report as CSV text (``scores`` unless told otherwise)."""
    return _text(TABLES[table](data))
