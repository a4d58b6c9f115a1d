"""The report page's cases as compact data: one JSON document, embedded in the page in a
``<script type="application/json">`` and read by the page's script, which lists the cases a
page at a time and renders a case's explanation when it is opened.

The size grows with the cases but stays small: what repeats is said once. Each question's
distinct explanation entries (status, answer, credit, the deciding condition and the values it
read) form a table, and a case holds, per question, one code into that question's table; the
same for findings, assessors and breakdown values. Codes are characters of `ALPHABET`, a
fixed width per table (``width``), so a case of 80 questions costs about 80 bytes for its
explanation. The same report gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._numbers import json_text

__all__ = ["ALPHABET", "case_data", "script_json"]

# Printable ASCII that JSON writes as itself and that cannot end a <script> element or open
# a comment in it ("<", ">", "&" and the backslash are left out).
ALPHABET = "".join(chr(c) for c in range(0x23, 0x7F) if chr(c) not in "<>&\\")


class _Codes:
    """Distinct values, each given the next index, in first-seen order."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[Any] = []

    def code(self, key: str, value: Any) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.values)
            self.values.append(value)
        return found


def _width(n: int) -> int:
    width, room = 1, len(ALPHABET)
    while n > room:
        width, room = width + 1, room * len(ALPHABET)
    return width


def _encode(indexes: Sequence[int], width: int) -> str:
    base = len(ALPHABET)
    out = []
    for index in indexes:
        digits, rest = [], index
        for _ in range(width):
            rest, d = divmod(rest, base)
            digits.append(ALPHABET[d])
        out.append("".join(reversed(digits)))
    return "".join(out)


def _score(s: Mapping[str, Any] | None) -> str:
    """A case's group score: ``yes/counted`` (whole numbers: the fraction follows), else
    ``yes/counted=p/q``; empty when the group does not apply."""
    if s is None:
        return ""
    yes, counted = s["yes"], s["counted"]
    if isinstance(yes, int) and isinstance(counted, int):
        return f"{yes}/{counted}"
    return f"{yes}/{counted}={s['fraction']}"


def case_data(
    report: Mapping[str, Any],
    details: Sequence[Mapping[str, Any]],
    anchors: Mapping[str, str],
) -> dict[str, Any]:
    """The cases of ``report`` (``SampleReport.to_dict()``) and their explanations
    (``SampleReport.case_details()``, in the same order) as the page's compact data;
    ``anchors``: ``section:group id`` to the id of the group's row in the page."""
    cases = report["cases"]
    known = list(report["questions"])
    extra = {q: None for d in details for q in d["questions"] if q not in report["questions"]}
    questions = known + list(extra)
    entries = {q: _Codes() for q in questions}
    findings = _Codes()
    assessors = _Codes()
    facts = [b["by"] for b in report["breakdowns"] if b["by"] != "assessor"]
    values = {f: _Codes() for f in facts}
    groups = [(s, list(report[s])) for s in ("outcomes", "stages", "criteria_groups")]
    rows: list[list[Any]] = []
    coded: list[tuple[list[int], list[int], list[int]]] = []
    for case, detail in zip(cases, details, strict=True):
        asked = detail["questions"]
        per_q = [
            entries[q].code(json_text(asked[q]), asked[q]) + 1 if q in asked else 0
            for q in questions
        ]
        found = [findings.code(json_text(f), f) for f in detail["findings"]]
        fact_codes = [
            values[f].code(json_text(case["facts"].get(f)), case["facts"].get(f)) for f in facts
        ]
        scores = ",".join(_score(case[s].get(g)) for s, ids in groups for g in ids)
        rows.append(
            [
                case["case_id"],
                assessors.code(json_text(case.get("assessor")), case.get("assessor")),
                case.get("source") or "",
                scores,
            ]
        )
        coded.append((per_q, found, fact_codes))
    q_width = _width(1 + max((len(c.values) for c in entries.values()), default=0))
    f_width = _width(len(findings.values))
    v_width = _width(max((len(v.values) for v in values.values()), default=0))
    for row, (per_q, found, fact_codes) in zip(rows, coded, strict=True):
        row += [_encode(per_q, q_width), _encode(found, f_width), _encode(fact_codes, v_width)]
    return {
        "alphabet": ALPHABET,
        "width": {"questions": q_width, "findings": f_width, "facts": v_width},
        "groups": [[s, ids] for s, ids in groups],
        "anchors": anchors,
        "titles": {s: {g: report[s][g]["title"] for g in ids} for s, ids in groups},
        "questions": [
            [
                q,
                (report["questions"].get(q) or {}).get("criterion"),
                (report["questions"].get(q) or {}).get("text", ""),
                entries[q].values,
            ]
            for q in questions
        ],
        "findings": findings.values,
        "assessors": assessors.values,
        "facts": [[f, values[f].values] for f in facts],
        "display": report["sample"].get("display") or {"places": 0, "mode": "half_up"},
        "fields": ["case_id", "assessor", "source", "scores", "answers", "findings", "facts"],
        "cases": rows,
    }


def script_json(data: Any) -> str:
    """``data`` as JSON for a ``<script type="application/json">``: every ``<`` escaped, so
    no text in it can close the element."""
    return json_text(data).replace("<", "\\u003c")
