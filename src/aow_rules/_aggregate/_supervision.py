"""What a sample says about the supervision inspected, beside its scores: who was interviewed
(each case's interview record) and reoffending during the period inspected (the facts
``further_offence`` and ``recall``, where the criteria declare them).

Counted from the cases themselves, never from their judgements, so every engine counts the
same cases the same way: the per-case and stream engines from each judgement's case, the
columnar engine from the cases it was given. Each case adds one key to a `Counter` (its
breakdown cells and what it records), so a case costs one C-level update; the counts of each
breakdown cell are settled once, at the end, from the few distinct keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

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
Counts = tuple[Counter[Recorded], ...]
"""Per column (officer, offender, then each event), cases by what they record."""
_NOT_RECORDED = (None, None)


@dataclass(frozen=True, slots=True)
class Supervision:
    """Interview coverage and reoffending counts of a sample, whole and per breakdown cell."""

    by: tuple[str, ...]
    events: tuple[str, ...]
    """The events the criteria record (bool facts among `EVENTS`), in `EVENTS` order."""
    missing: tuple[str, ...]
    """The events the criteria do not record: the report says so."""
    whole: Counts
    cells: Mapping[tuple[str, CellKey], Counts]
    """(breakdown, value) -> the counts of its cases."""

    @property
    def columns(self) -> tuple[str, ...]:
        return (*INTERVIEWED, *self.events)

    def counts(self, by: str | None = None, value: CellKey = None) -> dict[str, Counter[Recorded]]:
        """Per column (``officer``, ``offender``, then each event), how many cases recorded
        true, false and nothing: over the whole sample, or the cases with ``by`` = ``value``."""
        held = self.whole if by is None else self.cells.get((by, value))
        if held is None:
            return {c: Counter() for c in self.columns}
        return {c: Counter(n) for c, n in zip(self.columns, held, strict=True)}


def _events(criteria: Criteria) -> tuple[tuple[str, ...], tuple[str, ...]]:
    present = tuple(
        e for e in EVENTS if (f := criteria.facts.get(e)) is not None and f.type == "bool"
    )
    return present, tuple(e for e in EVENTS if e not in present)


class SupervisionTally:
    """Running counts, a case at a time (the stream engine), or of many cases at once.

    Each case adds one key to a `Counter`: its assessor (when a breakdown), its breakdown
    facts, its interview record and its events, read with C-level lookups; the counts of each
    breakdown cell are settled once, at the end, from the few distinct keys.
    """

    __slots__ = ("assessor", "by", "counts", "events", "facts", "missing")

    def __init__(self, criteria: Criteria, by: tuple[str, ...]) -> None:
        self.by = by
        self.events, self.missing = _events(criteria)
        self.assessor = ASSESSOR in by and ASSESSOR not in criteria.facts
        self.facts = tuple(name for name in by if not (self.assessor and name == ASSESSOR))
        self.counts: Counter[tuple[Any, ...]] = Counter()

    def key(self, case: Case) -> tuple[Any, ...]:
        get = case.facts.get
        record = case.interview
        return (
            case.assessor if self.assessor else None,
            tuple(map(get, self.facts)),
            _NOT_RECORDED if record is None else (record.officer, record.offender),
            tuple(map(get, self.events)),
        )

    def add(self, case: Case) -> None:
        self.counts[self.key(case)] += 1

    def add_all(self, cases: Iterable[Case]) -> None:
        self.counts.update(map(self.key, cases))

    def settle(self) -> Supervision:
        width = len(INTERVIEWED) + len(self.events)
        whole: Counts = tuple(Counter() for _ in range(width))
        cells: dict[tuple[str, CellKey], Counts] = {}
        where = {name: i for i, name in enumerate(self.facts)}
        for (assessor, facts, seen, events), n in self.counts.items():
            recorded = (*seen, *events)
            for name in self.by:
                # Breakdown facts hold one bool, int or str a case (check_breakdowns).
                value = cast(CellKey, assessor if name not in where else facts[where[name]])
                held = cells.get((name, value))
                if held is None:
                    held = cells[name, value] = tuple(Counter() for _ in range(width))
                for counter, v in zip(held, recorded, strict=True):
                    counter[v] += n
            for counter, v in zip(whole, recorded, strict=True):
                counter[v] += n
        return Supervision(self.by, self.events, self.missing, whole, MappingProxyType(cells))


def supervision_of(criteria: Criteria, cases: Iterable[Case], by: tuple[str, ...]) -> Supervision:
    """The counts of ``cases`` (checked against ``criteria``), broken down by ``by`` (the
    report's breakdowns, already checked)."""
    tally = SupervisionTally(criteria, by)
    tally.add_all(cases)
    return tally.settle()
