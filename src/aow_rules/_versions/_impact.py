"""What a new criteria version does to past cases: re-score a sample written for OLD under
both versions, translating answers through the declared question correspondence."""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..__about__ import __version__
from .._aggregate import Pooled, pooled
from .._case import CASE_FORMAT, Case, parse_case
from .._criteria import Criteria
from .._evaluate import evaluate
from .._judgement import Judgement, Status
from .._numbers import fraction_text, json_number
from .._sample import Sample
from ..errors import CaseError
from ._diff import Correspondence, correspondence

__all__ = ["IMPACT_FORMAT", "Impact", "impact", "translate"]

IMPACT_FORMAT = "aow-impact/1"


def translate(
    old: Criteria, new: Criteria, case: Case, corr: Correspondence | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The case as it would be written for ``new``, and what could not be carried over.

    ``corr`` is the question correspondence of the two versions (computed if not given).
    """
    corr = corr or correspondence(old, new)
    notes: list[str] = []
    answers: dict[str, str] = {}
    evidence: dict[str, str] = {}
    for q in new.questions:
        for source in corr.sources.get(q.id, ()):
            value = case.answers.get(source)
            if value is None:
                continue
            if q.scale is not None and q.scale.option(value) is None:
                notes.append(f"answer {value!r} to {source} is not an option of {q.id}")
                continue
            answers[q.id] = value
            if source in case.evidence:
                evidence[q.id] = case.evidence[source]
            break
    for qid in case.answers:
        if qid not in corr.continued:
            notes.append(f"answer to {qid} has no question in {new.id}")
    facts = {k: v for k, v in case.facts.items() if k in new.facts}
    notes += [f"fact {k} is not a fact of {new.id}" for k in case.facts if k not in new.facts]
    data: dict[str, Any] = {
        "format": CASE_FORMAT,
        "case_id": case.case_id,
        "criteria": new.id,
        "facts": facts,
        "answers": answers,
        "evidence": evidence,
    }
    if case.assessor is not None:
        data["assessor"] = case.assessor
    return data, notes


def _score(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _totals(p: Pooled | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "yes": json_number(p.yes),
        "counted": json_number(p.counted),
        "fraction": fraction_text(p.score),
        "score": _score(p.score),
        "cases": p.cases,
    }


@dataclass(frozen=True, slots=True)
class _Pair:
    case_id: str
    source: str
    old: Judgement
    new: Judgement | None
    notes: tuple[str, ...]
    problems: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Impact:
    """The impact report. Render it with `to_dict` / `to_json` / `text`."""

    old: Criteria
    new: Criteria
    sample: Sample
    pairs: tuple[_Pair, ...]
    corr: Correspondence

    def _groups(self) -> dict[str, Any]:
        olds = pooled(self.old, [p.old for p in self.pairs])
        news = pooled(self.new, [p.new for p in self.pairs if p.new is not None])
        out: dict[str, Any] = {}
        for kind, label in (("outcome", "outcomes"), ("stage", "stages")):
            ids = [g.id for g in self.old.groups if g.kind == kind]
            ids += [g.id for g in self.new.groups if g.kind == kind and g.id not in ids]
            rows = {}
            for gid in ids:
                before = olds.get(f"{kind}:{gid}")
                after = news.get(f"{kind}:{gid}")
                rows[gid] = {"before": _totals(before), "after": _totals(after)}
            out[label] = rows
        return out

    def _changes(self) -> dict[str, Any]:
        changed_cases = 0
        per_outcome: Counter[str] = Counter()
        bands: Counter[tuple[str, str | None, str | None]] = Counter()
        for p in self.pairs:
            if p.new is None:
                continue
            any_change = False
            for group in self.old.outcomes:
                target = next((g for g in self.new.outcomes if g.id == group.id), None)
                a = p.old.group(group)
                b = p.new.group(target) if target is not None else None
                if b is None or a.score != b.score:
                    per_outcome[group.id] += 1
                    any_change = True
                if b is not None and (a.band is not None or b.band is not None):
                    bands[(group.id, a.band, b.band)] += 1
            changed_cases += any_change
        return {
            "cases_changing_score": changed_cases,
            "by_outcome": {g.id: per_outcome[g.id] for g in self.old.outcomes},
            "bands": [
                {"outcome": o, "old": a, "new": b, "cases": n}
                for (o, a, b), n in sorted(bands.items(), key=lambda kv: str(kv[0]))
            ],
        }

    def _drivers(self) -> list[dict[str, Any]]:
        corr = self.corr
        moves: dict[str, Counter[str]] = {}
        for p in self.pairs:
            if p.new is None:
                continue
            for q in self.new.questions:
                if not q.scored:
                    continue
                sources = corr.sources.get(q.id)
                before = str(p.old.status(sources[0])) if sources else "absent"
                after = str(p.new.status(q.id))
                if before != after or (
                    sources and p.old.case.answers.get(sources[0]) != p.new.case.answers.get(q.id)
                ):
                    moves.setdefault(q.id, Counter())[f"{before} -> {after}"] += 1
        rows = [
            {
                "question": qid,
                "cases": sum(c.values()),
                "previous": corr.sources.get(qid, []),
                "transitions": dict(sorted(c.items())),
            }
            for qid, c in moves.items()
        ]
        return sorted(rows, key=lambda r: (-r["cases"], r["question"]))

    def _evidence(self) -> list[dict[str, Any]]:
        corr = self.corr
        out = []
        for p in self.pairs:
            if p.new is None:
                continue
            missing = []
            for q in self.new.questions:
                if p.new.status(q.id) is not Status.UNANSWERED:
                    continue
                sources = corr.sources.get(q.id)
                if not sources or p.old.status(sources[0]) is not Status.UNANSWERED:
                    missing.append(q.id)
            if missing:
                out.append({"case_id": p.case_id, "source": p.source, "questions": missing})
        return out

    def to_dict(self, *, cases: bool = False) -> dict[str, Any]:
        """The report as ``aow-impact/1`` data; ``cases`` adds per-case explanation changes."""

        def ref(c: Criteria) -> dict[str, str]:
            return {"id": c.id, "version": c.version, "sha256": c.sha256}

        out: dict[str, Any] = {
            "format": IMPACT_FORMAT,
            "old": ref(self.old),
            "new": ref(self.new),
            "engine": {"name": "aow-rules", "version": __version__},
            "sample": {
                "cases": len(self.pairs),
                "rejected": [r.to_dict() for r in self.sample.rejected],
                "invalid_under_new": [
                    {"case_id": p.case_id, "source": p.source, "problems": list(p.problems)}
                    for p in self.pairs
                    if p.new is None
                ],
                "not_carried_over": [
                    {"case_id": p.case_id, "notes": list(p.notes)} for p in self.pairs if p.notes
                ],
            },
            **self._groups(),
            "changes": self._changes(),
            "drivers": self._drivers(),
            "evidence_to_collect": self._evidence(),
        }
        if cases:
            out["cases"] = [self._case(p) for p in self.pairs if p.new is not None]
        return out

    def _case(self, p: _Pair) -> dict[str, Any]:
        assert p.new is not None
        old, new = p.old.to_dict(), p.new.to_dict()
        outcomes = {}
        for gid, before in old["outcomes"].items():
            after = new["outcomes"].get(gid)
            if after is None or before["fraction"] != after["fraction"]:
                outcomes[gid] = {
                    "before": before["fraction"],
                    "after": None if after is None else after["fraction"],
                    "because_before": before["because"],
                    "because_after": None if after is None else after["because"],
                }
        return {"case_id": p.case_id, "outcomes": outcomes}

    def to_json(self, *, cases: bool = False) -> str:
        return json.dumps(self.to_dict(cases=cases), indent=2, ensure_ascii=False)

    def html(self) -> str:
        """One self-contained HTML page: inline styles, no scripts, no network."""
        data = self.to_dict()
        e = html.escape
        parts = [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>Impact {e(self.old.id)} to {e(self.new.id)}</title><style>"
            "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
            "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;"
            "padding:.25rem .5rem;text-align:left}th{background:#f3f3f3}</style></head><body>",
            f"<h1>Impact of {e(self.old.id)} on {e(self.new.id)}</h1>",
            f"<p>{data['sample']['cases']} cases; {data['changes']['cases_changing_score']} "
            "change an outcome score.</p>",
        ]
        for label in ("outcomes", "stages"):
            parts.append(
                f"<h2>{label.capitalize()}</h2><table><tr><th>id</th><th>before</th>"
                "<th>after</th></tr>"
            )
            for gid, row in data[label].items():
                cells = []
                for side in ("before", "after"):
                    x = row[side]
                    cells.append(
                        "-"
                        if x is None
                        else "n/a"
                        if x["score"] is None
                        else f"{x['score'] * 100:.1f}% ({x['yes']}/{x['counted']})"
                    )
                parts.append(f"<tr><td>{e(gid)}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>")
            parts.append("</table>")
        parts.append(
            "<h2>Questions that drive the change</h2><table><tr><th>question</th>"
            "<th>cases</th><th>transitions</th></tr>"
        )
        for d in data["drivers"]:
            moves = "; ".join(f"{k}: {v}" for k, v in d["transitions"].items())
            parts.append(
                f"<tr><td>{e(d['question'])}</td><td>{d['cases']}</td><td>{e(moves)}</td></tr>"
            )
        parts.append("</table><h2>Evidence to collect</h2><ul>")
        for item in data["evidence_to_collect"]:
            parts.append(f"<li>{e(item['case_id'])}: {e(', '.join(item['questions']))}</li>")
        parts.append("</ul></body></html>\n")
        return "".join(parts)

    def text(self) -> str:
        data = self.to_dict()
        lines = [
            f"Impact of {self.old.id} -> {self.new.id} on {data['sample']['cases']} cases "
            f"({len(data['sample']['invalid_under_new'])} invalid under {self.new.id}, "
            f"{len(data['sample']['rejected'])} rejected)",
            "",
        ]
        for label in ("outcomes", "stages"):
            lines.append(label.capitalize())
            for gid, row in data[label].items():

                def show(x: dict[str, Any] | None) -> str:
                    if x is None:
                        return "-"
                    return (
                        "n/a"
                        if x["score"] is None
                        else f"{x['score'] * 100:.1f}% ({x['yes']}/{x['counted']})"
                    )

                lines.append(f"  {gid:<5} {show(row['before']):<24} -> {show(row['after'])}")
        ch = data["changes"]
        lines += ["", f"Cases whose outcome scores change: {ch['cases_changing_score']}"]
        lines += [f"  {o}: {n}" for o, n in ch["by_outcome"].items()]
        lines += ["", "Questions that drive the change"]
        for d in data["drivers"][:15]:
            prev = (
                f" (from {', '.join(d['previous'])})"
                if d["previous"] and d["previous"] != [d["question"]]
                else ""
            )
            moves = "; ".join(f"{k}: {v}" for k, v in d["transitions"].items())
            lines.append(f"  {d['question']}{prev}: {d['cases']} case(s): {moves}")
        lines += ["", "Evidence to collect (applicable questions unanswered under the new version)"]
        for e in data["evidence_to_collect"]:
            lines.append(f"  {e['case_id']}: {', '.join(e['questions'])}")
        if data["sample"]["invalid_under_new"]:
            lines += ["", f"Cases that cannot be scored under {self.new.id} (what to collect)"]
        for inv in data["sample"]["invalid_under_new"]:
            for prob in inv["problems"]:
                lines.append(f"  {inv['source']}: {prob['code']}: {prob['message']}")
        return "\n".join(lines) + "\n"


def impact(old: Criteria, new: Criteria, sample: Sample) -> Impact:
    """Re-score ``sample`` (cases for ``old``) under ``old`` and, translated, under ``new``."""
    corr = correspondence(old, new)
    pairs = []
    for case, source in zip(sample.cases, sample.sources, strict=True):
        data, notes = translate(old, new, case, corr)
        try:
            translated: Case | None = parse_case(data, new, source=source)
            problems: tuple[dict[str, Any], ...] = ()
        except CaseError as exc:
            translated = None
            problems = tuple(p.to_dict() for p in exc.problems)
        pairs.append(
            _Pair(
                case.case_id,
                source,
                evaluate(old, case),
                None if translated is None else evaluate(new, translated),
                tuple(notes),
                problems,
            )
        )
    return Impact(old, new, sample, tuple(pairs), corr)
