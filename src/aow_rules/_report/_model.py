"""A sample report: scores per outcome, stage and criterion, breakdowns, reference figures,
ratings where declared, and every case with its scores (``aow-report/1``).

The model: one `Aggregate` (every number exact until it is rendered) and the sample's cases as
the engine scored them (`Scored`), read the same way whichever engine it was. Built by the
builders of `_report`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..__about__ import __version__
from .._aggregate._aggregate import Aggregate, CellKey, GroupTotals
from .._aggregate._inputs import RecordedRatings, Reference
from .._aggregate._inspection import Inspection
from .._aggregate._rollup import RatingsResult, Recorded
from .._aggregate._supervision import Supervision, supervision_of
from .._cases._sample import Rejected
from .._criteria._bands import band_of, group_percent, rating_percent
from .._criteria._model import Criteria, Group, GroupKind, Method, Provenance, Scoring
from .._evaluate._engines import Engine
from .._evaluate._explain import DEFAULT_FORMAT, JudgementFormat, case_detail, check_format
from .._evaluate._judgement import Judgement
from .._numbers import fraction_text, json_number, json_text
from ..errors import ArgumentError, Code, Problem
from ._scored import Scored
from ._supervision import Cells, interviews_data, reoffending_data

__all__ = ["CASE_LIST_LIMIT", "REPORT_FORMAT", "SECTIONS", "SampleReport"]

REPORT_FORMAT = "aow-report/1"
CASE_LIST_LIMIT = 10_000
"""Reports of larger samples list no cases unless asked: the totals are what they are for."""
SECTIONS: tuple[tuple[str, GroupKind], ...] = (
    ("outcomes", "outcome"),
    ("stages", "stage"),
    ("criteria_groups", "criterion"),
)


@dataclass(frozen=True, slots=True)
class SampleReport:
    """The report of one sample under one criteria version. Render with `to_dict`/`to_json`."""

    criteria: Criteria
    source: str
    scored: Scored
    """The cases as the engine scored them: what the report reads of each (see `Scored`)."""
    rejected: tuple[Rejected, ...]
    aggregate: Aggregate
    reference: Reference | None
    ratings: RatingsResult | None
    recorded: RecordedRatings | None
    supervision: Supervision | None = None
    """Interview and reoffending counts (the builders always count them; None only for a
    report made by hand, whose cases are then counted when kept, else empty)."""
    inspection: Inspection | None = None
    """The inspection record the report was given, shown in its header."""

    @property
    def judgements(self) -> tuple[Judgement, ...]:
        """Every case's judgement, in sample order; empty unless scored one by one and kept
        (``per-case``)."""
        return self.scored.judgements or ()

    @property
    def sources(self) -> tuple[str, ...]:
        """Where each case came from, in sample order."""
        return self.scored.sources

    def _members(self) -> dict[int, list[str]]:
        """Group slot -> the ids of the questions that count in it."""
        members: dict[int, list[str]] = {g.slot: [] for g in self.criteria.groups}
        for q in self.criteria.questions:
            for g, _ in q.contributions:
                members[g.slot].append(q.id)
        return members

    def case_details(self) -> list[dict[str, Any]]:
        """Per case, what explains its scores compactly: each question's status, answer,
        credit and deciding condition, the findings and the summary (a judgement without
        its per-group ``because`` copies: group members are listed once in the report)."""
        return list(self.iter_case_details())

    def iter_case_details(self) -> Iterator[dict[str, Any]]:
        """`case_details` one case at a time (a page of 100,000 cases never holds them all)."""
        judgements = self.scored.judgements
        if judgements is None:
            raise ValueError("case explanations need the per-case engine")
        return (case_detail(j) for j in judgements)

    @property
    def method(self) -> Method:
        return self.criteria.scoring.sample_method

    @property
    def engine(self) -> Engine:
        return self.scored.engine

    @property
    def synthetic(self) -> bool:
        """True when every case says it is synthetic (its note starts with SYNTHETIC)."""
        return self.scored.synthetic()

    @property
    def cases(self) -> int:
        """How many cases were scored."""
        return self.aggregate.cases

    def score(self, totals: GroupTotals) -> Fraction | None:
        """A group's sample score by the criteria's declared method."""
        return totals.by(self.method, self.criteria.scoring.threshold)

    # -- rendering -----------------------------------------------------------------------------

    def _group_entry(self, g: Group, members: dict[int, list[str]]) -> dict[str, Any]:
        t = self.aggregate.totals(g)
        score = self.score(t)
        scoring = self.criteria.scoring
        out: dict[str, Any] = {"title": g.title}
        if g.kind == "criterion":
            out["outcome"] = g.outcome
            out["stage"] = g.stage
        out.update(_cell(scoring, g.kind, score, t))
        out["band"] = None
        if score is not None and g.kind in scoring.banded:
            level = band_of(score, scoring.bands, scoring.rounding)
            out["band"] = None if level is None else level.label
        out["not_applicable"] = self.aggregate.cases - t.cases
        out["questions"] = members[g.slot]
        methods: dict[str, Any] = {
            "pooled": _exact(t.score),
            "case_mean": _exact(t.case_mean),
        }
        if scoring.threshold is not None:
            methods["cases_meeting"] = {
                **_exact(t.cases_meeting(scoring.threshold)),
                "threshold": fraction_text(scoring.threshold),
                "meeting": t.meeting(scoring.threshold),
            }
        out["methods"] = methods
        out["reference"] = self._reference(g, score)
        if g.kind == "criterion":
            out["provenance"] = _provenance(g.provenance)
        return out

    def _reference(self, g: Group, score: Fraction | None) -> dict[str, Any] | None:
        if self.reference is None:
            return None
        figures = self.reference.figures.get(f"{g.kind}:{g.id}")
        if figures is None:
            return None
        low, avg, high = figures
        out: dict[str, Any] = {}
        for name, value in (("lowest", low), ("average", avg), ("highest", high)):
            out[name] = None if value is None else float(value)
            out[f"{name}_fraction"] = fraction_text(value)
        diff = None if score is None or avg is None else score - avg
        out["difference_from_average"] = None if diff is None else float(diff)
        out["difference_fraction"] = fraction_text(diff) if diff is not None else None
        return out

    def _cells(self) -> Cells:
        return [
            (
                by,
                _breakdown_title(self.criteria, by),
                [
                    (value, _value_title(self.criteria, by, value), cases)
                    for value, cases in self.aggregate.values(by)
                ],
            )
            for by in self.aggregate.by
        ]

    def _supervision(self) -> Supervision:
        if self.supervision is not None:
            return self.supervision
        return supervision_of(self.criteria, (j.case for j in self.judgements), self.aggregate.by)

    def _breakdowns(self) -> list[dict[str, Any]]:
        out = []
        for by in self.aggregate.by:
            title = _breakdown_title(self.criteria, by)
            values = []
            for value, cases in self.aggregate.values(by):
                entry: dict[str, Any] = {
                    "value": value,
                    "title": _value_title(self.criteria, by, value),
                    "cases": cases,
                }
                for section, kind in SECTIONS:
                    entry[section] = {
                        g.id: _cell(self.criteria.scoring, kind, self.score(t), t)
                        for g in self.criteria.groups
                        if g.kind == kind
                        for t in (self.aggregate.totals(g, by, value),)
                    }
                values.append(entry)
            out.append({"by": by, "title": title, "values": values})
        return out

    def _questions(self) -> dict[str, Any]:
        out = {}
        for i, q in enumerate(self.criteria.questions):
            qt = self.aggregate.question(i)
            out[q.id] = {
                "text": q.text,
                "criterion": q.criterion,
                "key": q.key,
                "scored": q.scored,
                "counted": qt.counted,
                "yes": json_number(qt.yes),
                "score": None if qt.score is None else float(qt.score),
                "fraction": fraction_text(qt.score),
                "percent": group_percent(self.criteria.scoring, None, qt.score),
                "statuses": dict(qt.statuses),
                "answers": dict(qt.answers),
            }
        return out

    def _cases(self, explain: bool, judgement_format: JudgementFormat) -> list[dict[str, Any]]:
        denominator = self.aggregate.denominator
        out = []
        by = [b for b in self.aggregate.by if b in self.criteria.facts]
        rows = self.scored.rows(self.criteria, by)
        sections = [
            (section, [g for g in self.criteria.groups if g.kind == kind])
            for section, kind in SECTIONS
        ]
        for k, (case_id, assessor, facts, errors, warnings, totals) in enumerate(rows):
            entry: dict[str, Any] = {
                "case_id": case_id,
                "assessor": assessor,
                "facts": facts,
                "findings": {"errors": errors, "warnings": warnings},
            }
            for section, groups in sections:
                entry[section] = {
                    g.id: _case_score(totals[2 * g.slot], totals[2 * g.slot + 1], denominator)
                    for g in groups
                }
            if explain:
                entry["judgement"] = self.judgements[k].to_dict(format=judgement_format)
            out.append(entry)
        return out

    def _findings(self) -> dict[str, Any]:
        codes: dict[str, dict[str, Any]] = {
            code: {"severity": severity, "findings": n, "cases": ids}
            for code, (severity, n, ids) in self.scored.findings().items()
        }
        errors = sum(v["findings"] for v in codes.values() if v["severity"] == "error")
        total = sum(v["findings"] for v in codes.values())
        return {"errors": errors, "warnings": total - errors, "by_code": codes}

    def _ratings(self) -> dict[str, Any] | None:
        r = self.ratings
        if r is None:
            return None
        rt = r.ratings
        standards = []
        for s in r.standards:
            kqs = []
            for k in s.key_questions:
                t = k.totals
                kq: dict[str, Any] = {
                    "id": k.group.id,
                    "title": k.group.title,
                    **_exact(k.score),
                    "percent": rating_percent(self.criteria.scoring, k.score),
                    "rounded": fraction_text(k.rounded),
                    "rating": None if k.level is None else k.level.label,
                    "cases": t.cases,
                }
                if rt.method == "cases_meeting" and rt.threshold is not None:
                    kq["meeting"] = t.meeting(rt.threshold)
                kqs.append(kq)
            standards.append(
                {
                    "id": s.standard.id,
                    "title": s.standard.title,
                    "rated_by": s.standard.rated_by,
                    "rating": None if s.final is None else s.final.label,
                    "points": None if s.final is None else s.final.points,
                    "computed": None if s.computed is None else s.computed.label,
                    "lowest": None if s.lowest is None else s.lowest.id,
                    "recorded": _recorded(s.recorded),
                    "override": _recorded(s.override),
                    "unrated_reason": s.why_unrated,
                    "key_questions": kqs,
                }
            )
        overall = None
        if r.overall is not None:
            o = r.overall
            overall = {
                "rating": o.final,
                "points": o.points,
                "max_points": o.max_points,
                "computed": o.computed,
                "override": _recorded(o.override),
                "unrated": list(o.unrated),
                "bands": [{"label": label, "min": low} for label, low in rt.overall],
            }
        return {
            "method": rt.method,
            "method_provenance": _provenance(rt.method_provenance),
            "threshold": fraction_text(rt.threshold),
            "rounding": None
            if rt.rounding is None
            else {"places": rt.rounding.places, "mode": rt.rounding.mode},
            "levels": [
                {
                    "label": v.label,
                    "min": fraction_text(v.min),
                    "points": v.points,
                    "provenance": _provenance(v.provenance),
                }
                for v in rt.levels
            ],
            "recorded_from": None if self.recorded is None else self.recorded.source,
            "standards": standards,
            "overall": overall,
        }

    def to_dict(
        self,
        *,
        explain: bool = False,
        case_list: bool | None = None,
        judgement_format: JudgementFormat = DEFAULT_FORMAT,
    ) -> dict[str, Any]:
        """The report as ``aow-report/1`` data; ``explain`` adds each case's full judgement,
        in ``judgement_format`` (2, the default, or 1: see `Judgement.to_dict`).

        ``case_list``: list every case with its scores (by default, up to `CASE_LIST_LIMIT`
        cases; a larger sample's report holds the totals only, and says so).
        """
        judgement_format = check_format(judgement_format, "judgement_format")
        if explain and self.scored.judgements is None:
            raise _unkept("explain", "explain=True shows every case's judgement", self.engine)
        if case_list and not self.scored.keeps_cases:
            raise _unkept("case_list", "case_list=True lists every case", self.engine)
        listed = self.cases <= CASE_LIST_LIMIT if case_list is None else case_list
        listed = listed and self.scored.keeps_cases
        crit = self.criteria
        scoring = crit.scoring
        out: dict[str, Any] = {
            "format": REPORT_FORMAT,
            "criteria": {
                "id": crit.id,
                "version": crit.version,
                "title": crit.title,
                "sha256": crit.sha256,
            },
            "engine": {"name": "aow-rules", "version": __version__},
            "sample": {
                "source": self.source,
                "synthetic": self.synthetic,
                "cases": self.cases,
                "rejected": len(self.rejected),
                "assessors": self.scored.assessors(),
                "engine": self.engine,
                "method": scoring.sample_method,
                "method_provenance": _provenance(scoring.method_provenance),
                "threshold": fraction_text(scoring.threshold),
                "display": {"places": scoring.display.places, "mode": scoring.display.mode},
                "breakdowns": list(self.aggregate.by),
                "case_list": listed or explain,
            },
        }
        if self.inspection is not None:
            out["inspection"] = self.inspection.to_dict(crit)
        members = self._members()
        for section, kind in SECTIONS:
            out[section] = {
                g.id: self._group_entry(g, members) for g in crit.groups if g.kind == kind
            }
        out["reference"] = (
            None
            if self.reference is None
            else {
                "title": self.reference.title,
                "note": self.reference.note,
                "source": self.reference.source,
            }
        )
        out["ratings"] = self._ratings()
        out["breakdowns"] = self._breakdowns()
        out["questions"] = self._questions()
        out["findings"] = self._findings()
        cells, counted = self._cells(), self._supervision()
        out["interviews"] = interviews_data(crit, self.cases, cells, counted)
        out["reoffending"] = reoffending_data(crit, self.cases, cells, counted)
        out["cases"] = self._cases(explain, judgement_format) if listed or explain else []
        out["rejected"] = [r.to_dict() for r in self.rejected]
        out["summary"] = self.summary()
        return out

    def to_json(
        self,
        *,
        explain: bool = False,
        case_list: bool | None = None,
        indent: int | None = 2,
        judgement_format: JudgementFormat = DEFAULT_FORMAT,
    ) -> str:
        """The report as JSON text: byte-identical for the same criteria and sample."""
        data = self.to_dict(explain=explain, case_list=case_list, judgement_format=judgement_format)
        return json_text(data, indent=indent)

    def summary(self) -> str:
        """A plain-English paragraph: the sample, each outcome's score, the ratings."""
        crit = self.criteria
        n = self.cases
        what = "SYNTHETIC sample" if self.synthetic else "sample"
        parts = [f"A {what} of {n} case{'s' if n != 1 else ''} under {crit.id}"]
        if self.rejected:
            parts[0] += f" ({len(self.rejected)} rejected and not scored)"
        parts[0] += f", scored {_METHOD_WORDS[self.method]}."
        for g in crit.outcomes:
            t = self.aggregate.totals(g)
            score = self.score(t)
            if score is None:
                parts.append(f"{g.title}: no applicable case.")
            else:
                shown = group_percent(crit.scoring, "outcome", score)
                parts.append(f"{g.title}: {shown} ({t.cases} cases).")
        if self.ratings is not None and self.ratings.overall is not None:
            o = self.ratings.overall
            if o.final is not None:
                parts.append(f"Overall rating: {o.final} ({o.points} of {o.max_points} points).")
            else:
                parts.append(f"No overall rating: standards {', '.join(o.unrated)} are not rated.")
        return " ".join(parts)


_METHOD_WORDS = {
    "pooled": "pooled (the share of all applicable judgements that were met)",
    "case_mean": "as the mean of case scores",
    "cases_meeting": "as the share of cases meeting the threshold",
}


def _exact(value: Fraction | None) -> dict[str, Any]:
    return {"score": None if value is None else float(value), "fraction": fraction_text(value)}


def _case_score(yes: int, counted: int, d: int) -> dict[str, Any] | None:
    """One case's score in one group (totals in 1/d units), as `fraction_text` and
    `json_number` write it, without making Fractions: int / int is correctly rounded, as
    float(Fraction) is."""
    if not counted:
        return None
    common = math.gcd(yes, counted)
    return {
        "fraction": f"{yes // common}/{counted // common}",
        "yes": yes // d if yes % d == 0 else yes / d,
        "counted": counted // d if counted % d == 0 else counted / d,
    }


def _provenance(p: Provenance | None) -> dict[str, str | None] | None:
    return None if p is None else p.to_dict()


def _cell(
    scoring: Scoring, kind: GroupKind, score: Fraction | None, t: GroupTotals
) -> dict[str, Any]:
    return {
        **_exact(score),
        "percent": group_percent(scoring, kind, score),
        "yes": json_number(t.yes),
        "counted": json_number(t.counted),
        "cases": t.cases,
    }


def _recorded(r: Recorded | None) -> dict[str, str] | None:
    return None if r is None else {"rating": r.rating, "reason": r.reason}


def _breakdown_title(criteria: Criteria, by: str) -> str:
    fact = criteria.facts.get(by)
    return fact.title if fact is not None else "Assessor"


def _value_title(criteria: Criteria, by: str, value: CellKey) -> str:
    if value is None:
        return "(not recorded)"
    fact = criteria.facts.get(by)
    if fact is not None and fact.type == "bool":
        return "Yes" if value else "No"
    if fact is not None and fact.option_titles is not None and isinstance(value, str):
        return fact.option_titles.get(value, value)
    return str(value)


def _unkept(parameter: str, what: str, engine: str) -> ArgumentError:
    # An option the engine cannot honour is refused, never dropped (the command line checks
    # its flags before scoring; this is the library's own check).
    return ArgumentError(
        [
            Problem(
                Code.INVALID_VALUE,
                f"{what}, which the {engine} engine does not keep",
                parameter,
                suggestion="score the sample with engine='per-case'",
            )
        ]
    )
