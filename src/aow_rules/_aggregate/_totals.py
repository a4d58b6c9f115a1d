"""What an aggregate answers: one group's totals and scores, one question's tallies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .._criteria._model import Group, Method, Status

__all__ = ["GroupTotals", "Pooled", "QuestionTotals"]


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
