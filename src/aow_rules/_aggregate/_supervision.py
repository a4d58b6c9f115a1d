"""What a sample says about the supervision inspected, beside its scores: who was interviewed
(each case's interview record) and reoffending during the period inspected (the facts
``further_offence`` and ``recall``, where the criteria declare them).

Counted from the cases themselves, never from their judgements, so every engine counts the
same cases the same way: the per-case and stream engines from each judgement's case, the
columnar engine from the cases it was given. Each case adds one key to a `Counter` (its
breakdown cells and what it records), so a case costs one C-level update; a tally merges by
adding counters, like an `Aggregate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from .._cases._model import Case
from .._criteria._model import Criteria
from ._aggregate import ASSESSOR, CellKey

__all__ = [
    "EVENTS",
    "INTERVIEWED",
    "Recorded",
    "Supervision",
    "SupervisionTally",
    "supervision_of",
]

EVENTS = ("further_offence", "recall")
"""The reoffending events a report counts, by the id of the bool fact that records each (a
further offence and a recall to custody are different events: domain.md)."""
INTERVIEWED = ("officer", "offender")
"""Who an interview record says was interviewed: the responsible officer, the individual."""

Recorded = bool | None
"""What a case records of one thing: true, false, or None (not recorded)."""
_Row = tuple[tuple[CellKey, ...], tuple[Recorded, ...]]


@dataclass(frozen=True, slots=True)
class Supervision:
    """Interview coverage and reoffending counts of a sample, whole and per breakdown cell."""

    by: tuple[str, ...]
    events: tuple[str, ...]
    """The events the criteria record (bool facts among `EVENTS`), in `EVENTS` order."""
    missing: tuple[str, ...]
    """The events the criteria do not record: the report says so."""
    rows: frozenset[tuple[_Row, int]]
    """(breakdown cells, recorded values) -> cases; the values are the officer and offender
    interviewed, then each of `events`."""

    @property
    def columns(self) -> tuple[str, ...]:
        return (*INTERVIEWED, *self.events)

    def counts(self, by: str | None = None, value: CellKey = None) -> dict[str, Counter[Recorded]]:
        """Per column (``officer``, ``offender``, then each event), how many cases recorded
        true, false and nothing: over the whole sample, or the cases with ``by`` = ``value``."""
        where = None if by is None else self.by.index(by)
        out: dict[str, Counter[Recorded]] = {c: Counter() for c in self.columns}
        for (cells, recorded), n in self.rows:
            if where is not None and cells[where] != value:
                continue
            for column, v in zip(self.columns, recorded, strict=True):
                out[column][v] += n
        return out

    def merge(self, other: Supervision) -> Supervision:
        if (other.by, other.events) != (self.by, self.events):
            raise ValueError("cannot merge supervision counts of different breakdowns")
        total = Counter(dict(self.rows)) + Counter(dict(other.rows))
        return Supervision(self.by, self.events, self.missing, frozenset(total.items()))


def _events(criteria: Criteria) -> tuple[tuple[str, ...], tuple[str, ...]]:
    present = tuple(
        e for e in EVENTS if (f := criteria.facts.get(e)) is not None and f.type == "bool"
    )
    return present, tuple(e for e in EVENTS if e not in present)


class SupervisionTally:
    """Running counts, a case at a time (the stream engine), or of many cases at once."""

    __slots__ = ("by", "by_assessor", "counts", "events", "missing")

    def __init__(self, criteria: Criteria, by: tuple[str, ...]) -> None:
        self.by = by
        self.events, self.missing = _events(criteria)
        self.by_assessor = tuple(name == ASSESSOR and name not in criteria.facts for name in by)
        self.counts: Counter[_Row] = Counter()

    def row(self, case: Case) -> _Row:
        facts = case.facts
        # Breakdown facts hold one bool, int or str a case (check_breakdowns); events are
        # bool facts: a checked case holds nothing else there.
        cells = tuple(
            case.assessor if assessor else cast(CellKey, facts.get(name))
            for name, assessor in zip(self.by, self.by_assessor, strict=True)
        )
        record = case.interview
        seen: tuple[Recorded, ...] = (
            (None, None) if record is None else (record.officer, record.offender)
        )
        return cells, seen + tuple(cast(Recorded, facts.get(e)) for e in self.events)

    def add(self, case: Case) -> None:
        self.counts[self.row(case)] += 1

    def add_all(self, cases: Iterable[Case]) -> None:
        self.counts.update(map(self.row, cases))

    def settle(self) -> Supervision:
        return Supervision(self.by, self.events, self.missing, frozenset(self.counts.items()))


def supervision_of(criteria: Criteria, cases: Iterable[Case], by: tuple[str, ...]) -> Supervision:
    """The counts of ``cases`` (checked against ``criteria``), broken down by ``by`` (the
    report's breakdowns, already checked)."""
    tally = SupervisionTally(criteria, by)
    tally.add_all(cases)
    return tally.settle()
