"""The QA report: contradictions within assessments, agreement between assessors who marked
the same case, the disagreements that change a score, and assessor drift.

In: a criteria version and a sample of assessments. Out: a `QAReport` (``aow-qa/1``).
Called by the CLI's qa verb, the HTML report's QA section and the public `qa`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..__about__ import __version__
from .._cases import Case, Sample
from .._cases._bulk import bulk
from .._criteria._model import Criteria
from .._evaluate._engines import HELD_ENGINES, HeldEngine, check_held_engine, choose_engine
from .._evaluate._explain import group_because, group_numbers
from .._evaluate._judgement import Judgement
from .._numbers import json_text
from ._between import HANDLINGS, Agreement, agreement_of
from ._drift import METHOD, MIN_COUNTED, DriftRow
from ._identity import NORMALISATION, Pairing, pair
from ._scoring import score

__all__ = ["ENGINES", "HANDLINGS", "QA_FORMAT", "QAEngine", "QAReport", "qa"]

QA_FORMAT = "aow-qa/1"
QAEngine = HeldEngine
ENGINES = HELD_ENGINES


@dataclass(frozen=True, slots=True)
class QAReport:
    """Everything `aow-rules qa` reports. ``to_dict()`` is its ``aow-qa/1`` JSON data."""

    criteria: Criteria
    sample: Sample
    explained: Mapping[int, Judgement]
    """Index in ``sample.cases`` -> judgement, for the assessments the report explains: every
    one with a finding, and every one of a double-marked case. Others are not kept (and, on
    the columnar engine, never evaluated one by one)."""
    pairing: Pairing
    agreement: Agreement
    disagreements: tuple[dict[str, Any], ...]
    drift: tuple[DriftRow, ...]
    engine: Literal["per-case", "columnar"]
    """The engine that scored the sample; the report is the same either way."""

    @property
    def error_findings(self) -> int:
        """How many findings of severity error the assessments hold."""
        return sum(1 for j in self.explained.values() for f in j.findings if f.severity == "error")

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
            "agreement": self.agreement.to_dict(),
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
        return json_text(self.to_dict(), indent=indent)

    def summary(self) -> str:
        """A plain-English paragraph."""
        cases = self.sample.cases
        double = sum(1 for g in self.pairing.groups if len(g[1]) >= 2)
        assessors = len({c.assessor for c in cases if c.assessor is not None})
        errors = self.error_findings
        warnings = sum(len(j.findings) for j in self.explained.values()) - errors
        parts = [
            f"{len(cases)} assessments of {len(self.pairing.groups)} cases by {assessors} "
            f"assessors; {double} cases double-marked; {len(self.sample.rejected)} rejected.",
            f"Findings within assessments: {errors} error(s), {warnings} warning(s).",
        ]
        alpha = self.agreement.overall_alpha
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


def _disagreements(
    criteria: Criteria, judgements: Mapping[int, Judgement], pairing: Pairing
) -> list[dict[str, Any]]:
    """Each pair of assessments of one case whose score or band of an outcome differs, with
    both assessors' explanations of that outcome (its ``aow-judgement/1`` because lists).
    Reads each judgement's totals; renders only the outcomes listed."""
    out = []
    for case_id, indexes in pairing.groups:
        for i, j in itertools.combinations(indexes, 2):
            a, b = judgements[i], judgements[j]
            for group in criteria.outcomes:
                na, nb = group_numbers(a, group), group_numbers(b, group)
                # (score, fraction, yes, counted, band): the fraction is the exact score.
                if na[1] == nb[1] and na[4] == nb[4]:
                    continue
                ea, eb = group_because(a, group), group_because(b, group)
                differ = [
                    x["question"]
                    for x, y in zip(ea, eb, strict=True)
                    if (x.get("status"), x.get("answer")) != (y.get("status"), y.get("answer"))
                ]
                out.append(
                    {
                        "case_id": case_id,
                        "outcome": group.id,
                        "assessors": [a.case.assessor, b.case.assessor],
                        "fractions": [na[1], nb[1]],
                        "scores": [na[0], nb[0]],
                        "bands": [na[4], nb[4]],
                        "questions_differing": differ,
                        "because": [ea, eb],
                    }
                )
    return out


@bulk
def qa(
    criteria: Criteria, sample: Sample | Iterable[Case], *, engine: QAEngine = "auto"
) -> QAReport:
    """Check a sample of assessments for ``criteria``: see `QAReport`.

    ``sample``: read with `read_sample` (its rejected cases are reported too), or cases.

    ``engine``: ``per-case`` evaluates every assessment; ``columnar`` scores the sample as
    columns (polars) and evaluates only the assessments the report explains; ``auto`` picks
    columnar from `COLUMNAR_FROM` assessments when polars is installed. The report is the
    same, to the byte. Raises `ArgumentError` for an engine that is not one of `ENGINES`, or
    ``columnar`` when it cannot run.
    """
    check_held_engine(engine)
    sample = Sample.of(sample, criteria)
    cases = sample.cases
    chosen = choose_engine(engine, len(cases), criteria)
    assert chosen != "stream", "only asked for when given"
    pairing = pair(cases)
    scored = score(criteria, cases, pairing, chosen)
    agreement = agreement_of(criteria, cases, pairing)
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
