"""A judgement: the result of evaluating one case, rendered as ``aow-judgement/2`` (or ``/1``)
JSON by `_explain`.

The evaluator records a status for every question, the node that decided each question that
did not apply, and the exact group totals. Everything shown (scores, ``because`` lists, the
summary) is rendered from that record, so every number can be recomputed from the output.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .._criteria._bands import band_of
from .._criteria._finding import Finding
from .._criteria._model import Status
from .._numbers import json_text
from ._compact import compact_json
from ._explain import (
    DEFAULT_FORMAT,
    JudgementFormat,
    check_format,
    judgement_data,
    summary_text,
)

if TYPE_CHECKING:
    from .._cases._parse import Case
    from .._cel import CelError
    from .._criteria._model import Criteria, Group, Node

__all__ = ["JUDGEMENT_FORMAT", "GroupResult", "Judgement", "Status"]

JUDGEMENT_FORMAT = "aow-judgement/2"
"""The format `Judgement.to_dict` writes by default (``aow-judgement/1`` on request)."""


def _status(step: object) -> Status:
    if isinstance(step, Status):
        return step
    return Status.CONDITION_ERROR if isinstance(step, tuple) else Status.NOT_APPLICABLE


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

    def to_dict(self, *, format: JudgementFormat = DEFAULT_FORMAT) -> dict[str, Any]:
        """The judgement as data (plain dicts, lists, strings, numbers) in ``format`` 2
        (``aow-judgement/2``, the default: each question's entry once, groups list the ids of
        the questions they count) or 1 (``aow-judgement/1``: each group copies its questions'
        entries into ``because``). Raises `ArgumentError` for another format."""
        return judgement_data(self, check_format(format))

    def to_json(
        self,
        *,
        indent: int | None = None,
        format: JudgementFormat = DEFAULT_FORMAT,
    ) -> str:
        """The judgement as JSON text, compact unless ``indent`` (spaces) is given;
        byte-identical for the same criteria, case, format and indent."""
        if not indent and format == 2:
            return compact_json(self)  # the same bytes, from remembered pieces
        return json_text(self.to_dict(format=format), indent=indent)

    def summary(self) -> str:
        """A plain-English paragraph: each outcome's score, then the findings."""
        return summary_text(self)
