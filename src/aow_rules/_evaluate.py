"""Evaluate one case against compiled criteria: statuses, exact group totals, findings.

Evaluation is pure: it reads the `Criteria` and the `Case` and returns a new `Judgement`.

Speed (>= 50,000 cases/s with full explanation on one core) shapes two choices here:

* every credit x weight is scaled once, at compile time, to an integer over a common
  denominator, so the totals are exact integers;
* the totals of every group live in one packed integer, with a fixed-width field for each
  group's ``yes`` and ``counted``. Counting a question is then one integer addition however
  many groups it counts towards, and one ``struct.unpack`` recovers every total at the end.
  Field widths are chosen at compile time from the largest possible total, so a field can
  never overflow into its neighbour.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ._cel import CelError
from ._judgement import Finding, Judgement, Status

if TYPE_CHECKING:
    from ._case import Case
    from ._criteria import Criteria, Group, Node, Question, Rule

__all__ = ["Plan", "evaluate", "plan"]


@dataclass(frozen=True, slots=True)
class _QPlan:
    id: str
    index: int
    scored: bool
    node: Node | None
    leaf: Callable[[Mapping[str, object], Mapping[str, str]], Any] | None
    adds: Mapping[str, int]
    """Packed increment for each credited option (null-credit options are absent)."""
    evidence_when: frozenset[str]


@dataclass(frozen=True, slots=True)
class Plan:
    questions: tuple[_QPlan, ...]
    rules: tuple[Rule, ...]
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
    fbits = 32 if width <= 31 else 64 if width <= 63 else width
    qplans = []
    for i, q in enumerate(questions):
        adds: dict[str, int] = {}
        for opt in q.scale.options if (q.scale and q.scored) else ():
            if opt.credit is None:
                continue
            packed = 0
            for group, weight in q.contributions:
                packed += int(opt.credit * weight * denom) << (fbits * 2 * group.slot)
                packed += int(weight * denom) << (fbits * (2 * group.slot + 1))
            adds[opt.value] = packed
        node = q.applies_if
        leaf = node.leaf.fn if node is not None and node.leaf is not None else None
        qplans.append(_QPlan(q.id, i, q.scored, node, leaf, adds, q.evidence_when))
    return Plan(tuple(qplans), tuple(rules), denom, unpack)


def _unpacker(width: int, n_fields: int) -> Callable[[int], tuple[int, ...]]:
    # Fields are whole machine words where they fit, so one C call unpacks them all.
    if width <= 31:
        fmt = struct.Struct(f"<{n_fields}I")
        size = 4 * n_fields
        return lambda total: fmt.unpack(total.to_bytes(size, "little"))
    if width <= 63:
        fmt = struct.Struct(f"<{n_fields}Q")
        size = 8 * n_fields
        return lambda total: fmt.unpack(total.to_bytes(size, "little"))
    mask = (1 << width) - 1
    return lambda total: tuple((total >> (width * k)) & mask for k in range(n_fields))


_NA = Status.NOT_APPLICABLE
_ERR = Status.CONDITION_ERROR
_COUNTED = Status.COUNTED
_ANSWERED_NA = Status.ANSWERED_NA
_UNANSWERED = Status.UNANSWERED
_UNSCORED = Status.UNSCORED


def evaluate(criteria: Criteria, case: Case) -> Judgement:
    """Score ``case`` against ``criteria``; the judgement explains every number it holds."""
    p: Plan = criteria.plan  # type: ignore[assignment]
    facts = case.facts
    answers = case.answers
    total = 0
    statuses: list[Status] = []
    decided: dict[int, tuple[Node, CelError | None]] = {}
    findings: list[Finding] = []
    for qp in p.questions:
        ans = answers.get(qp.id)
        node = qp.node
        if node is not None:
            if qp.leaf is not None:
                value = qp.leaf(facts, answers)
            else:
                value, node = node.test(facts, answers)
            if value is not True:
                if value is False:
                    statuses.append(_NA)
                    decided[qp.index] = (node, None)
                    if ans is not None:
                        findings.append(Finding.answered_not_applicable(qp.id, ans, node))
                else:
                    statuses.append(_ERR)
                    decided[qp.index] = (node, value)
                    findings.append(Finding.condition_error(qp.id, node, value))
                continue
        if not qp.scored:
            statuses.append(_UNSCORED)
            continue
        if ans is None:
            statuses.append(_UNANSWERED)
            findings.append(Finding.unanswered(qp.id))
            continue
        add = qp.adds.get(ans)
        if add is None:
            statuses.append(_ANSWERED_NA)
        else:
            total += add
            statuses.append(_COUNTED)
        if ans in qp.evidence_when and not case.evidence.get(qp.id, "").strip():
            findings.append(Finding.evidence_missing(criteria.questions[qp.index], ans))
    for rule in p.rules:
        value, node = rule.when.test(facts, answers)
        if value is True:
            findings.append(Finding.rule_fired(rule))
        elif value is not False:
            findings.append(Finding.rule_error(rule, node, value))
    return Judgement(
        criteria=criteria,
        case=case,
        statuses=tuple(statuses),
        decided=decided,
        totals=p.unpack(total),
        denominator=p.denominator,
        findings=tuple(findings),
    )


def exact(units: int, denominator: int) -> Fraction:
    """A total in 1/denominator units as an exact fraction."""
    return Fraction(units, denominator)
