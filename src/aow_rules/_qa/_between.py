"""Agreement between assessors who marked the same case, from their answers alone.

In: a criteria version and the assessments of a sample. Out: an `Agreement`: for every scope
(all questions, each outcome, each question) and each handling of "not applicable", the
coefficients of `_agreement`, and Cohen's kappa for every pair of assessors. Nothing is
evaluated: agreement reads the answers. Called by the QA report and the public `agreement`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .._cases import Case, Sample
from .._cases._bulk import bulk
from .._criteria import Criteria, Question
from ._agreement import Coefficient, of_canonical
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


Canonical = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class _Item:
    case: str
    question: int
    ratings: dict[str, Canonical]
    """handling -> the (assessor, category) pairs, sorted (`canonical`): made once, read by
    every scope the item is in."""


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


@dataclass(frozen=True, slots=True)
class _Tally:
    """One scope's items under one handling of na: what its coefficients and counts read."""

    rated: Counter[Canonical]
    """Each distinct rated item with how many times it occurs."""
    items: int
    """Items rated by two or more assessors."""
    cases: frozenset[str]
    """The cases of those items."""


def _tally(chosen: Sequence[_Item], handling: str) -> _Tally:
    rated: Counter[Canonical] = Counter(r for i in chosen if (r := i.ratings[handling]))
    double = [i.case for i in chosen if len(i.ratings[handling]) >= 2]
    return _Tally(rated, len(double), frozenset(double))


def _merged(tallies: Sequence[_Tally]) -> _Tally:
    rated: Counter[Canonical] = Counter()
    for t in tallies:
        rated.update(t.rated)
    cases = frozenset().union(*(t.cases for t in tallies))
    return _Tally(rated, sum(t.items for t in tallies), cases)


def _scope(tallies: dict[str, _Tally]) -> dict[str, Any]:
    """Agreement over one scope's items, per handling of na."""
    return {
        handling: {
            "items": t.items,
            "coefficients": [c.to_dict() for c in of_canonical(t.rated)],
            "cases": len(t.cases),
        }
        for handling, t in tallies.items()
    }


def _cohen_pairs(items: Sequence[_Item]) -> list[dict[str, Any]]:
    # Each pair of assessors reads only the items both rated: one pass files every item under
    # each pair it holds (an item neither or only one of them rated adds nothing to their
    # kappa). "na_category" keeps every answer, so it holds every pair the others do.
    shared_items: dict[tuple[str, str], list[_Item]] = {}
    for item in items:
        raters = [rater for rater, _ in item.ratings["na_category"]]
        for both in itertools.combinations(raters, 2):
            shared_items.setdefault(both, []).append(item)
    rows = []
    for (a, b), chosen in sorted(shared_items.items()):
        row: dict[str, Any] = {"assessors": [a, b], "cases": len({i.case for i in chosen})}
        for handling in HANDLINGS:
            ratings: Counter[Canonical] = Counter(
                kept
                for i in chosen
                if (kept := tuple(p for p in i.ratings[handling] if p[0] == a or p[0] == b))
            )
            coef: Coefficient = of_canonical(ratings, cohen_only=True)[0]
            row[handling] = coef.to_dict()
        rows.append(row)
    return rows


_Categories = dict[str, tuple[str | None, ...]]


def _categories(question: Question) -> _Categories:
    """Each option of the question's scale -> its category under each handling, in order."""
    assert question.scale is not None
    return {
        o.value: tuple(_category(question, o.value, h) for h in HANDLINGS)
        for o in question.scale.options
    }


def _items(criteria: Criteria, cases: Sequence[Any], pairing: Pairing) -> list[_Item]:
    scored = [
        (qi, q.id, _categories(q))
        for qi, q in enumerate(criteria.questions)
        if q.scored and q.scale is not None
    ]
    applicability, answered, na_category = HANDLINGS
    items = []
    for case_id, indexes in pairing.groups:
        if len(indexes) < 2:
            continue
        # `pair` groups assessments by distinct assessors: sorted by assessor, each item's
        # pairs come out sorted (`canonical`) as they are made.
        marked = sorted(((cases[i].assessor, cases[i].answers) for i in indexes), key=_first)
        for qi, qid, categories in scored:
            got = [
                (assessor, found)
                for assessor, answers in marked
                if (found := categories.get(answers.get(qid))) is not None
            ]
            ratings = {
                applicability: tuple((a, c[0]) for a, c in got if c[0] is not None),
                answered: tuple((a, c[1]) for a, c in got if c[1] is not None),
                na_category: tuple((a, c[2]) for a, c in got if c[2] is not None),
            }
            items.append(_Item(case_id, qi, ratings))
    return items


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def agreement_of(criteria: Criteria, cases: Sequence[Case], pairing: Pairing) -> Agreement:
    """The agreement over ``cases``, paired by case id (`pair`)."""
    items = _items(criteria, cases, pairing)
    by_question: dict[int, list[_Item]] = {i: [] for i in range(len(criteria.questions))}
    for item in items:
        by_question[item.question].append(item)
    # Each question's items are counted once per handling; an outcome's and the overall
    # scope add up their questions' counts.
    per_question = {
        i: {h: _tally(chosen, h) for h in HANDLINGS} for i, chosen in by_question.items()
    }

    def merged(questions: Iterable[int]) -> dict[str, _Tally]:
        chosen = [per_question[i] for i in questions]
        return {h: _merged([t[h] for t in chosen]) for h in HANDLINGS}

    in_outcome = {
        g.id: [
            i for i, q in enumerate(criteria.questions) if any(c is g for c, _ in q.contributions)
        ]
        for g in criteria.outcomes
    }
    return Agreement(
        {
            "definitions": {**HANDLINGS, "raw_agreement": RAW_AGREEMENT},
            "overall": _scope(merged(per_question)),
            "outcomes": {g: _scope(merged(members)) for g, members in in_outcome.items()},
            "questions": {
                q.id: _scope(per_question[i])
                for i, q in enumerate(criteria.questions)
                if q.scored and q.scale is not None
            },
            "cohen_pairs": _cohen_pairs(items),
        }
    )


@bulk
def agreement(criteria: Criteria, sample: Sample | Iterable[Case]) -> Agreement:
    """Agreement between assessors who marked the same case (double marking), from answers.

    Cases are paired by case id, normalised as `aow-rules qa` does; an assessment without an
    assessor is left out. Agreement is computed on three handlings of "not applicable" (see
    `HANDLINGS`), over every question, each outcome and each question, and for every pair
    of assessors.
    """
    cases = Sample.of(sample, criteria).cases
    return agreement_of(criteria, cases, pair(cases))
