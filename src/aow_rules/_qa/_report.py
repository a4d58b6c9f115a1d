"""The QA report: contradictions within assessments, agreement between assessors who marked
the same case, the disagreements that change a score, and assessor drift."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..__about__ import __version__
from .._cases._sample import Sample
from .._criteria._model import Criteria, Question
from .._evaluate._engines import HELD_ENGINES, HeldEngine, check_held_engine, choose_engine
from .._evaluate._judgement import Judgement
from ._agreement import Coefficient, all_coefficients, cohen_kappa
from ._drift import METHOD, MIN_COUNTED, DriftRow
from ._identity import NORMALISATION, Pairing, pair
from ._scoring import score

__all__ = ["ENGINES", "HANDLINGS", "QA_FORMAT", "QAEngine", "QAReport", "qa_report"]

QA_FORMAT = "aow-qa/1"
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
QAEngine = HeldEngine
ENGINES = HELD_ENGINES


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
class QAReport:
    """Everything `aow-rules qa` reports. Render it with `to_dict`, `to_json`, `text`."""

    criteria: Criteria
    sample: Sample
    explained: Mapping[int, Judgement]
    """Index in ``sample.cases`` -> judgement, for the assessments the report explains: every
    one with a finding, and every one of a double-marked case. Others are not kept (and, on
    the columnar engine, never evaluated one by one)."""
    pairing: Pairing
    agreement: dict[str, Any]
    disagreements: tuple[dict[str, Any], ...]
    drift: tuple[DriftRow, ...]
    engine: Literal["per-case", "columnar"]
    """The engine that scored the sample; the report is the same either way."""

    @property
    def error_findings(self) -> int:
        """How many findings of severity error the assessments hold."""
        return sum(1 for j in self.explained.values() for f in j.found if f[1] == "error")

    def _findings(self) -> dict[str, Any]:
        per: list[dict[str, Any]] = []
        codes: Counter[str] = Counter()
        severities: Counter[str] = Counter()
        for index in sorted(self.explained):
            judgement, source = self.explained[index], self.sample.sources[index]
            found = judgement.findings
            for f in found:
                codes[f.code] += 1
                severities[f.severity] += 1
            if found:
                per.append(
                    {
                        "case_id": judgement.case.case_id,
                        "assessor": judgement.case.assessor,
                        "source": source,
                        "findings": [f.to_dict(judgement.case) for f in found],
                    }
                )
        for rejected in self.sample.rejected:
            for p in rejected.problems:
                codes[str(p.code)] += 1
                severities["error"] += 1
        return {
            "errors": severities["error"],
            "warnings": severities["warning"],
            "by_code": dict(sorted(codes.items())),
            "assessments": per,
        }

    def to_dict(self) -> dict[str, Any]:
        """The report as ``aow-qa/1`` data."""
        crit = self.criteria
        cases = self.sample.cases
        assessors = sorted({c.assessor for c in cases if c.assessor is not None})
        double = [g for g in self.pairing.groups if len(g[1]) >= 2]
        p = self.pairing
        return {
            "format": QA_FORMAT,
            "criteria": {"id": crit.id, "version": crit.version, "sha256": crit.sha256},
            "engine": {"name": "aow-rules", "version": __version__},
            "sample": {
                "assessments": len(cases),
                "cases": len(p.groups),
                "double_marked_cases": len(double),
                "assessors": assessors,
                "rejected": [r.to_dict() for r in self.sample.rejected],
            },
            "findings": self._findings(),
            "identity": {
                "normalisation": NORMALISATION,
                "near_duplicates": [list(ids) for ids in p.near_duplicates],
                "repeated_assessments": [
                    {"case_id": cid, "assessor": a, "sources": [self.sample.sources[i] for i in ix]}
                    for cid, a, ix in p.repeated
                ],
                "unattributed": [self.sample.sources[i] for i in p.unattributed],
            },
            "agreement": self.agreement,
            "disagreements": list(self.disagreements),
            "drift": {
                "method": METHOD,
                "min_counted": MIN_COUNTED,
                "rows": [row.to_dict() for row in self.drift],
            },
            "summary": self.summary(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text: byte-identical for the same inputs."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def summary(self) -> str:
        """A plain-English paragraph."""
        cases = self.sample.cases
        double = sum(1 for g in self.pairing.groups if len(g[1]) >= 2)
        assessors = len({c.assessor for c in cases if c.assessor is not None})
        errors = self.error_findings
        warnings = sum(len(j.found) for j in self.explained.values()) - errors
        parts = [
            f"{len(cases)} assessments of {len(self.pairing.groups)} cases by {assessors} "
            f"assessors; {double} cases double-marked; {len(self.sample.rejected)} rejected.",
            f"Findings within assessments: {errors} error(s), {warnings} warning(s).",
        ]
        overall = self.agreement["overall"]["na_category"]["coefficients"]
        alpha = next(c for c in overall if c["name"] == "krippendorff_alpha")
        if alpha["value"] is None:
            parts.append(f"Agreement: not measurable ({alpha['undefined']}).")
        else:
            parts.append(
                f"Agreement over all questions ('na' as a category): Krippendorff's alpha "
                f"{alpha['value']:.3f} ({alpha['band']})."
            )
        parts.append(f"{len(self.disagreements)} disagreement(s) change an outcome's score.")
        flagged = sum(1 for r in self.drift if r.flagged)
        parts.append(f"Drift: {flagged} assessor-outcome rate(s) flagged.")
        if self.pairing.near_duplicates:
            parts.append(
                f"{len(self.pairing.near_duplicates)} set(s) of near-duplicate case ids need a "
                "person to resolve them."
            )
        return " ".join(parts)


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


def _disagreements(
    criteria: Criteria, judgements: Mapping[int, Judgement], pairing: Pairing
) -> list[dict[str, Any]]:
    rendered: dict[int, dict[str, Any]] = {}
    out = []
    for case_id, indexes in pairing.groups:
        for i, j in itertools.combinations(indexes, 2):
            a, b = judgements[i], judgements[j]
            for group in criteria.outcomes:
                ra, rb = a.group(group), b.group(group)
                if ra.score == rb.score and ra.band == rb.band:
                    continue
                da = rendered.setdefault(i, a.to_dict())["outcomes"][group.id]
                db = rendered.setdefault(j, b.to_dict())["outcomes"][group.id]
                differ = [
                    ea["question"]
                    for ea, eb in zip(da["because"], db["because"], strict=True)
                    if (ea.get("status"), ea.get("answer")) != (eb.get("status"), eb.get("answer"))
                ]
                out.append(
                    {
                        "case_id": case_id,
                        "outcome": group.id,
                        "assessors": [a.case.assessor, b.case.assessor],
                        "fractions": [da["fraction"], db["fraction"]],
                        "scores": [da["score"], db["score"]],
                        "bands": [da["band"], db["band"]],
                        "questions_differing": differ,
                        "because": [da["because"], db["because"]],
                    }
                )
    return out


def qa_report(criteria: Criteria, sample: Sample, *, engine: QAEngine = "auto") -> QAReport:
    """Check a sample of assessments for ``criteria``: see `QAReport`.

    ``engine``: ``per-case`` evaluates every assessment; ``columnar`` scores the sample as
    columns (polars) and evaluates only the assessments the report explains; ``auto`` picks
    columnar from `COLUMNAR_FROM` assessments when polars is installed. The report is the
    same, to the byte. Raises `CaseError` if ``columnar`` is asked for and cannot run.
    """
    check_held_engine(engine)
    cases = sample.cases
    chosen = choose_engine(engine, len(cases), criteria)
    assert chosen != "stream", "only asked for when given"
    pairing = pair(cases)
    scored = score(criteria, cases, pairing, chosen)
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
    agreement: dict[str, Any] = {
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
    return QAReport(
        criteria=criteria,
        sample=sample,
        explained=scored.explained,
        pairing=pairing,
        agreement=agreement,
        disagreements=tuple(_disagreements(criteria, scored.explained, pairing)),
        drift=scored.drift,
        engine=scored.engine,
    )
