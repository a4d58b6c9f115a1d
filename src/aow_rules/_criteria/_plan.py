"""The evaluator's tables, built once when a criteria file is compiled.

In: the compiled questions, consistency rules and groups. Out: a `Plan`, held by the
`Criteria`, which `_evaluate` runs each case through. Built here, in the criteria stage,
because a compiled `Criteria` is complete and frozen: nothing downstream adds to it.

Speed (the target is 50,000 cases/s with full explanation on one core) shapes the choices;
each was measured with bench/evaluate.py:

* each distinct condition runs once per case, and one C call hands every question its value;
* every finding an answer or a rule can give is built here, once: the loop hands out these
  frozen values rather than building one per case;
* every credit x weight is scaled once to an integer over a common denominator, so the
  totals are exact integers;
* the totals of every group live in one packed integer, with a fixed-width field for each
  group's ``yes`` and ``counted``. Counting a question is then one integer addition however
  many groups it counts towards, and one ``struct.unpack`` recovers every total at the end.
  Field widths are chosen from the largest possible total, so a field can never overflow
  into its neighbour;
* an addition costs the length of the integer, so a file of many groups (hundreds of
  criteria) would make each question's cost grow with the size of the file: there the fields
  are split into segments of `SEGMENT_FIELDS`, one packed integer each, and a question adds
  into the few segments its groups are in (measured: per-question cost flat from 60 to 5,000
  questions, where one integer made it 4-5 times dearer at 5,000).
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._finding import Finding
from ._model import Group, Question, Rule, Status

__all__ = ["SEGMENT_FIELDS", "Plan", "Row", "Tables", "plan"]

SEGMENT_FIELDS = 64
"""Fields (two per group) in one packed integer: 1,024 bits at 16 bits a field, so an
addition stays a few machine words long. A criteria file with more groups than half this
(iaow-2013-10 has 29) packs its totals into several integers."""

Row = tuple[str, dict[Any, tuple[Any, Any]], Any]
"""Per question: its id; answer (None: none) -> (status, packed increment); its condition (a
`Node`, read only when it is not true, so never None then). A tuple unpacked straight into
loop variables: attribute access on a per-question object would cost more than the body.
The increment is an integer, or with several segments a tuple of (segment, integer), each
nonzero (0, or an empty tuple, when nothing counts)."""
EvidenceRule = tuple[int, str, dict[str | None, Finding]]
"""Per question with an evidence rule: its index, its id, and each answer that needs written
evidence -> the ``evidence_missing`` finding it gives without any."""
Condition = Callable[[Any, Any], Any]


Tables = tuple[
    tuple[Row, ...],  # rows
    tuple[str, ...],  # question ids
    tuple[Condition, ...],  # the distinct applies_if conditions
    Callable[[list[Any]], tuple[Any, ...]],  # condition results -> each question's value
    tuple[EvidenceRule, ...],
    tuple[Condition, ...],  # each consistency rule's condition
    tuple[Finding, ...],  # each consistency rule's finding (it holds the rule)
    tuple[Any, int],  # the step of an answer a question's table lacks
    # Per question, read only on the rare paths (kept out of the rows, which every case
    # unpacks for every question): its applicable_unanswered finding (None: unscored), and
    # answer -> its answered_not_applicable finding.
    tuple["Finding | None", ...],
    tuple[dict[str, Finding], ...],
    int,  # segments of packed totals: 0 for one packed integer, else how many
]
"""What `run` needs of the plan (`_evaluate.Plan.tables`), in one tuple."""


_UNSCORED_STEP = (Status.UNSCORED, 0)


@dataclass(frozen=True, slots=True)
class Plan:
    tables: Tables
    """What the per-case loop (`_steps.run`) reads: per question its id, its answer -> (status,
    packed increment) table and its condition; the distinct conditions (one shared by several
    questions runs once); condition results -> each question's value; the evidence rules;
    each consistency rule's condition and finding; the step of an answer a table lacks; the
    findings an answer gives when it is missing, or given where its question does not
    apply."""
    denominator: int
    """Every group total is an integer count of 1/denominator."""
    unpack: Callable[[Any], tuple[int, ...]]
    """Packed totals (an integer, or a list of one per segment) -> (yes, counted) for each
    group slot, interleaved."""


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
    fbits = _field_bits(width)
    segments = 0 if n_fields <= SEGMENT_FIELDS else -(-n_fields // SEGMENT_FIELDS)
    unpack = _unpacker(width, n_fields, segments)
    rows: list[Row] = []
    slot_of: list[int] = []
    # Equal text means equal meaning: conditions are checked against one set of declarations.
    slots: dict[str, int] = {}
    conditions: list[Callable[[Mapping[str, object], Mapping[str, str]], Any]] = []
    unanswered: list[Finding | None] = []
    ignored: list[dict[str, Finding]] = []
    for q in questions:
        # Every possible answer maps to its status and packed increment; an unscored
        # question has an empty table, so every answer falls back to _UNSCORED_STEP.
        node = q.applies_if
        table: dict[str | None, tuple[Status, Any]] = {}
        unanswered.append(None)
        ignored.append({})
        if q.scored and q.scale is not None:
            table[None] = (Status.UNANSWERED, 0)
            unanswered[-1] = Finding("applicable_unanswered", "warning", q.id)
            for opt in q.scale.options:
                if node is not None:
                    ignored[-1][opt.value] = Finding(
                        "answered_not_applicable", "warning", q.id, node=node, answer=opt.value
                    )
                if opt.credit is None:
                    table[opt.value] = (Status.ANSWERED_NA, 0)
                    continue
                fields: dict[int, int] = {}  # field -> what this answer adds to it
                for group, weight in q.contributions:
                    fields[2 * group.slot] = int(opt.credit * weight * denom)
                    fields[2 * group.slot + 1] = int(weight * denom)
                table[opt.value] = (Status.COUNTED, _packed(fields, fbits, segments))
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
    evidence: list[EvidenceRule] = []
    for i, q in enumerate(questions):
        if q.evidence_when:
            missing: dict[str | None, Finding] = {
                answer: Finding(
                    "evidence_missing", "warning", q.id, answer=answer, prompt=q.evidence_prompt
                )
                for answer in sorted(q.evidence_when)
            }
            evidence.append((i, q.id, missing))
    rule_tests = tuple(r.when.value for r in rules)
    rule_findings = tuple(Finding(r.code, r.severity, rule=r, node=r.when) for r in rules)
    tables: Tables = (
        tuple(rows),
        ids,
        tuple(conditions),
        applies,
        tuple(evidence),
        rule_tests,
        rule_findings,
        _UNSCORED_STEP,
        tuple(unanswered),
        tuple(ignored),
        segments,
    )
    return Plan(tables, denom, unpack)


def _packed(fields: dict[int, int], fbits: int, segments: int) -> Any:
    """An increment: one integer of every field, or (segment, integer) for each segment of
    `SEGMENT_FIELDS` fields that holds some (in segment order)."""
    if not segments:
        return sum(v << (fbits * f) for f, v in fields.items())
    per: dict[int, int] = {}
    for f, v in fields.items():
        seg, at = divmod(f, SEGMENT_FIELDS)
        per[seg] = per.get(seg, 0) + (v << (fbits * at))
    return tuple((seg, v) for seg, v in sorted(per.items()) if v)


_WORDS = ((7, 8, "B"), (15, 16, "H"), (31, 32, "I"), (63, 64, "Q"))


def _field_bits(width: int) -> int:
    # A field one bit wider than the largest total can never carry into its neighbour.
    for fits, bits, _ in _WORDS:
        if width <= fits:
            return bits
    return width + 1


def _unpacker(width: int, n_fields: int, segments: int) -> Callable[[Any], tuple[int, ...]]:
    if not segments:
        return _unpacker_of(width, n_fields)
    sizes = [min(SEGMENT_FIELDS, n_fields - k * SEGMENT_FIELDS) for k in range(segments)]
    parts = [_unpacker_of(width, n) for n in sizes]

    def unpack(totals: list[int]) -> tuple[int, ...]:
        out: list[int] = []
        for part, total in zip(parts, totals, strict=True):
            out.extend(part(total))
        return tuple(out)

    return unpack


def _unpacker_of(width: int, n_fields: int) -> Callable[[int], tuple[int, ...]]:
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
