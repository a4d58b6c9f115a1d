"""Building a sample report: one builder per engine, each scoring the cases its way into the
same two things, an `Aggregate` and the cases as scored (`Scored`), from which one
`SampleReport` is made.

* `build_report`: judgements made one by one (the per-case engine), all kept;
* `build_columnar_report`: the sample scored as columns (polars), no judgement made;
* `stream_report`: cases read, scored, counted and dropped one at a time.

Called by the public `report` (`_api`), which reads the inputs and picks the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .._aggregate._aggregate import ASSESSOR, Aggregate, check_breakdowns
from .._aggregate._inputs import RecordedRatings, Reference
from .._aggregate._rollup import RatingsResult, rate
from .._aggregate._supervision import Supervision, SupervisionTally, supervision_of
from .._cases._parse import Case
from .._cases._sample import Rejected
from .._criteria._model import Criteria
from .._evaluate._evaluate import evaluate
from .._evaluate._judgement import Judgement
from ._model import SampleReport
from ._scored import Columnar, PerCase, Scored, Streamed

__all__ = ["build_columnar_report", "build_report", "stream_report"]


def build_report(
    criteria: Criteria,
    judgements: Sequence[Judgement],
    *,
    source: str = "",
    sources: Sequence[str] | None = None,
    rejected: Sequence[Rejected] = (),
    by: Sequence[str] | None = None,
    reference: Reference | None = None,
    recorded: RecordedRatings | None = None,
) -> SampleReport:
    """The report of ``judgements`` (one per case of a sample, all under ``criteria``).

    ``by`` defaults to the criteria's declared breakdowns plus ``assessor``.
    """
    names = _names(criteria, by)
    agg = Aggregate.of(criteria, judgements, names)
    listed = tuple(sources) if sources is not None else tuple(j.case.case_id for j in judgements)
    scored = PerCase(tuple(judgements), listed)
    return _report(
        criteria,
        scored,
        agg,
        supervision_of(criteria, (j.case for j in judgements), names),
        source=source,
        rejected=rejected,
        reference=reference,
        recorded=recorded,
    )


def build_columnar_report(
    criteria: Criteria,
    cases: Sequence[Case],
    *,
    source: str = "",
    rejected: Sequence[Rejected] = (),
    by: Sequence[str] | None = None,
    reference: Reference | None = None,
    recorded: RecordedRatings | None = None,
) -> SampleReport:
    """`build_report`'s report, from cases scored as columns rather than one by one."""
    from .._aggregate._columnar import aggregate_scores  # noqa: PLC0415 - polars only when used
    from .._evaluate._columnar import score_frame, to_frame  # noqa: PLC0415

    names = _names(criteria, by)
    scores = score_frame(criteria, to_frame(criteria, cases), names)
    agg = aggregate_scores(criteria, scores)
    scored = Columnar(scores, tuple(c.case_id for c in cases))
    return _report(
        criteria,
        scored,
        agg,
        supervision_of(criteria, cases, names),
        source=source,
        rejected=rejected,
        reference=reference,
        recorded=recorded,
    )


def stream_report(
    criteria: Criteria,
    items: Iterable[tuple[str, Case | Rejected]],
    *,
    source: str = "",
    by: Sequence[str] | None = None,
    reference: Reference | None = None,
    recorded: RecordedRatings | None = None,
) -> SampleReport:
    """`build_report`'s totals for a sample read one case at a time (see `iter_sample`):
    each case is scored, counted and dropped, so memory does not grow with the sample."""
    streamed = Streamed()
    rejected: list[Rejected] = []
    names = _names(criteria, by)
    tally = SupervisionTally(criteria, names)

    def judged() -> Iterator[Judgement]:
        for _, item in items:
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            j = evaluate(criteria, item)
            streamed.take(j)
            tally.add(item)
            yield j

    agg = Aggregate.of(criteria, judged(), names)
    return _report(
        criteria,
        streamed,
        agg,
        tally.settle(),
        source=source,
        rejected=rejected,
        reference=reference,
        recorded=recorded,
    )


def _names(criteria: Criteria, by: Sequence[str] | None) -> tuple[str, ...]:
    asked = [*criteria.scoring.breakdowns, ASSESSOR] if by is None else by
    return check_breakdowns(criteria, asked)


def _report(
    criteria: Criteria,
    scored: Scored,
    agg: Aggregate,
    supervision: Supervision,
    *,
    source: str,
    rejected: Sequence[Rejected],
    reference: Reference | None,
    recorded: RecordedRatings | None,
) -> SampleReport:
    ratings: RatingsResult | None = None
    if criteria.scoring.ratings is not None:
        ratings = rate(
            criteria.scoring.ratings,
            agg,
            recorded.standards if recorded else None,
            recorded.overrides if recorded else None,
            recorded.overall_override if recorded else None,
        )
    return SampleReport(
        criteria, source, scored, tuple(rejected), agg, reference, ratings, recorded, supervision
    )
