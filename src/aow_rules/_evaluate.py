"""Evaluate one case against compiled criteria: statuses, exact group totals, findings.

Evaluation is pure: it reads the `Criteria` and the `Case` and returns a new `Judgement`.

Speed (the target is 50,000 cases/s with full explanation on one core) shapes the choices
here; each was measured with bench/evaluate.py:

* each distinct condition runs once per case, and one C call hands every question its value;
* every credit x weight is scaled once, at compile time, to an integer over a common
  denominator, so the totals are exact integers;
* the totals of every group live in one packed integer, with a fixed-width field for each
  group's ``yes`` and ``counted``. Counting a question is then one integer addition however
  many groups it counts towards, and one ``struct.unpack`` recovers every total at the end.
  Field widths are chosen at compile time from the largest possible total, so a field can
  never overflow into its neighbour;
* the loop records, per question, a status or the condition that was false; which part of a
  compound (all/any/not) condition decided is named when the judgement is rendered, from the
  same compiled tree and the same case, so it is the same answer, computed only when shown;
* the per-case loop itself lives in `_steps.py`, typed for mypyc, which compiles it when the
  package is built as a wheel (about a third faster); this module prepares its tables.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._judgement import Judgement, Status
from ._steps import Row, Tables, run

if TYPE_CHECKING:
    from ._case import Case
    from ._criteria import Criteria, Group, Question, Rule

__all__ = ["Plan", "evaluate", "plan"]


_UNSCORED_STEP = (Status.UNSCORED, 0)


@dataclass(frozen=True, slots=True)
class Plan:
    tables: Tables
    """What the per-case loop (`_steps.run`) reads: per question its id, its answer -> (status,
    packed increment) table and its condition; the distinct conditions (one shared by several
    questions runs once); condition results -> each question's value; the evidence rules;
    each consistency rule's condition and the rules; the step of an answer a table lacks."""
    denominator: int
    """Every group total is an integer count of 1/denominator."""
    unpack: Callable[[int], tuple[int, ...]]
    """Packed totals -> (yes, counted) for each group slot, interleaved."""


def plan(questions: tuple[Question, ...], rules: list[Rule], groups: tuple[Group, ...]) -> Plan:
    """Precompute the tables evaluation runs on."""
    denominators = [1]
    for q in questions:
        for _, weight in q.contributions:
            denominators.append(weight.denominator)
            for opt in q.scale.options if q.scale else ():
                if opt.credit is not None:
                    denominators.append((opt.credit * weight).denominator)
    denom = math.lcm(*denominators)
    n_fields = 2 * len(groups)
    largest = [0] * n_fields
    for q in questions:
        for group, weight in q.contributions:
            largest[2 * group.slot + 1] += int(weight * denom)
    width = max(1, max(largest, default=1).bit_length())
    unpack = _unpacker(width, n_fields)
    fbits = _field_bits(width)
    rows: list[Row] = []
    slot_of: list[int] = []
    # Equal text means equal meaning: conditions are checked against one set of declarations.
    slots: dict[str, int] = {}
    conditions: list[Callable[[Mapping[str, object], Mapping[str, str]], Any]] = []
    for q in questions:
        # Every possible answer maps to its status and packed increment; an unscored
        # question has an empty table, so every answer falls back to _UNSCORED_STEP.
        table: dict[str | None, tuple[Status, int]] = {}
        if q.scored and q.scale is not None:
            table[None] = (Status.UNANSWERED, 0)
            for opt in q.scale.options:
                if opt.credit is None:
                    table[opt.value] = (Status.ANSWERED_NA, 0)
                    continue
                packed = 0
                for group, weight in q.contributions:
                    packed += int(opt.credit * weight * denom) << (fbits * 2 * group.slot)
                    packed += int(weight * denom) << (fbits * (2 * group.slot + 1))
                table[opt.value] = (Status.COUNTED, packed)
        node = q.applies_if
        slot = -1 if node is None else slots.setdefault(node.text, len(slots))
        if node is not None and slot == len(conditions):
            conditions.append(node.value)
        rows.append((q.id, table, q.applies_if))
        slot_of.append(slot)
    ids = tuple(q.id for q in questions)
    true_slot = len(conditions)
    slot_of = [true_slot if slot < 0 else slot for slot in slot_of]
    # One C call picks every question's value out of the results.
    pick = operator.itemgetter(*slot_of)
    applies = pick if len(slot_of) > 1 else (lambda results: (pick(results),))
    evidence = tuple(
        (i, q.id, q.evidence_when, q.evidence_prompt)
        for i, q in enumerate(questions)
        if q.evidence_when
    )
    rule_tests = tuple(r.when.value for r in rules)
    tables: Tables = (
        tuple(rows),
        ids,
        tuple(conditions),
        applies,
        evidence,
        rule_tests,
        tuple(rules),
        _UNSCORED_STEP,
    )
    return Plan(tables, denom, unpack)


_WORDS = ((7, 8, "B"), (15, 16, "H"), (31, 32, "I"), (63, 64, "Q"))


def _field_bits(width: int) -> int:
    # A field one bit wider than the largest total can never carry into its neighbour.
    for fits, bits, _ in _WORDS:
        if width <= fits:
            return bits
    return width + 1


def _unpacker(width: int, n_fields: int) -> Callable[[int], tuple[int, ...]]:
    # Fields are whole machine words where they fit, so one C call unpacks them all; the
    # narrowest word keeps the packed integer short, and so each addition cheap.
    for fits, bits, code in _WORDS:
        if width <= fits:
            fmt = struct.Struct(f"<{n_fields}{code}")
            size = bits // 8 * n_fields
            return lambda total: fmt.unpack(total.to_bytes(size, "little"))
    bits = width + 1
    mask = (1 << bits) - 1
    return lambda total: tuple((total >> (bits * k)) & mask for k in range(n_fields))


_UNANSWERED = Status.UNANSWERED
_new = tuple.__new__


def evaluate(criteria: Criteria, case: Case) -> Judgement:
    """Score ``case`` against ``criteria``; the judgement explains every number it holds.

    The trace holds, per question, its `Status`; or, when its condition was false, the
    condition (a `Node`) that decided it; or, when the condition erred, (node, error).
    """
    p: Plan = criteria.plan  # type: ignore[assignment]
    facts, answers, evidence = case.facts, case.answers, case.evidence
    # `parse_case` builds plain dicts; a `Case` made by hand may hold other mappings, which
    # the compiled loop (typed for dicts) must not be given.
    if facts.__class__ is not dict:
        facts = dict(facts)
    if answers.__class__ is not dict:
        answers = dict(answers)
    if evidence.__class__ is not dict:
        evidence = dict(evidence)
    trace, total, found = run(p.tables, facts, answers, evidence)
    # tuple.__new__ skips the named tuple's Python-level __new__: the fields are in order.
    return _new(Judgement, (criteria, case, trace, p.unpack(total), p.denominator, found))
