"""Scores of a sample of cases: pooled totals per group (the Inspectorate's "done well enough
x% of the time": the sum of ``yes`` over all cases over the sum of ``counted``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ._criteria import Criteria, Group
from ._judgement import Judgement

__all__ = ["Pooled", "pooled"]


@dataclass(frozen=True, slots=True)
class Pooled:
    """One group's pooled totals over a sample."""

    group: Group
    yes: Fraction
    counted: Fraction
    cases: int
    """Cases in which the group applied (something counted)."""

    @property
    def score(self) -> Fraction | None:
        return self.yes / self.counted if self.counted else None


def pooled(criteria: Criteria, judgements: Sequence[Judgement]) -> dict[str, Pooled]:
    """Pooled totals of every group (outcomes, stages, criteria), keyed by ``kind:id``.

    Judgements of one criteria version share one denominator, so the totals are summed as
    integers and turned into fractions once.
    """
    width = 2 * len(criteria.groups)
    sums = [0] * width
    applies = [0] * len(criteria.groups)
    denominator = 1
    for j in judgements:
        if j.criteria is not criteria and j.criteria != criteria:
            raise ValueError(f"a judgement of {j.criteria.id} in a sample of {criteria.id}")
        denominator = j.denominator
        totals = j.totals
        for k in range(width):
            sums[k] += totals[k]
        for slot in range(len(applies)):
            applies[slot] += totals[2 * slot + 1] > 0
    return {
        f"{g.kind}:{g.id}": Pooled(
            g,
            Fraction(sums[2 * g.slot], denominator),
            Fraction(sums[2 * g.slot + 1], denominator),
            applies[g.slot],
        )
        for g in criteria.groups
    }
