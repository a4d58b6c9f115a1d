"""The impact counts of a large sample, with both versions scored as columns.

Translation stays per case (each translated case is validated under the new version, and its
problems are reported), but neither version holds a judgement per case: the columnar engine
gives each case's group totals and each question's status and answer per case, and every
count of the report is a few array operations over those:

* scores are compared exactly: each distinct ``(yes, counted)`` of a group becomes one
  `Fraction` (and its band, computed once), numbered so that equal scores of the two versions
  get equal numbers; a case's score changes when its two numbers differ;
* status transitions are counted with `numpy.bincount` over ``before * width + after``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .._aggregate._columnar import aggregate_scores
from .._criteria._bands import band_of
from .._criteria._model import Criteria, Group
from .._evaluate._columnar import STATUSES, QuestionColumn, score_frame, to_frame
from .._evaluate._evaluate import evaluate
from .._evaluate._judgement import Status
from ._diff import Correspondence
from ._impact_tally import Tally, Translated, case_changes

if TYPE_CHECKING:
    import numpy
    import polars

__all__ = ["tally_columnar"]

_LABELS = (*(str(s) for s in STATUSES), "absent")
_ABSENT = len(STATUSES)
"""The code of "no question of the old version continues this one"."""
_UNANSWERED = STATUSES.index(Status.UNANSWERED)


def _np() -> Any:
    import numpy  # noqa: PLC0415 - optional dependency, imported only on this path

    return numpy


def tally_columnar(
    old: Criteria, new: Criteria, corr: Correspondence, translated: tuple[Translated, ...]
) -> Tally:
    """The same `Tally` as `tally_per_case`, without a judgement per case."""
    np = _np()
    valid = [i for i, t in enumerate(translated) if t.new is not None]
    before = score_frame(old, to_frame(old, [t.case for t in translated]), questions=True)
    after = score_frame(
        new,
        to_frame(new, [c for c in (t.new for t in translated) if c is not None]),
        questions=True,
    )
    assert before.questions is not None
    assert after.questions is not None
    rows = np.array(valid, dtype=np.int64)
    changed, by_outcome, bands = _changes(old, new, before.cases, after.cases, rows)
    olds = [before.questions[old.question_index[s[0]]] if s else None for s in _sources(new, corr)]

    def explain() -> list[dict[str, Any]]:
        # Explanations are per case by nature; only the cases whose scores change have any,
        # so only those are evaluated (the others have nothing to show).
        out = []
        for i, moved in zip(valid, changed.tolist(), strict=True):
            t = translated[i]
            if moved:
                assert t.new is not None
                out.append(case_changes(evaluate(old, t.case), evaluate(new, t.new)))
            else:
                out.append({"case_id": t.case.case_id, "outcomes": {}})
        return out

    pooled_before = aggregate_scores(old, before)
    pooled_after = aggregate_scores(new, after)
    return Tally(
        before={f"{g.kind}:{g.id}": pooled_before.totals(g) for g in old.groups},
        after={f"{g.kind}:{g.id}": pooled_after.totals(g) for g in new.groups},
        changed_cases=int(changed.sum()),
        by_outcome=by_outcome,
        bands=bands,
        moves=_drivers(new, olds, after.questions, rows),
        evidence=_evidence(new, olds, after.questions, rows, valid),
        explain=explain,
    )


def _sources(new: Criteria, corr: Correspondence) -> list[list[str] | None]:
    return [corr.sources.get(q.id) for q in new.questions]


def _band(criteria: Criteria, group: Group, score: Fraction | None) -> str | None:
    # As `Judgement.group` bands a group: only where something counted and bands apply.
    if score is None or group.kind not in criteria.scoring.banded:
        return None
    scoring = criteria.scoring
    level = band_of(score, scoring.bands, scoring.rounding)
    return None if level is None else level.label


def _scores(
    criteria: Criteria,
    group: Group,
    cases: polars.DataFrame,
    rows: numpy.ndarray[Any, Any] | None,
    *,
    numbers: dict[Fraction | None, int],
    labels: dict[str | None, int],
) -> tuple[numpy.ndarray[Any, Any], numpy.ndarray[Any, Any]]:
    """Per row, the number of its score in ``group`` and of its band; equal scores (and
    equal bands) get equal numbers, whichever version they come from."""
    np = _np()
    yes = cases.get_column(f"y{group.slot}").to_numpy()
    counted = cases.get_column(f"c{group.slot}").to_numpy()
    if rows is not None:
        yes, counted = yes[rows], counted[rows]
    if not len(yes):
        empty: numpy.ndarray[Any, Any] = np.zeros(0, dtype=np.int64)
        return empty, empty
    distinct, inverse = np.unique(np.stack([yes, counted]), axis=1, return_inverse=True)
    score_ids, band_ids = [], []
    for y, c in distinct.T.tolist():
        # Both totals are in the version's 1/denominator units: their ratio is the score.
        score = Fraction(y, c) if c else None
        score_ids.append(numbers.setdefault(score, len(numbers)))
        band = _band(criteria, group, score)
        band_ids.append(labels.setdefault(band, len(labels)))
    inverse = inverse.ravel()
    by_score: numpy.ndarray[Any, Any] = np.array(score_ids, dtype=np.int64)[inverse]
    by_band: numpy.ndarray[Any, Any] = np.array(band_ids, dtype=np.int64)[inverse]
    return by_score, by_band


def _changes(
    old: Criteria,
    new: Criteria,
    before: polars.DataFrame,
    after: polars.DataFrame,
    rows: numpy.ndarray[Any, Any],
) -> tuple[numpy.ndarray[Any, Any], Counter[str], Counter[tuple[str, str | None, str | None]]]:
    """Per valid case, whether any outcome score changes; per outcome, how many cases change;
    the band transitions."""
    np = _np()
    changed = np.zeros(len(rows), dtype=bool)
    by_outcome: Counter[str] = Counter()
    bands: Counter[tuple[str, str | None, str | None]] = Counter()
    for group in old.outcomes:
        target = next((g for g in new.outcomes if g.id == group.id), None)
        if target is None:  # the outcome is gone: every case's score in it "changes"
            by_outcome[group.id] += len(rows)
            changed[:] = True
            continue
        numbers: dict[Fraction | None, int] = {}
        labels: dict[str | None, int] = {}
        score_a, band_a = _scores(old, group, before, rows, numbers=numbers, labels=labels)
        score_b, band_b = _scores(new, target, after, None, numbers=numbers, labels=labels)
        moved = score_a != score_b
        by_outcome[group.id] += int(moved.sum())
        changed |= moved
        names = list(labels)
        counts = np.bincount(band_a * len(names) + band_b, minlength=len(names) ** 2)
        for key in np.flatnonzero(counts).tolist():
            a, b = names[key // len(names)], names[key % len(names)]
            if a is not None or b is not None:
                bands[(group.id, a, b)] += int(counts[key])
    return changed, by_outcome, bands


def _drivers(
    new: Criteria,
    olds: Sequence[QuestionColumn | None],
    news: Sequence[QuestionColumn],
    rows: numpy.ndarray[Any, Any],
) -> dict[str, Counter[str]]:
    """Per scored question of the new version: how many cases moved from each status (of the
    old question it continues, or "absent") to each status, or kept it with another answer."""
    np = _np()
    width = len(STATUSES)
    moves: dict[str, Counter[str]] = {}
    for q, source, column in zip(new.questions, olds, news, strict=True):
        if not q.scored:
            continue
        after = column.status
        if source is None:
            before = np.full(len(rows), _ABSENT, dtype=np.int64)
            moved = np.ones(len(rows), dtype=bool)
        else:
            before = source.status[rows].astype(np.int64)
            # Old answers as indexes of the new column's answers (-1: not among them).
            index = {value: i for i, value in enumerate(column.answers)}
            carried = np.array([index.get(v, -1) for v in source.answers], dtype=np.int64)
            moved = (before != after) | (carried[source.answer[rows]] != column.answer)
        counts = np.bincount((before * width + after)[moved], minlength=(_ABSENT + 1) * width)
        for key in np.flatnonzero(counts).tolist():
            label = f"{_LABELS[key // width]} -> {_LABELS[key % width]}"
            moves.setdefault(q.id, Counter())[label] = int(counts[key])
    return moves


def _evidence(
    new: Criteria,
    olds: Sequence[QuestionColumn | None],
    news: Sequence[QuestionColumn],
    rows: numpy.ndarray[Any, Any],
    valid: Sequence[int],
) -> list[tuple[int, list[str]]]:
    """Per valid case, the questions unanswered under the new version that were not already
    unanswered under the old one."""
    np = _np()
    ids, masks = [], []
    for q, source, column in zip(new.questions, olds, news, strict=True):
        missing = column.status == _UNANSWERED
        if source is not None:
            missing &= source.status[rows] != _UNANSWERED
        if missing.any():
            ids.append(q.id)
            masks.append(missing)
    if not masks:
        return []
    # Row-major order: by case, then by question in file order, as the report lists them.
    found_rows, found_questions = np.nonzero(np.stack(masks, axis=1))
    out: list[tuple[int, list[str]]] = []
    for row, k in zip(found_rows.tolist(), found_questions.tolist(), strict=True):
        if not out or out[-1][0] != valid[row]:
            out.append((valid[row], []))
        out[-1][1].append(ids[k])
    return out
