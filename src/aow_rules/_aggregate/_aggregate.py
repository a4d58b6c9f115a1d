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
(by fact value or by assessor) are the same aggregate kept per value: a case falls in one cell
of each, so a breakdown fact must hold one value per case (`breakdown_problems`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from .._criteria._model import BREAKDOWN_TYPES, Criteria, Group
from .._evaluate._judgement import Judgement, Status
from ..errors import ArgumentError, Code, Problem, did_you_mean
from ._totals import GroupTotals, Pooled, QuestionTotals

__all__ = [
    "ASSESSOR",
    "NOT_RECORDED",
    "Aggregate",
    "GroupTotals",
    "Pooled",
    "QuestionTotals",
    "breakdown_problems",
    "cell_key",
    "check_breakdowns",
    "pooled",
]

ASSESSOR = "assessor"
"""The breakdown by who assessed the case (unless a fact has this id)."""
NOT_RECORDED = None
"""The breakdown value of a case that does not record the fact."""

CellKey = str | int | bool | None


def breakdown_problems(criteria: Criteria, by: Sequence[str]) -> list[Problem]:
    """Problems with breakdown names (``source`` is the parameter, ``by``): each must be
    ``assessor`` or a fact with one value per case, which keys the case's cell."""
    problems = []
    known = [*criteria.facts, ASSESSOR]
    for name in by:
        fact = criteria.facts.get(name)
        if fact is None and name == ASSESSOR:
            continue
        if fact is None:
            problems.append(
                Problem(
                    Code.UNKNOWN_REFERENCE,
                    f"cannot break down by {name!r}: it is not a fact of {criteria.id} "
                    "nor 'assessor'",
                    "by",
                    suggestion=did_you_mean(name, known),
                )
            )
        elif fact.type not in BREAKDOWN_TYPES:
            problems.append(
                Problem(
                    Code.INVALID_VALUE,
                    f"cannot break down by {name!r}: it is a {fact.type} fact; a breakdown "
                    "needs one value per case (bool, int, choice or text)",
                    "by",
                )
            )
    return problems


def check_breakdowns(criteria: Criteria, by: Sequence[str]) -> tuple[str, ...]:
    """``by`` without repeats; `ArgumentError` carrying every `breakdown_problems`."""
    names = tuple(dict.fromkeys(by))
    problems = breakdown_problems(criteria, names)
    if problems:
        raise ArgumentError(problems)
    return names


_TALLIED = (Status.COUNTED, Status.UNSCORED)
_VALUE = {s: s.value for s in Status}
_CONDITION_ERROR = Status.CONDITION_ERROR.value
_NOT_APPLICABLE = Status.NOT_APPLICABLE.value


Multiset = frozenset[tuple[tuple[int, int], int]]
"""(yes, counted) -> how many cases had it, as frozen (key, count) pairs."""
Tallies = frozenset[tuple[tuple[str, str | None], int]]
"""(status, tallied answer) -> how many cases had it, as frozen (key, count) pairs."""


@dataclass(frozen=True, slots=True)
class _Cell:
    """A set of cases: how many, and per group slot the multiset of (yes, counted) over the
    cases where the group applied."""

    cases: int
    slots: tuple[Multiset, ...]

    @classmethod
    def of(cls, cases: int, slots: Iterable[Mapping[tuple[int, int], int]]) -> _Cell:
        return cls(cases, tuple(frozenset((k, n) for k, n in c.items() if n) for c in slots))

    def merged(self, other: _Cell) -> _Cell:
        return _Cell.of(
            self.cases + other.cases,
            (
                Counter(dict(a)) + Counter(dict(b))
                for a, b in zip(self.slots, other.slots, strict=True)
            ),
        )


def _empty_cell(criteria: Criteria) -> _Cell:
    return _Cell(0, (frozenset(),) * len(criteria.groups))


def _frozen_tallies(
    questions: Iterable[Mapping[tuple[str, str | None], int]],
) -> tuple[Tallies, ...]:
    return tuple(frozenset((k, n) for k, n in q.items() if n) for q in questions)


class _Tally:
    """`Aggregate.of`'s running counts, kept flat so that each case costs a few C-level
    `Counter.update` calls rather than a Python statement per group and per question; folded
    into the aggregate's multisets once, at the end (`settle`). The distinct keys are few (a
    group's totals and a question's answers take few values), so folding costs little.
    """

    __slots__ = ("by", "cells", "criteria", "odd", "question_ids", "questions", "slots")

    def __init__(self, criteria: Criteria, by: tuple[str, ...]) -> None:
        self.criteria = criteria
        self.by = by
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

    def settle(self) -> Aggregate:
        width = len(self.criteria.groups)
        whole = _empty_cell(self.criteria)
        cells: dict[tuple[str, CellKey], _Cell] = {}
        for where, (cases, counts) in self.cells.items():
            slots: list[Counter[tuple[int, int]]] = [Counter() for _ in range(width)]
            for (slot, yes, counted), n in counts.items():
                if counted:
                    slots[slot][yes, counted] += n
            cell = _Cell.of(cases[0], slots)
            if where is None:
                whole = cell
            else:
                cells[where] = cell
        questions: list[Counter[tuple[str, str | None]]] = [
            Counter() for _ in self.criteria.questions
        ]
        for (index, entry, answer), n in self.questions.items():
            status = _STATUS_BY_ID.get(entry)
            if status is None:  # the condition that was false
                questions[index][_NOT_APPLICABLE, None] += n
            else:
                # Answers are tallied where they count, and for unscored items (prompts) too.
                tallied = answer if status in _TALLIED else None
                questions[index][_VALUE[status], tallied] += n
        for j in self.odd:
            _tally_questions(questions, self.criteria, j)
        return Aggregate._made(self.criteria, self.by, whole, cells, _frozen_tallies(questions))


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


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Aggregate:
    """Totals of a sample (or of part of one) under one criteria version, with breakdowns.

    Build with `Aggregate.of` (or, empty, ``Aggregate(criteria, by)``); combine parts with
    `merge`, which makes a new one. Immutable: built whole, then frozen.
    """

    criteria: Criteria
    by: tuple[str, ...]
    """What the aggregate is broken down by: facts of the criteria, or ``assessor``."""
    _whole: _Cell
    _cells: Mapping[tuple[str, CellKey], _Cell]
    _questions: tuple[Tallies, ...]

    def __init__(self, criteria: Criteria, by: Sequence[str] = ()) -> None:
        """An aggregate of no case, broken down by ``by`` (`ArgumentError` unless each is
        ``assessor`` or a fact with one value per case)."""
        by = check_breakdowns(criteria, by)
        self._freeze(
            criteria, by, _empty_cell(criteria), {}, ((frozenset(),) * len(criteria.questions))
        )

    @classmethod
    def _made(
        cls,
        criteria: Criteria,
        by: tuple[str, ...],
        whole: _Cell,
        cells: dict[tuple[str, CellKey], _Cell],
        questions: tuple[Tallies, ...],
    ) -> Aggregate:
        out = object.__new__(cls)
        out._freeze(criteria, by, whole, cells, questions)
        return out

    def _freeze(
        self,
        criteria: Criteria,
        by: tuple[str, ...],
        whole: _Cell,
        cells: dict[tuple[str, CellKey], _Cell],
        questions: tuple[Tallies, ...],
    ) -> None:
        # The only writes an aggregate ever sees: each of its constructors ends here.
        for name, value in (
            ("criteria", criteria),
            ("by", by),
            ("_whole", whole),
            ("_cells", MappingProxyType(cells)),
            ("_questions", questions),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def of(
        cls, criteria: Criteria, judgements: Iterable[Judgement], by: Sequence[str] = ()
    ) -> Aggregate:
        """The aggregate of ``judgements`` (all of ``criteria``), broken down by ``by``.

        ``by`` names facts of the criteria with one value per case, or ``assessor``
        (`ArgumentError` otherwise).
        """
        tally = _Tally(criteria, check_breakdowns(criteria, by))
        for j in judgements:
            if j.criteria is not criteria and j.criteria != criteria:
                raise ValueError(f"a judgement of {j.criteria.id} in a sample of {criteria.id}")
            tally.add(j)
        return tally.settle()

    @classmethod
    def from_counts(
        cls,
        criteria: Criteria,
        by: Sequence[str],
        *,
        whole: tuple[int, Sequence[Mapping[tuple[int, int], int]]],
        cells: Mapping[tuple[str, CellKey], tuple[int, Sequence[Mapping[tuple[int, int], int]]]],
        questions: Sequence[Mapping[tuple[str, str | None], int]],
    ) -> Aggregate:
        """An aggregate from counts made elsewhere (the columnar path): per group slot, how
        many cases had each (yes, counted) in the criteria's 1/denominator units; the same per
        breakdown value; per question, how many cases had each (status, tallied answer)."""
        return cls._made(
            criteria,
            check_breakdowns(criteria, by),
            _Cell.of(*whole),
            {key: _Cell.of(*value) for key, value in cells.items()},
            _frozen_tallies(questions),
        )

    @property
    def cases(self) -> int:
        return self._whole.cases

    @property
    def denominator(self) -> int:
        """Every total is an integer count of 1/denominator (the criteria's)."""
        return self.criteria.plan.denominator

    def merge(self, other: Aggregate) -> Aggregate:
        """A new aggregate of both parts: exactly the aggregate of all their cases."""
        if other.criteria != self.criteria:
            raise ValueError(
                f"cannot merge a sample of {other.criteria.id} into {self.criteria.id}"
            )
        if other.by != self.by:
            raise ValueError(f"cannot merge breakdowns by {other.by} into breakdowns by {self.by}")
        empty = _empty_cell(self.criteria)
        cells = {
            key: self._cells.get(key, empty).merged(other._cells.get(key, empty))
            for key in (*self._cells, *(k for k in other._cells if k not in self._cells))
        }
        questions = (
            Counter(dict(a)) + Counter(dict(b))
            for a, b in zip(self._questions, other._questions, strict=True)
        )
        return Aggregate._made(
            self.criteria,
            self.by,
            self._whole.merged(other._whole),
            cells,
            _frozen_tallies(questions),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Aggregate) and self._state() == other._state()

    def __hash__(self) -> int:
        return hash(self._state())

    def _state(self) -> object:
        return (
            self.criteria.sha256,
            self.by,
            self._whole,
            frozenset(self._cells.items()),
            self._questions,
        )

    # -- reading -------------------------------------------------------------------------------

    def totals(self, group: Group, by: str | None = None, value: CellKey = None) -> GroupTotals:
        """One group over the whole sample, or over the cases with ``by`` equal to ``value``."""
        if by is None:
            cell = self._whole
        else:
            cell = self._cells.get((by, value)) or _empty_cell(self.criteria)
        return _group_totals(group, cell, self.denominator)

    def values(self, by: str) -> list[tuple[CellKey, int]]:
        """The values of breakdown ``by`` seen in the sample, in a stable order, with cases."""
        if by not in self.by:
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
        for (status, answer), n in self._questions[index]:
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
    assert value is None or isinstance(value, str | int | bool), "see check_breakdowns"
    return value


def _group_totals(group: Group, cell: _Cell, denominator: int) -> GroupTotals:
    scores: Counter[Fraction] = Counter()
    yes = counted = cases = 0
    for (y, c), n in cell.slots[group.slot]:
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
