"""A judgement: the result of evaluating one case, and its ``aow-judgement/1`` JSON form.

The evaluator records a status for every question, the node that decided each question that
did not apply, and the exact group totals. Everything shown (scores, ``because`` lists, the
summary) is rendered from that record, so every number can be recomputed from the output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..__about__ import __version__
from .._criteria._bands import band_of
from .._criteria._finding import Finding, read_values
from .._criteria._model import Status
from .._numbers import fraction_text, json_number, percent_text

if TYPE_CHECKING:
    from .._cases._parse import Case
    from .._cel import CelError
    from .._criteria._model import Criteria, Group, Node, Question

__all__ = ["JUDGEMENT_FORMAT", "GroupResult", "Judgement", "Status"]

JUDGEMENT_FORMAT = "aow-judgement/1"


def _status(step: object) -> Status:
    if isinstance(step, Status):
        return step
    return Status.CONDITION_ERROR if isinstance(step, tuple) else Status.NOT_APPLICABLE


def _exact_text(value: Fraction) -> int | str:
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


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


@dataclass(frozen=True, slots=True)
class Judgement:
    """The scored, explained result of one case. Render it with `to_dict` or `to_json`."""

    criteria: Criteria
    """The criteria the case was scored against."""
    case: Case
    """The case."""
    trace: tuple[Status | Node | tuple[Node, CelError], ...]
    """Per question, in file order: its status; or the condition that was false (the question
    does not apply); or the condition and its error (``condition_error``)."""
    totals: tuple[int, ...]
    """``yes`` and ``counted`` of every group, interleaved by slot, in 1/`denominator` units."""
    findings: tuple[Finding, ...]
    """Everything a reader should look at, in the order found."""

    @property
    def denominator(self) -> int:
        """The common denominator of all totals (the criteria's)."""
        return self.criteria.plan.denominator

    # -- reading -------------------------------------------------------------------------------

    @property
    def statuses(self) -> tuple[Status, ...]:
        """One status per question of the criteria, in file order."""
        return tuple(_status(t) for t in self.trace)

    def status(self, question_id: str) -> Status:
        """The status of one question."""
        return _status(self.trace[self.criteria.question_index[question_id]])

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
        level = band_of(score, scoring.bands, scoring.rounding)
        return None if level is None else level.label

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

    def _question_entry(self, i: int, q: Question) -> dict[str, Any]:
        step = self.trace[i]
        status = _status(step)
        out: dict[str, Any] = {"question": q.id, "status": str(status)}
        answer = self.case.answers.get(q.id)
        if answer is not None:
            out["answer"] = answer
        if status in (Status.COUNTED, Status.ANSWERED_NA):
            assert q.scale is not None
            assert answer is not None
            option = q.scale.option(answer)
            assert option is not None
            out["credit"] = None if option.credit is None else _exact_text(option.credit)
        elif not isinstance(step, Status):
            node, error = step if isinstance(step, tuple) else (step, None)
            if error is None and node.leaf is None:  # the part of all/any/not that decided
                node = node.test(self.case.facts, self.case.answers)[1]
            out["condition"] = node.text
            out["read"] = read_values(node, self.case)
            if error is not None:
                out["error"] = error.message
        return out

    def _group_dict(self, result: GroupResult, because: list[dict[str, Any]]) -> dict[str, Any]:
        group = result.group
        score = result.score
        out: dict[str, Any] = {"title": group.title}
        if group.kind == "criterion":
            out["outcome"] = group.outcome
            out["stage"] = group.stage
        out["score"] = None if score is None else float(score)
        out["fraction"] = fraction_text(score)
        out["yes"] = json_number(result.yes)
        out["counted"] = json_number(result.counted)
        out["band"] = result.band
        out["because"] = because
        return out

    def to_dict(self) -> dict[str, Any]:
        """The judgement as ``aow-judgement/1`` data (plain dicts, lists, strings, numbers)."""
        crit = self.criteria
        # Each question's entry is rendered once and copied into every group it counts in;
        # only counted and answered_na entries carry the weight of that group.
        entries = [self._question_entry(i, q) for i, q in enumerate(crit.questions)]
        members: dict[int, list[dict[str, Any]]] = {g.slot: [] for g in crit.groups}
        for i, q in enumerate(crit.questions):
            for group, weight in q.contributions:
                entry = dict(entries[i])
                if "credit" in entry:
                    entry["weight"] = _exact_text(weight)
                members[group.slot].append(entry)
        results = {g.slot: self.group(g) for g in crit.groups}
        findings = self.findings

        def section(groups: tuple[Group, ...]) -> dict[str, Any]:
            return {g.id: self._group_dict(results[g.slot], members[g.slot]) for g in groups}

        return {
            "format": JUDGEMENT_FORMAT,
            "case_id": self.case.case_id,
            "assessor": self.case.assessor,
            "criteria": {"id": crit.id, "version": crit.version, "sha256": crit.sha256},
            "engine": {"name": "aow-rules", "version": __version__},
            "outcomes": section(crit.outcomes),
            "stages": section(crit.stages),
            "criteria_groups": section(crit.criteria),
            "questions": {
                q.id: {k: v for k, v in entry.items() if k != "question"}
                for q, entry in zip(crit.questions, entries, strict=True)
            },
            "findings": [f.to_dict(self.case) for f in findings],
            "summary": self._summary([results[g.slot] for g in crit.outcomes], findings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The judgement as JSON text: byte-identical for the same criteria and case."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def summary(self) -> str:
        """A plain-English paragraph: each outcome's score, then the findings."""
        return self._summary([self.group(g) for g in self.criteria.outcomes], self.findings)

    def _summary(self, outcomes: list[GroupResult], findings: tuple[Finding, ...]) -> str:
        parts = []
        for r in outcomes:
            g = r.group
            score = r.score
            if score is None:
                parts.append(f"{g.title}: not applicable to this case (no question counted).")
            else:
                band = f", {r.band}" if r.band else ""
                unit = (
                    "applicable questions met"
                    if r.counted.denominator == 1 and r.yes.denominator == 1
                    else "weighted points met"
                )
                parts.append(
                    f"{g.title}: {_plain(r.yes)} of {_plain(r.counted)} {unit} "
                    f"({percent_text(score)}{band})."
                )
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        if findings:
            parts.append(f"Findings: {errors} error(s), {warnings} warning(s).")
        else:
            parts.append("No findings.")
        return " ".join(parts)


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"
