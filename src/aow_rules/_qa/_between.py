"""Agreement between assessors who marked the same case, from their answers alone.

In: a criteria version and the assessments of a sample. Out: an `Agreement`: for every scope
(all questions, each outcome, each question) and each handling of "not applicable", the
coefficients of `_agreement`, and Cohen's kappa for every pair of assessors. Nothing is
evaluated: agreement reads the answers. Called by the QA report and the public `agreement`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .._cases import Case, Sample
from .._criteria import Criteria, Question
from ._agreement import Coefficient, all_coefficients, cohen_kappa
from ._identity import Pairing, pair

__all__ = ["HANDLINGS", "RAW_AGREEMENT", "Agreement", "agreement", "agreement_of"]

HANDLINGS: dict[str, str] = {
    "applicability": "agreement on applicability: an answer with credit counts as 'answered', "
    "a null-credit answer ('na') as 'na'",
    "answered": "agreement on the answer where both answered: null-credit answers ('na') are "
    "left out as missing",
    "na_category": "'na' as a category of its own: every answer option is its own category",
}
RAW_AGREEMENT = (
    "raw agreement is pairwise: agreeing pairs of assessors over all pairs of assessors who "
    "rated the same item, pooled over items"
)

Ratings = list[dict[str, str]]


def _category(question: Question, answer: str, handling: str) -> str | None:
    assert question.scale is not None
    option = question.scale.option(answer)
    if option is None:
        return None
    if handling == "applicability":
        return "na" if option.credit is None else "answered"
    if handling == "answered":
        return None if option.credit is None else answer
    return answer


@dataclass(frozen=True, slots=True)
class _Item:
    case: str
    question: int
    ratings: dict[str, dict[str, str]]
    """handling -> assessor -> category."""


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement between assessors on the double-marked cases of a sample."""

    data: dict[str, Any]
    """The ``agreement`` section of ``aow-qa/1``: definitions, overall, outcomes, questions,
    cohen_pairs."""

    def to_dict(self) -> dict[str, Any]:
        """The agreement as JSON data (the ``agreement`` section of ``aow-qa/1``)."""
        return self.data

    @property
    def overall_alpha(self) -> dict[str, Any]:
        """Krippendorff's alpha over every question, "na" as a category."""
        overall = self.data["overall"]["na_category"]["coefficients"]
        found: dict[str, Any] = next(c for c in overall if c["name"] == "krippendorff_alpha")
        return found


def _coefficients(ratings: Ratings) -> dict[str, Any]:
    coefs = all_coefficients(ratings)
    cases = sum(1 for r in ratings if len(r) >= 2)
    return {"items": cases, "coefficients": [c.to_dict() for c in coefs]}


def _scope(chosen: Sequence[_Item]) -> dict[str, Any]:
    """Agreement over ``chosen`` items (their order does not matter), per handling of na."""
    out: dict[str, Any] = {}
    for handling in HANDLINGS:
        ratings = [i.ratings[handling] for i in chosen]
        block = _coefficients(ratings)
        block["cases"] = len({i.case for i, r in zip(chosen, ratings, strict=True) if len(r) >= 2})
        out[handling] = block
    return out


def _cohen_pairs(items: Sequence[_Item]) -> list[dict[str, Any]]:
    # Each pair of assessors reads only the items both rated: one pass files every item under
    # each pair it holds (an item neither or only one of them rated adds nothing to their
    # kappa). "na_category" keeps every answer, so it holds every pair the others do.
    shared_items: dict[tuple[str, str], list[_Item]] = {}
    for item in items:
        for both in itertools.combinations(sorted(item.ratings["na_category"]), 2):
            shared_items.setdefault(both, []).append(item)
    rows = []
    for (a, b), chosen in sorted(shared_items.items()):
        row: dict[str, Any] = {"assessors": [a, b], "cases": len({i.case for i in chosen})}
        for handling in HANDLINGS:
            ratings = [
                {k: v for k, v in i.ratings[handling].items() if k in (a, b)} for i in chosen
            ]
            coef: Coefficient = cohen_kappa(ratings)
            row[handling] = coef.to_dict()
        rows.append(row)
    return rows


def _items(criteria: Criteria, cases: Sequence[Any], pairing: Pairing) -> list[_Item]:
    items = []
    for case_id, indexes in pairing.groups:
        if len(indexes) < 2:
            continue
        for qi, q in enumerate(criteria.questions):
            if not q.scored or q.scale is None:
                continue
            ratings: dict[str, dict[str, str]] = {h: {} for h in HANDLINGS}
            for i in indexes:
                case = cases[i]
                answer = case.answers.get(q.id)
                if answer is None:
                    continue
                for handling in HANDLINGS:
                    category = _category(q, answer, handling)
                    if category is not None:
                        ratings[handling][case.assessor] = category
            items.append(_Item(case_id, qi, ratings))
    return items


def agreement_of(criteria: Criteria, cases: Sequence[Case], pairing: Pairing) -> Agreement:
    """The agreement over ``cases``, paired by case id (`pair`)."""
    items = _items(criteria, cases, pairing)
    in_outcome = {
        g.id: frozenset(
            i for i, q in enumerate(criteria.questions) if any(c is g for c, _ in q.contributions)
        )
        for g in criteria.outcomes
    }
    by_question: dict[int, list[_Item]] = {i: [] for i in range(len(criteria.questions))}
    for item in items:
        by_question[item.question].append(item)
    return Agreement(
        {
            "definitions": {**HANDLINGS, "raw_agreement": RAW_AGREEMENT},
            "overall": _scope(items),
            "outcomes": {
                g: _scope([item for i in sorted(members) for item in by_question[i]])
                for g, members in in_outcome.items()
            },
            "questions": {
                q.id: _scope(by_question[i])
                for i, q in enumerate(criteria.questions)
                if q.scored and q.scale is not None
            },
            "cohen_pairs": _cohen_pairs(items),
        }
    )


def agreement(criteria: Criteria, sample: Sample | Iterable[Case]) -> Agreement:
    """Agreement between assessors who marked the same case (double marking), from answers.

    Cases are paired by case id, normalised as `aow-rules qa` does; an assessment without an
    assessor is left out. Agreement is computed on three handlings of "not applicable" (see
    `HANDLINGS`), over every question, each outcome and each question, and for every pair
    of assessors.
    """
    cases = Sample.of(sample).cases
    return agreement_of(criteria, cases, pair(cases))
