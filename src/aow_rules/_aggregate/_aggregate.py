"""Scores of a sample of cases, as mergeable partial aggregates.

Per group, an aggregate keeps the multiset of case totals ``(yes, counted)`` over the cases
where the group applied, in the criteria's common 1/denominator units. Every sample method
follows from it exactly:

- ``pooled`` (the Inspectorate's "done well enough x% of the time"): the sum of ``yes`` over
  the sum of ``counted``;
- ``case_mean``: the mean of the case scores ``yes / counted``;
- ``cases_meeting``: the share of those cases whose score reaches a threshold.

A multiset adds up, so the aggregates of the parts of a sample merge into exactly the
aggregate of the whole, whatever the split and whatever the order of the cases. Breakdowns
(by fact value or by assessor) are the same aggregate kept per value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .._criteria._model import Criteria, Group, Method
from .._evaluate._judgement import Judgement, Status

__all__ = [
    "ASSESSOR",
    "NOT_RECORDED",
    "Aggregate",
    "GroupTotals",
    "Pooled",
    "QuestionTotals",
    "pooled",
]

ASSESSOR = "assessor"
"""The breakdown by who assessed the case (unless a fact has this id)."""
NOT_RECORDED = None
"""The breakdown value of a case that does not record the fact."""

CellKey = str | int | bool | None


@dataclass(frozen=True, slots=True)
class GroupTotals:
    """One group over a set of cases: exact totals, and its score under every method."""

    group: Group
    yes: Fraction
    counted: Fraction
    cases: int
    """Cases in which the group applied (something counted)."""
    case_scores: tuple[tuple[Fraction, int], ...]
    """Distinct case scores, ascending, each with how many cases had it."""

    @property
    def score(self) -> Fraction | None:
        """The pooled score: sum of ``yes`` over sum of ``counted``; None if nothing counted."""
        return self.yes / self.counted if self.counted else None

    @property
    def case_mean(self) -> Fraction | None:
        """The mean of the case scores over the cases where the group applied."""
        if not self.cases:
            return None
        return sum((s * n for s, n in self.case_scores), Fraction(0)) / self.cases

    def meeting(self, threshold: Fraction) -> int:
        """How many applicable cases score at least ``threshold``."""
        return sum(n for s, n in self.case_scores if s >= threshold)

    def cases_meeting(self, threshold: Fraction) -> Fraction | None:
        """The share of applicable cases whose score reaches ``threshold``."""
        return Fraction(self.meeting(threshold), self.cases) if self.cases else None

    def by(self, method: Method, threshold: Fraction | None = None) -> Fraction | None:
        """The sample score under ``method`` (``cases_meeting`` needs ``threshold``)."""
        if method == "pooled":
            return self.score
        if method == "case_mean":
            return self.case_mean
        if threshold is None:
            raise ValueError("cases_meeting needs a threshold")
        return self.cases_meeting(threshold)


Pooled = GroupTotals
"""The name `impact` knows these totals by."""


@dataclass(frozen=True, slots=True)
class QuestionTotals:
    """One question over a sample: how often each status and each answer occurred."""

    statuses: Mapping[str, int]
    """Status name -> cases, for every status that occurred."""
    answers: Mapping[str, int]
    """Answer -> cases in which it was counted (or, for an unscored item, given)."""
    yes: Fraction
    """Sum of credit over the cases where the question counted."""

    @property
    def counted(self) -> int:
        return self.statuses.get(Status.COUNTED, 0)

    @property
    def score(self) -> Fraction | None:
        return self.yes / self.counted if self.counted else None


_TALLIED = (Status.COUNTED, Status.UNSCORED)
_VALUE = {s: s.value for s in Status}
_CONDITION_ERROR = Status.CONDITION_ERROR.value
_NOT_APPLICABLE = Status.NOT_APPLICABLE.value


class _Cell:
    """Running totals of one set of cases: per group slot, a multiset of (yes, counted)."""

    __slots__ = ("cases", "slots")

    def __init__(self, width: int) -> None:
        self.cases = 0
        self.slots: list[Counter[tuple[int, int]]] = [Counter() for _ in range(width)]

    def add(self, pairs: Sequence[tuple[int, tuple[int, int]]]) -> None:
        """One case, given as (slot, (yes, counted)) for each group that applied."""
        self.cases += 1
        slots = self.slots
        for slot, key in pairs:
            slots[slot][key] += 1

    def merged(self, other: _Cell) -> _Cell:
        out = _Cell(len(self.slots))
        out.cases = self.cases + other.cases
        out.slots = [a + b for a, b in zip(self.slots, other.slots, strict=True)]
        return out

    def state(self) -> tuple[int, tuple[frozenset[tuple[tuple[int, int], int]], ...]]:
        return self.cases, tuple(frozenset(c.items()) for c in self.slots)


class _Tally:
    """`Aggregate.of`'s running counts, kept flat so that each case costs a few C-level
    `Counter.update` calls rather than a Python statement per group and per question; folded
    into the aggregate's multisets once, at the end (`settle`). The distinct keys are few (a
    group's totals and a question's answers take few values), so folding costs little.
    """

    __slots__ = ("by", "cells", "criteria", "odd", "question_ids", "questions", "slots")

    def __init__(self, criteria: Criteria, by: Sequence[str]) -> None:
        self.criteria = criteria
        self.by = tuple(by)
        self.slots = range(len(criteria.groups))
        self.question_ids = tuple(q.id for q in criteria.questions)
        self.cells: dict[tuple[str, CellKey] | None, tuple[list[int], Counter[Any]]] = {}
        self.questions: Counter[tuple[int, int, str | None]] = Counter()
        """(question index, id of its trace entry, the answer) -> cases."""
        self.odd: list[Judgement] = []
        """Judgements with a question whose condition erred, tallied the slow way."""

    def add(self, j: Judgement) -> None:
        totals = j.totals
        # (slot, yes, counted) for every group, applied or not: settle drops counted == 0.
        keys = list(zip(self.slots, totals[0::2], totals[1::2], strict=True))
        for cell in (None, *((name, cell_key(j, name)) for name in self.by)):
            entry = self.cells.get(cell)
            if entry is None:
                entry = self.cells[cell] = ([0], Counter())
            entry[0][0] += 1
            entry[1].update(keys)
        if any(f.code == "condition_error" and f.question is not None for f in j.findings):
            self.odd.append(j)
            return
        # Trace entries by identity: a `Status` member, or the condition that was false.
        self.questions.update(
            zip(
                range(len(j.trace)),
                map(id, j.trace),
                map(j.case.answers.get, self.question_ids),
                strict=True,
            )
        )

    def settle(self, out: Aggregate) -> None:
        width = len(self.criteria.groups)
        for where, (cases, counts) in self.cells.items():
            cell = _Cell(width)
            cell.cases = cases[0]
            for (slot, yes, counted), n in counts.items():
                if counted:
                    cell.slots[slot][yes, counted] += n
            if where is None:
                out._whole = cell
            else:
                out._cells[where] = cell
        for (index, entry, answer), n in self.questions.items():
            status = _STATUS_BY_ID.get(entry)
            if status is None:  # the condition that was false
                out._questions[index][_NOT_APPLICABLE, None] += n
            else:
                # Answers are tallied where they count, and for unscored items (prompts) too.
                tallied = answer if status in _TALLIED else None
                out._questions[index][_VALUE[status], tallied] += n
        for j in self.odd:
            _tally_questions(out._questions, self.criteria, j)


def _tally_questions(
    counters: list[Counter[tuple[str, str | None]]], criteria: Criteria, j: Judgement
) -> None:
    answers = j.case.answers
    for counter, question, step in zip(counters, criteria.questions, j.trace, strict=True):
        if step.__class__ is Status:
            answer = answers.get(question.id) if step in _TALLIED else None
            counter[_VALUE[step], answer] += 1
        else:  # the condition that was false, or (condition, error)
            erred = step.__class__ is tuple
            counter[_CONDITION_ERROR if erred else _NOT_APPLICABLE, None] += 1


_STATUS_BY_ID = {id(s): s for s in Status}


class Aggregate:
    """Totals of a sample (or of part of one) under one criteria version, with breakdowns.

    Build with `Aggregate.of`; combine parts with `merge`. Immutable once built.
    """

    __slots__ = ("_by", "_cells", "_questions", "_whole", "criteria", "denominator")

    def __init__(self, criteria: Criteria, by: Sequence[str] = ()) -> None:
        self.criteria = criteria
        self.denominator = 1
        self._by = tuple(by)
        width = len(criteria.groups)
        self._whole = _Cell(width)
        self._cells: dict[tuple[str, CellKey], _Cell] = {}
        self._questions: list[Counter[tuple[str, str | None]]] = [
            Counter() for _ in criteria.questions
        ]

    @classmethod
    def of(
        cls, criteria: Criteria, judgements: Iterable[Judgement], by: Sequence[str] = ()
    ) -> Aggregate:
        """The aggregate of ``judgements`` (all of ``criteria``), broken down by ``by``.

        ``by`` names facts of the criteria, or ``assessor``.
        """
        out = cls(criteria, by)
        tally = _Tally(criteria, by)
        for j in judgements:
            if j.criteria is not criteria and j.criteria != criteria:
                raise ValueError(f"a judgement of {j.criteria.id} in a sample of {criteria.id}")
            out.denominator = j.denominator
            tally.add(j)
        tally.settle(out)
        return out

    @classmethod
    def from_counts(
        cls,
        criteria: Criteria,
        by: Sequence[str],
        denominator: int,
        *,
        whole: tuple[int, Sequence[Counter[tuple[int, int]]]],
        cells: Mapping[tuple[str, CellKey], tuple[int, Sequence[Counter[tuple[int, int]]]]],
        questions: Sequence[Counter[tuple[str, str | None]]],
    ) -> Aggregate:
        """An aggregate from counts made elsewhere (the columnar path): per group slot, how
        many cases had each (yes, counted) in 1/``denominator`` units; the same per breakdown
        value; per question, how many cases had each (status, tallied answer)."""
        out = cls(criteria, by)
        out.denominator = denominator
        width = len(criteria.groups)

        def cell(cases: int, slots: Sequence[Counter[tuple[int, int]]]) -> _Cell:
            c = _Cell(width)
            c.cases = cases
            c.slots = [Counter(s) for s in slots]
            return c

        out._whole = cell(*whole)
        out._cells = {key: cell(*value) for key, value in cells.items()}
        out._questions = [Counter(q) for q in questions]
        return out

    @property
    def by(self) -> tuple[str, ...]:
        """What the aggregate is broken down by."""
        return self._by

    @property
    def cases(self) -> int:
        return self._whole.cases

    def merge(self, other: Aggregate) -> Aggregate:
        """The aggregate of both parts: exactly the aggregate of all their cases."""
        if other.criteria != self.criteria:
            raise ValueError(
                f"cannot merge a sample of {other.criteria.id} into {self.criteria.id}"
            )
        if other._by != self._by:
            raise ValueError(
                f"cannot merge breakdowns by {other._by} into breakdowns by {self._by}"
            )
        if self.cases and other.cases and other.denominator != self.denominator:
            raise AssertionError("one criteria version has one denominator")
        out = Aggregate(self.criteria, self._by)
        out.denominator = self.denominator if self.cases else other.denominator
        out._whole = self._whole.merged(other._whole)
        width = len(self.criteria.groups)
        for key in self._cells.keys() | other._cells.keys():
            mine = self._cells.get(key) or _Cell(width)
            out._cells[key] = mine.merged(other._cells.get(key) or _Cell(width))
        out._questions = [a + b for a, b in zip(self._questions, other._questions, strict=True)]
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Aggregate) and self._state() == other._state()

    def __hash__(self) -> int:
        return hash(self._state())

    def _state(self) -> object:
        return (
            self.criteria.sha256,
            self._by,
            self._whole.state(),
            frozenset((k, c.state()) for k, c in self._cells.items()),
            tuple(frozenset(q.items()) for q in self._questions),
        )

    # -- reading -------------------------------------------------------------------------------

    def totals(self, group: Group, by: str | None = None, value: CellKey = None) -> GroupTotals:
        """One group over the whole sample, or over the cases with ``by`` equal to ``value``."""
        if by is None:
            cell = self._whole
        else:
            cell = self._cells.get((by, value)) or _Cell(len(self.criteria.groups))
        return _group_totals(group, cell, self.denominator)

    def values(self, by: str) -> list[tuple[CellKey, int]]:
        """The values of breakdown ``by`` seen in the sample, in a stable order, with cases."""
        if by not in self._by:
            raise KeyError(by)
        keys = [k for (name, k) in self._cells if name == by]
        return [(k, self._cells[by, k].cases) for k in sorted(keys, key=self._order(by))]

    def _order(self, by: str) -> Callable[[CellKey], tuple[int, int, str]]:
        fact = self.criteria.facts.get(by)
        options = fact.options if fact is not None and fact.options else ()

        def key(value: CellKey) -> tuple[int, int, str]:
            # Declared option order first; absent last; otherwise by type then value.
            if value is None:
                return (3, 0, "")
            if isinstance(value, str) and value in options:
                return (0, options.index(value), "")
            if isinstance(value, bool | int):
                return (1, int(value), "")
            return (2, 0, str(value))

        return key

    def question(self, index: int) -> QuestionTotals:
        """Totals of the question at ``index`` (file order) over the whole sample."""
        q = self.criteria.questions[index]
        statuses: Counter[str] = Counter()
        answers: Counter[str] = Counter()
        yes = Fraction(0)
        for (status, answer), n in self._questions[index].items():
            statuses[status] += n
            if answer is not None and q.scale is not None:
                answers[answer] += n
                if status == Status.COUNTED:
                    option = q.scale.option(answer)
                    assert option is not None
                    assert option.credit is not None
                    yes += option.credit * n
        order = [s.value for s in Status]
        return QuestionTotals(
            {s: statuses[s] for s in order if statuses[s]},
            {o.value: answers[o.value] for o in q.scale.options if answers[o.value]}
            if q.scale is not None
            else {},
            yes,
        )


def cell_key(j: Judgement, by: str) -> CellKey:
    """The value of breakdown ``by`` for one judgement's case."""
    if by == ASSESSOR and by not in j.criteria.facts:
        return j.case.assessor
    value = j.case.facts.get(by)
    assert value is None or isinstance(value, str | int | bool), "breakdowns are checked"
    return value


def _group_totals(group: Group, cell: _Cell, denominator: int) -> GroupTotals:
    scores: Counter[Fraction] = Counter()
    yes = counted = cases = 0
    for (y, c), n in cell.slots[group.slot].items():
        yes += y * n
        counted += c * n
        cases += n
        scores[Fraction(y, c)] += n
    return GroupTotals(
        group,
        Fraction(yes, denominator),
        Fraction(counted, denominator),
        cases,
        tuple(sorted(scores.items())),
    )


def pooled(criteria: Criteria, judgements: Sequence[Judgement]) -> dict[str, GroupTotals]:
    """Totals of every group (outcomes, stages, criteria) over ``judgements``, by ``kind:id``."""
    agg = Aggregate.of(criteria, judgements)
    return {f"{g.kind}:{g.id}": agg.totals(g) for g in criteria.groups}
