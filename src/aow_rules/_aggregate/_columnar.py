"""The columnar engine's sample totals: the multisets of case totals, per group and per
breakdown cell, counted from a sample scored as columns.

In: `ColumnarScores` (from `_evaluate._columnar`). Out: the same `Aggregate` that
`Aggregate.of` gives for the judgements of the same cases. Called by the report builder, QA
and the benchmark.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._cases import Case
from .._criteria import Criteria
from .._evaluate._columnar import ColumnarScores, score_frame, to_frame
from .._evaluate._frame import fact_column
from ._aggregate import ASSESSOR, Aggregate, CellKey

if TYPE_CHECKING:
    import polars

__all__ = ["aggregate_columnar", "aggregate_frame", "aggregate_scores"]


def aggregate_scores(criteria: Criteria, scores: ColumnarScores) -> Aggregate:
    """The `Aggregate` of a sample scored as columns, by the breakdowns it was scored with."""
    import numpy as np  # noqa: PLC0415 - optional dependency, imported only on this path

    enc, by, totals, tallies = scores.encoder, scores.by, scores.totals, scores.tallies
    rows = enc.frame.height
    slots = [g.slot for g in criteria.groups]
    whole = (rows, [totals.multisets(s)[0] for s in slots])
    cells: dict[tuple[str, CellKey], tuple[int, list[Counter[tuple[int, int]]]]] = {}
    for name in by:
        column = (
            "assessor" if name == ASSESSOR and name not in criteria.facts else fact_column(name)
        )
        codes = enc(column)
        sizes = np.bincount(codes.codes, minlength=codes.size)
        offsets = totals.offsets(codes.codes, codes.size)
        per_slot = [totals.multisets(s, codes.codes, codes.size, offsets) for s in slots]
        for code in np.flatnonzero(sizes).tolist():
            key = codes.values[code]
            cells[name, key] = (int(sizes[code]), [counts[code] for counts in per_slot])
    return Aggregate.from_counts(criteria, by, whole=whole, cells=cells, questions=tallies)


def aggregate_columnar(
    criteria: Criteria, cases: Sequence[Case] | Iterable[Case], by: Sequence[str] = ()
) -> Aggregate:
    """`Aggregate.of(criteria, [evaluate(criteria, c) for c in cases], by)`, by columns."""
    listed = cases if isinstance(cases, Sequence) else list(cases)
    return aggregate_scores(criteria, score_frame(criteria, to_frame(criteria, listed), by))


def aggregate_frame(
    criteria: Criteria, frame: polars.DataFrame, by: Sequence[str] = ()
) -> Aggregate:
    """The `Aggregate` of a frame made by `to_frame`: what the columnar engine computes for a
    report (the benchmark times this)."""
    return aggregate_scores(criteria, score_frame(criteria, frame, by))
