"""What the QA report needs from scoring, per case or as columns.

The report needs two things: the judgements of the assessments it explains (those with a
finding, whose findings it lists, and those of double-marked cases, whose disagreements it
shows), and each assessor's pooled totals per outcome (for drift). Agreement reads answers
only. The per-case engine evaluates every assessment. The columnar engine scores the whole
sample as columns once, takes drift from the aggregate, and evaluates only the assessments
the report explains; clean, single-marked assessments are never evaluated one by one. Both
give the same report, to the byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .._aggregate._aggregate import ASSESSOR, GroupTotals
from .._cases._parse import Case
from .._criteria._model import Criteria
from .._evaluate._evaluate import evaluate
from .._evaluate._judgement import Judgement
from ._drift import DriftRow, Sums, drift, drift_rows
from ._identity import Pairing

if TYPE_CHECKING:
    from .._evaluate._columnar import ColumnarScores

__all__ = ["Scored", "score"]


@dataclass(frozen=True, slots=True)
class Scored:
    """What `score` gives the report."""

    engine: Literal["per-case", "columnar"]
    explained: dict[int, Judgement]
    """Sample index -> judgement, for every assessment with a finding or double-marked."""
    drift: tuple[DriftRow, ...]


def score(
    criteria: Criteria,
    cases: Sequence[Case],
    pairing: Pairing,
    engine: Literal["per-case", "columnar"],
) -> Scored:
    """Judgements of the assessments the report explains, and drift, by ``engine``."""
    double = {i for _, indexes in pairing.groups if len(indexes) >= 2 for i in indexes}
    if engine == "columnar":
        return _columnar(criteria, cases, double)
    judgements = [evaluate(criteria, c) for c in cases]
    explained = {i: j for i, j in enumerate(judgements) if j.findings or i in double}
    rows = drift(criteria, judgements, [c.assessor for c in cases])
    return Scored("per-case", explained, tuple(rows))


def _columnar(criteria: Criteria, cases: Sequence[Case], double: set[int]) -> Scored:
    from .._aggregate._columnar import aggregate_scores  # noqa: PLC0415 - polars only when used
    from .._evaluate._columnar import score_frame, to_frame  # noqa: PLC0415

    # A fact named "assessor" takes that name in breakdowns (see `Aggregate`); then the
    # assessors' totals are summed from the per-case columns instead.
    by = () if ASSESSOR in criteria.facts else (ASSESSOR,)
    scores = score_frame(criteria, to_frame(criteria, cases), by)
    frame = scores.cases
    found = (frame.get_column("errors") + frame.get_column("warnings")) > 0
    wanted = sorted(double.union(found.arg_true().to_list()))
    explained = {i: evaluate(criteria, cases[i]) for i in wanted}
    names = sorted({c.assessor for c in cases if c.assessor is not None})
    agg = aggregate_scores(criteria, scores)
    total = [_sums(agg.totals(g)) for g in criteria.outcomes]
    if by:
        per = {a: [_sums(agg.totals(g, ASSESSOR, a)) for g in criteria.outcomes] for a in names}
    else:
        per = _summed(criteria, scores, names)
    return Scored("columnar", explained, tuple(drift_rows(criteria, per, total)))


def _sums(totals: GroupTotals) -> Sums:
    return totals.yes, totals.counted


def _summed(
    criteria: Criteria, scores: ColumnarScores, names: Sequence[str]
) -> dict[str, list[Sums]]:
    """Each assessor's totals per outcome from the per-case columns, summed as Python
    integers (exact, whatever the denominator) in 1/denominator units."""
    frame = scores.cases
    d = criteria.plan.denominator
    who = frame.get_column("assessor").to_list()
    per: dict[str, list[Sums]] = {a: [] for a in names}
    for group in criteria.outcomes:
        sums = {a: [0, 0] for a in names}
        yes = frame.get_column(f"y{group.slot}").to_list()
        counted = frame.get_column(f"c{group.slot}").to_list()
        for assessor, y, c in zip(who, yes, counted, strict=True):
            if assessor is not None:
                sums[assessor][0] += y
                sums[assessor][1] += c
        for a in names:
            per[a].append((Fraction(sums[a][0], d), Fraction(sums[a][1], d)))
    return per
