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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from .._numbers import json_text

__all__ = ["ALPHABET", "case_data", "script_json"]

# Printable ASCII that JSON writes as itself and that cannot end a <script> element or open
# a comment in it ("<", ">", "&" and the backslash are left out).
ALPHABET = "".join(chr(c) for c in range(0x23, 0x7F) if chr(c) not in "<>&\\")


MISMATCH = "details must hold one entry per case of the report, in its order"


class _Codes:
    """Distinct values, each given the next index, in first-seen order."""

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.values: list[Any] = []

    def code(self, key: bytes, value: Any) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.values)
            self.values.append(value)
        return found


def _key(value: Any) -> bytes:
    """Equal values give equal keys (entries of one kind are built in one key order)."""
    try:
        return orjson.dumps(value)
    except TypeError:  # an integer beyond 64 bits
        return json_text(value).encode()


def _width(n: int) -> int:
    width, room = 1, len(ALPHABET)
    while n > room:
        width, room = width + 1, room * len(ALPHABET)
    return width


def _codes(count: int, width: int) -> list[str]:
    """The code of each index below ``count``, ``width`` characters each."""
    base = len(ALPHABET)
    out = []
    for index in range(count):
        digits, rest = [], index
        for _ in range(width):
            rest, d = divmod(rest, base)
            digits.append(ALPHABET[d])
        out.append("".join(reversed(digits)))
    return out


def _encode(indexes: Sequence[int], codes: Sequence[str]) -> str:
    return "".join(map(codes.__getitem__, indexes))


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
    details: Iterable[Mapping[str, Any]],
    anchors: Mapping[str, str],
) -> dict[str, Any]:
    """The cases of ``report`` (``SampleReport.to_dict()``) and their explanations
    (``SampleReport.iter_case_details()``, in the same order, read once) as the page's
    compact data; raises ValueError when they do not match;
    ``anchors``: ``section:group id`` to the id of the group's row in the page."""
    cases = report["cases"]
    known = list(report["questions"])
    # Questions a judgement holds beyond the report's list (none from one criteria version).
    questions = known
    entries = {q: _Codes() for q in questions}
    findings = _Codes()
    assessors = _Codes()
    facts = [b["by"] for b in report["breakdowns"] if b["by"] != "assessor"]
    values = {f: _Codes() for f in facts}
    groups = [(s, list(report[s])) for s in ("outcomes", "stages", "criteria_groups")]
    rows: list[list[Any]] = []
    coded: list[tuple[list[int], list[int], list[int]]] = []
    given = iter(details)
    for case in cases:
        detail = next(given, None)
        if detail is None or detail.get("case_id") != case["case_id"]:
            raise ValueError(MISMATCH)
        asked = detail["questions"]
        for q in asked:
            if q not in entries:
                questions.append(q)
                entries[q] = _Codes()
        per_q = [
            entries[q].code(_key(asked[q]), asked[q]) + 1 if q in asked else 0 for q in questions
        ]
        found = [findings.code(_key(f), f) for f in detail["findings"]]
        fact_codes = [
            values[f].code(_key(case["facts"].get(f)), case["facts"].get(f)) for f in facts
        ]
        scores = ",".join(_score(case[s].get(g)) for s, ids in groups for g in ids)
        rows.append(
            [
                case["case_id"],
                assessors.code(_key(case.get("assessor")), case.get("assessor")),
                case.get("source") or "",
                scores,
            ]
        )
        coded.append((per_q, found, fact_codes))
    if next(given, None) is not None:
        raise ValueError(MISMATCH)
    q_width = _width(1 + max((len(c.values) for c in entries.values()), default=0))
    f_width = _width(len(findings.values))
    v_width = _width(max((len(v.values) for v in values.values()), default=0))
    q_codes = _codes(1 + max((len(c.values) for c in entries.values()), default=0), q_width)
    f_codes = _codes(len(findings.values), f_width)
    v_codes = _codes(max((len(v.values) for v in values.values()), default=0), v_width)
    for row, (per_q, found, fact_codes) in zip(rows, coded, strict=True):
        # Questions first met in a later case: not asked of this one.
        padded = per_q + [0] * (len(questions) - len(per_q))
        row += [_encode(padded, q_codes), _encode(found, f_codes), _encode(fact_codes, v_codes)]
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
