"""The report's tables beside the scores, as ``aow-report/1`` data: interview coverage
(``interviews``) and reoffending during the period inspected (``reoffending``), whole and by
each breakdown the report was asked for. Counts, not scores: no band, no method.

Shares are of the whole sample (or breakdown cell), so a case that records nothing lowers no
count and is shown apart as ``not_recorded``: a case without an interview record is never
counted as "not interviewed".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .._aggregate._aggregate import CellKey
from .._aggregate._supervision import EVENTS, INTERVIEWED, Recorded, Supervision
from .._criteria._bands import group_percent
from .._criteria._model import Criteria
from .._numbers import fraction_text

__all__ = ["Cells", "interviews_data", "reoffending_data"]

Cells = list[tuple[str, str, list[tuple[CellKey, str, int]]]]
"""The report's breakdowns: per breakdown its name, title and cells (value, title, cases)."""

_WORDS = {
    "interview": ("interviewed", "not_interviewed"),
    "event": ("yes", "no"),
}


def _count(criteria: Criteria, counts: Counter[Recorded], cases: int, kind: str) -> dict[str, Any]:
    yes_word, no_word = _WORDS[kind]
    yes = counts[True]
    share = Fraction(yes, cases) if cases else None
    return {
        yes_word: yes,
        no_word: counts[False],
        "not_recorded": counts[None],
        "share": None if share is None else float(share),
        "fraction": fraction_text(share),
        "percent": group_percent(criteria.scoring, None, share),
    }


def _by(
    cells: Cells,
    supervision: Supervision,
    entry: Callable[[dict[str, Counter[Recorded]], int], dict[str, Any]],
) -> list[dict[str, Any]]:
    return [
        {
            "by": by,
            "title": title,
            "values": [
                {
                    "value": value,
                    "title": shown,
                    "cases": cases,
                    **entry(supervision.counts(by, value), cases),
                }
                for value, shown, cases in values
            ],
        }
        for by, title, values in cells
    ]


def interviews_data(
    criteria: Criteria, cases: int, cells: Cells, supervision: Supervision
) -> dict[str, Any]:
    """Who was interviewed: responsible officers (what inspections report) and individuals."""

    def entry(counts: dict[str, Counter[Recorded]], cases: int) -> dict[str, Any]:
        return {who: _count(criteria, counts[who], cases, "interview") for who in INTERVIEWED}

    return {
        "cases": cases,
        **entry(supervision.counts(), cases),
        "breakdowns": _by(cells, supervision, entry),
    }


def reoffending_data(
    criteria: Criteria, cases: int, cells: Cells, supervision: Supervision
) -> dict[str, Any]:
    """Further offences and recalls during the period inspected, where the criteria record
    them (bool facts ``further_offence`` and ``recall``); a note where they do not."""
    events = supervision.events

    def entry(counts: dict[str, Counter[Recorded]], cases: int) -> dict[str, Any]:
        return {e: _count(criteria, counts[e], cases, "event") for e in events}

    note = None
    if supervision.missing:
        missing = " or ".join(supervision.missing)
        note = (
            f"{criteria.id} records no {missing} (a bool fact): no reoffending table"
            if not events
            else f"{criteria.id} records no {missing} (a bool fact): not counted"
        )
    return {
        "cases": cases,
        "events": [{"fact": e, "title": criteria.facts[e].title} for e in events],
        "missing": [e for e in EVENTS if e in supervision.missing],
        "note": note,
        "totals": entry(supervision.counts(), cases) if events else {},
        "breakdowns": _by(cells, supervision, entry) if events else [],
    }
