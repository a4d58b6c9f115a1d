"""Aggregation: judgements (or columnar scores) in; a sample's exact totals and ratings out.

Stage 4. An `Aggregate` keeps, per group and per breakdown cell, the multiset of case totals
(yes, counted), from which every sample method (pooled, case mean, cases meeting a threshold)
follows exactly (`_totals`); aggregates merge into new ones. A case falls in one cell of each
breakdown, so only facts with one value per case break a sample down (`breakdown_problems`,
the one check). `_columnar` folds the columnar engine's counts into the same `Aggregate`;
`_rollup` turns key-question scores into the declared ratings; `_inputs` reads the reference
figures and the ratings a panel recorded; `_inspection` reads the inspection record
(``aow-inspection/1``); `_supervision` counts interviews and reoffending from the cases
themselves, the same whatever the engine. Called by the report builders, QA drift and
impact.
"""

from ._aggregate import (
    ASSESSOR,
    NOT_RECORDED,
    Aggregate,
    CellKey,
    GroupTotals,
    Pooled,
    QuestionTotals,
    breakdown_problems,
    check_breakdowns,
    pooled,
)
from ._inputs import (
    RATINGS_FORMAT,
    REFERENCE_FORMAT,
    RecordedRatings,
    Reference,
    load_recorded,
    load_reference,
)
from ._rollup import RatingsResult, Recorded, rate

__all__ = [
    "ASSESSOR",
    "NOT_RECORDED",
    "RATINGS_FORMAT",
    "REFERENCE_FORMAT",
    "Aggregate",
    "CellKey",
    "GroupTotals",
    "Pooled",
    "QuestionTotals",
    "RatingsResult",
    "Recorded",
    "RecordedRatings",
    "Reference",
    "breakdown_problems",
    "check_breakdowns",
    "load_recorded",
    "load_reference",
    "pooled",
    "rate",
]
