"""What the impact report counts, and the per-case way to count it.

Both engines fill the same `Tally`, and one renderer writes the report from it, so the two
can differ only in how they count. The per-case count below is the reference: it reads two
judgements per case (one under each version), and the columnar count must agree with it
exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .._aggregate._aggregate import Pooled, pooled
from .._cases._parse import Case
from .._criteria._model import Criteria
from .._evaluate._evaluate import evaluate
from .._evaluate._explain import group_because, group_numbers
from .._evaluate._judgement import Judgement, Status
from ._carry import Assumption
from ._diff import Correspondence

__all__ = ["Tally", "Translated", "case_changes", "tally_per_case"]


@dataclass(frozen=True, slots=True)
class Translated:
    """One case of the sample and what translating it to the new version gave."""

    case: Case
    source: str
    new: Case | None
    """The case as written for the new version; None when it is invalid there."""
    notes: tuple[str, ...]
    """What could not be carried over."""
    problems: tuple[dict[str, Any], ...]
    """Why it is invalid under the new version."""
    assumed: tuple[Assumption, ...] = ()
    """Facts the new version's carry rules filled, each with its value, origin and reason."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Everything the impact report counts; case indexes are positions in the sample."""

    before: dict[str, Pooled]
    """``kind:id`` -> totals under the old version, over every case."""
    after: dict[str, Pooled]
    """``kind:id`` -> totals under the new version, over the cases valid there."""
    changed_cases: int
    """Cases valid under the new version in which some outcome score changes."""
    by_outcome: Counter[str]
    """Old outcome id -> cases whose score in it changes (or that the new version lacks)."""
    bands: Counter[tuple[str, str | None, str | None]]
    """(outcome, old band, new band) -> cases, where either side has a band."""
    moves: dict[str, Counter[str]]
    """New question id -> ``"<before> -> <after>"`` -> cases whose status or answer moved."""
    evidence: list[tuple[int, list[str]]]
    """(case index, questions newly unanswered under the new version), in sample order."""
    explain: Callable[[], list[dict[str, Any]]]
    """Each valid case's explanation changes (`case_changes`), made when asked for."""


def case_changes(old: Judgement, new: Judgement) -> dict[str, Any]:
    """The outcomes whose score changes in one case, with both explanations (each outcome's
    ``aow-judgement/1`` because list); only those outcomes are rendered."""
    after_groups = {g.id: g for g in new.criteria.outcomes}
    outcomes = {}
    for group in old.criteria.outcomes:
        before = group_numbers(old, group)[1]
        target = after_groups.get(group.id)
        after = None if target is None else group_numbers(new, target)[1]
        if target is None or before != after:
            outcomes[group.id] = {
                "before": before,
                "after": after,
                "because_before": group_because(old, group),
                "because_after": None if target is None else group_because(new, target),
            }
    return {"case_id": old.case.case_id, "outcomes": outcomes}


def tally_per_case(
    old: Criteria, new: Criteria, corr: Correspondence, translated: tuple[Translated, ...]
) -> Tally:
    """Count by evaluating every case under both versions (and keeping both judgements)."""
    olds = [evaluate(old, t.case) for t in translated]
    pairs = [
        (i, olds[i], evaluate(new, t.new)) for i, t in enumerate(translated) if t.new is not None
    ]
    changed_cases, by_outcome, bands = _changes(old, new, pairs)
    return Tally(
        before=pooled(old, olds),
        after=pooled(new, [b for _, _, b in pairs]),
        changed_cases=changed_cases,
        by_outcome=by_outcome,
        bands=bands,
        moves=_drivers(new, corr, pairs),
        evidence=_evidence(new, corr, pairs),
        explain=lambda: [case_changes(a, b) for _, a, b in pairs],
    )


_Pairs = list[tuple[int, Judgement, Judgement]]


def _changes(
    old: Criteria, new: Criteria, pairs: _Pairs
) -> tuple[int, Counter[str], Counter[tuple[str, str | None, str | None]]]:
    changed_cases = 0
    per_outcome: Counter[str] = Counter()
    bands: Counter[tuple[str, str | None, str | None]] = Counter()
    for _, before, after in pairs:
        any_change = False
        for group in old.outcomes:
            target = next((g for g in new.outcomes if g.id == group.id), None)
            a = before.group(group)
            b = after.group(target) if target is not None else None
            if b is None or a.score != b.score:
                per_outcome[group.id] += 1
                any_change = True
            if b is not None and (a.band is not None or b.band is not None):
                bands[(group.id, a.band, b.band)] += 1
        changed_cases += any_change
    return changed_cases, per_outcome, bands


def _drivers(new: Criteria, corr: Correspondence, pairs: _Pairs) -> dict[str, Counter[str]]:
    moves: dict[str, Counter[str]] = {}
    for _, a, b in pairs:
        for q in new.questions:
            if not q.scored:
                continue
            sources = corr.sources.get(q.id)
            before = str(a.status(sources[0])) if sources else "absent"
            after = str(b.status(q.id))
            if before != after or (
                sources and a.case.answers.get(sources[0]) != b.case.answers.get(q.id)
            ):
                moves.setdefault(q.id, Counter())[f"{before} -> {after}"] += 1
    return moves


def _evidence(new: Criteria, corr: Correspondence, pairs: _Pairs) -> list[tuple[int, list[str]]]:
    out = []
    for i, a, b in pairs:
        missing = []
        for q in new.questions:
            if b.status(q.id) is not Status.UNANSWERED:
                continue
            sources = corr.sources.get(q.id)
            if not sources or a.status(sources[0]) is not Status.UNANSWERED:
                missing.append(q.id)
        if missing:
            out.append((i, missing))
    return out
