"""A judgement: the result of evaluating one case, and its ``aow-judgement/1`` JSON form.

The evaluator records a status for every question, the node that decided each question that
did not apply, and the exact group totals. Everything shown (scores, ``because`` lists, the
summary) is rendered from that record, so every number can be recomputed from the output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .__about__ import __version__

if TYPE_CHECKING:
    from ._case import Case
    from ._cel import CelError
    from ._criteria import Criteria, Group, Node, Question, Rule

__all__ = ["JUDGEMENT_FORMAT", "Finding", "GroupResult", "Judgement", "Status"]

JUDGEMENT_FORMAT = "aow-judgement/1"


class Status(StrEnum):
    """What became of one question in one case."""

    COUNTED = "counted"
    ANSWERED_NA = "answered_na"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    UNSCORED = "unscored"
    CONDITION_ERROR = "condition_error"


def _read(node: Node, case: Case) -> dict[str, Any]:
    # Values a condition read; an absent fact or answer shows as null (a case can never hold
    # null itself: parsing rejects it).
    out: dict[str, Any] = {}
    for f in node.facts:
        out[f"case.{f}"] = case.facts.get(f)
    for q in node.questions:
        out[f'answers["{q}"]'] = case.answers.get(q)
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader of the judgement should look at."""

    code: str
    severity: str
    message: str
    question: str | None = None
    rule: str | None = None
    node: Node | None = None

    @classmethod
    def answered_not_applicable(cls, qid: str, answer: str, node: Node) -> Finding:
        return cls("answered_not_applicable", "warning",
                   f"{qid} was answered {answer!r} but does not apply ({node.text} is false); "
                   "the answer is kept and not counted", qid, node=node)

    @classmethod
    def unanswered(cls, qid: str) -> Finding:
        return cls("applicable_unanswered", "warning", f"{qid} applies to this case but has no "
                   "answer", qid)

    @classmethod
    def condition_error(cls, qid: str, node: Node, error: CelError) -> Finding:
        return cls("condition_error", "error", f"whether {qid} applies could not be decided: "
                   f"{error.message} in {node.text}", qid, node=node)

    @classmethod
    def evidence_missing(cls, q: Question, answer: str) -> Finding:
        want = f": {q.evidence_prompt}" if q.evidence_prompt else ""
        return cls("evidence_missing", "warning",
                   f"{q.id} was answered {answer!r}, which needs written evidence{want}", q.id)

    @classmethod
    def rule_fired(cls, rule: Rule) -> Finding:
        return cls(rule.code, rule.severity, rule.message, rule=rule.code, node=rule.when)

    @classmethod
    def rule_error(cls, rule: Rule, node: Node, error: CelError) -> Finding:
        return cls("condition_error", "error", f"consistency rule {rule.code} could not be "
                   f"decided: {error.message} in {node.text}", rule=rule.code, node=node)

    def to_dict(self, case: Case) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity}
        if self.question is not None:
            out["question"] = self.question
        if self.rule is not None:
            out["rule"] = self.rule
            if self.node is not None:
                out["questions"] = list(self.node.questions)
                out["read"] = _read(self.node, case)
        out["message"] = self.message
        return out


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _exact_text(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _percent(score: Fraction) -> str:
    return f"{(Decimal(score.numerator) * 100 / Decimal(score.denominator)).quantize(Decimal(1), ROUND_HALF_UP)}%"


_ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group's totals in one case: ``score = yes / counted``, exact."""

    group: Group
    yes: Fraction
    counted: Fraction
    band: str | None

    @property
    def score(self) -> Fraction | None:
        """The exact score, or None when nothing counted (the group does not apply)."""
        return self.yes / self.counted if self.counted else None


@dataclass(frozen=True, slots=True, eq=False)
class Judgement:
    """The scored, explained result of one case. Render it with `to_dict` or `to_json`."""

    criteria: Criteria
    case: Case
    statuses: tuple[Status, ...]
    """One status per question of the criteria, in file order."""
    decided: dict[int, tuple[Node, CelError | None]]
    totals: tuple[int, ...]
    denominator: int
    findings: tuple[Finding, ...]

    # -- reading -------------------------------------------------------------------------------

    def status(self, question_id: str) -> Status:
        """The status of one question."""
        return self.statuses[self.criteria.question_index[question_id]]

    def group(self, group: Group) -> GroupResult:
        """Totals of one group (an outcome, stage or criterion of this judgement's criteria)."""
        d = self.denominator
        yes = Fraction(self.totals[2 * group.slot], d)
        counted = Fraction(self.totals[2 * group.slot + 1], d)
        band = None
        if counted and group.kind in self.criteria.scoring.banded:
            band = self._band(yes / counted)
        return GroupResult(group, yes, counted, band)

    def _band(self, score: Fraction) -> str | None:
        scoring = self.criteria.scoring
        value = score
        if scoring.rounding_places is not None:
            percent = Decimal(score.numerator) * 100 / Decimal(score.denominator)
            step = Decimal(1).scaleb(-scoring.rounding_places)
            value = Fraction(percent.quantize(step, _ROUNDING[scoring.rounding_mode])) / 100
        for band in scoring.bands:
            if value >= band.min:
                return band.label
        return None

    @property
    def outcomes(self) -> dict[str, GroupResult]:
        """Outcome id -> totals."""
        return {g.id: self.group(g) for g in self.criteria.outcomes}

    @property
    def stages(self) -> dict[str, GroupResult]:
        """Stage id -> totals."""
        return {g.id: self.group(g) for g in self.criteria.stages}

    @property
    def criteria_groups(self) -> dict[str, GroupResult]:
        """Criterion id (``X.Y``) -> totals."""
        return {g.id: self.group(g) for g in self.criteria.criteria}

    # -- rendering -----------------------------------------------------------------------------

    def _question_entry(self, i: int, q: Question, weight: Fraction | None) -> dict[str, Any]:
        status = self.statuses[i]
        out: dict[str, Any] = {"question": q.id, "status": str(status)}
        answer = self.case.answers.get(q.id)
        if answer is not None:
            out["answer"] = answer
        if status in (Status.COUNTED, Status.ANSWERED_NA):
            assert q.scale is not None and answer is not None
            option = q.scale.option(answer)
            assert option is not None
            out["credit"] = None if option.credit is None else _exact_text(option.credit)
            if weight is not None:
                out["weight"] = _exact_text(weight)
        elif i in self.decided:
            node, error = self.decided[i]
            out["condition"] = node.text
            out["read"] = _read(node, self.case)
            if error is not None:
                out["error"] = error.message
        return out

    def _group_dict(self, group: Group, members: list[tuple[int, Question, Fraction]]) -> dict[str, Any]:
        result = self.group(group)
        score = result.score
        out: dict[str, Any] = {"title": group.title}
        if group.kind == "criterion":
            out["outcome"] = group.outcome
            out["stage"] = group.stage
        out["score"] = None if score is None else float(score)
        out["fraction"] = None if score is None else f"{score.numerator}/{score.denominator}"
        out["yes"] = _number(result.yes)
        out["counted"] = _number(result.counted)
        out["band"] = result.band
        out["because"] = [self._question_entry(i, q, w) for i, q, w in members]
        return out

    def to_dict(self) -> dict[str, Any]:
        """The judgement as ``aow-judgement/1`` data (plain dicts, lists, strings, numbers)."""
        crit = self.criteria
        members: dict[int, list[tuple[int, Question, Fraction]]] = {g.slot: [] for g in crit.groups}
        for i, q in enumerate(crit.questions):
            for group, weight in q.contributions:
                members[group.slot].append((i, q, weight))
        questions: dict[str, Any] = {}
        for i, q in enumerate(crit.questions):
            entry = self._question_entry(i, q, None)
            del entry["question"]
            questions[q.id] = entry
        return {
            "format": JUDGEMENT_FORMAT,
            "case_id": self.case.case_id,
            "assessor": self.case.assessor,
            "criteria": {"id": crit.id, "version": crit.version, "sha256": crit.sha256},
            "engine": {"name": "aow-rules", "version": __version__},
            "outcomes": {g.id: self._group_dict(g, members[g.slot]) for g in crit.outcomes},
            "stages": {g.id: self._group_dict(g, members[g.slot]) for g in crit.stages},
            "criteria_groups": {g.id: self._group_dict(g, members[g.slot]) for g in crit.criteria},
            "questions": questions,
            "findings": [f.to_dict(self.case) for f in self.findings],
            "summary": self.summary(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The judgement as JSON text: byte-identical for the same criteria and case."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def summary(self) -> str:
        """A plain-English paragraph: each outcome's score, then the findings."""
        parts = []
        for g in self.criteria.outcomes:
            r = self.group(g)
            score = r.score
            if score is None:
                parts.append(f"{g.title}: not applicable to this case (no question counted).")
            else:
                band = f", {r.band}" if r.band else ""
                unit = ("applicable questions met" if r.counted.denominator == 1
                        and r.yes.denominator == 1 else "weighted points met")
                parts.append(f"{g.title}: {_plain(r.yes)} of {_plain(r.counted)} {unit} "
                             f"({_percent(score)}{band}).")
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = len(self.findings) - errors
        if self.findings:
            parts.append(f"Findings: {errors} error(s), {warnings} warning(s).")
        else:
            parts.append("No findings.")
        return " ".join(parts)


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"
