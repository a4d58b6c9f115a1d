"""Which assessments are of the same case: exact case ids after one normalisation.

The normalisation is Unicode NFC and nothing else, so ids that look alike but differ in
case or whitespace (``YNY-014`` and ``yny-014 ``) are *not* paired; they are reported as
near-duplicates for a person to resolve, never silently paired or silently split.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .._cases._parse import Case

__all__ = ["NORMALISATION", "Pairing", "near_key", "normalise", "pair"]

NORMALISATION = (
    "case ids are compared after Unicode NFC normalisation and nothing else: letter case and "
    "whitespace are significant"
)


def normalise(case_id: str) -> str:
    """The id assessments are paired by."""
    return unicodedata.normalize("NFC", case_id)


def near_key(case_id: str) -> str:
    """Ids with the same near key but different normalised ids are near-duplicates."""
    return "".join(normalise(case_id).casefold().split())


@dataclass(frozen=True, slots=True)
class Pairing:
    """Assessments grouped by case, and what stood in the way of grouping them."""

    groups: tuple[tuple[str, tuple[int, ...]], ...]
    """(normalised case id, indexes of its assessments by distinct assessors), in input order."""
    near_duplicates: tuple[tuple[str, ...], ...]
    """Sets of case ids that differ only in letter case or whitespace."""
    repeated: tuple[tuple[str, str, tuple[int, ...]], ...]
    """(case id, assessor, indexes) where one assessor assessed one case more than once: the
    first assessment is used for agreement, the others are listed here."""
    unattributed: tuple[int, ...]
    """Assessments with no assessor: scored, but left out of agreement and drift."""


def pair(cases: Sequence[Case]) -> Pairing:
    """Group assessments of the same case, in input order."""
    by_id: dict[str, list[int]] = {}
    unattributed: list[int] = []
    for i, case in enumerate(cases):
        if case.assessor is None:
            unattributed.append(i)
            continue
        by_id.setdefault(normalise(case.case_id), []).append(i)
    groups: list[tuple[str, tuple[int, ...]]] = []
    repeated: list[tuple[str, str, tuple[int, ...]]] = []
    for case_id, indexes in by_id.items():
        first: dict[str, int] = {}
        extra: dict[str, list[int]] = {}
        for i in indexes:
            assessor = cases[i].assessor
            assert assessor is not None
            if assessor in first:
                extra.setdefault(assessor, [first[assessor]]).append(i)
            else:
                first[assessor] = i
        groups.append((case_id, tuple(first.values())))
        repeated.extend((case_id, a, tuple(ix)) for a, ix in extra.items())
    near: dict[str, set[str]] = {}
    for case_id in by_id:
        near.setdefault(near_key(case_id), set()).add(case_id)
    near_duplicates = tuple(tuple(sorted(ids)) for _, ids in sorted(near.items()) if len(ids) > 1)
    return Pairing(tuple(groups), near_duplicates, tuple(repeated), tuple(unattributed))
