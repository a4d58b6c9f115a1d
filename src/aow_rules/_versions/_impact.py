"""What a new criteria version does to past cases: re-score a sample written for OLD under
both versions, translating answers through the declared question correspondence."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from ..__about__ import __version__
from .._aggregate._aggregate import Pooled
from .._cases._bulk import bulk
from .._cases._parse import CASE_FORMAT, Case, parse_case
from .._cases._sample import Sample
from .._criteria._model import Criteria
from .._evaluate._engines import HeldEngine, check_held_engine, choose_engine
from .._numbers import fraction_text, json_number, json_text
from ..errors import CaseError
from ._carry import Assumption, carry_facts
from ._diff import Correspondence, correspondence
from ._impact_tally import Tally, Translated, tally_per_case

__all__ = ["IMPACT_FORMAT", "Impact", "impact", "translate"]

IMPACT_FORMAT = "aow-impact/1"


def translate(
    old: Criteria, new: Criteria, case: Case, corr: Correspondence | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The case as it would be written for ``new``, and what could not be carried over
    (facts filled by ``new``'s carry rules are named too, as assumed).

    ``corr`` is the question correspondence of the two versions (computed if not given).
    """
    data, lost, assumed = _translator(old, new, corr or correspondence(old, new))(case)
    return data, lost + [f"assumed: {a.text()}" for a in assumed]


def _translator(
    old: Criteria, new: Criteria, corr: Correspondence
) -> Callable[[Case], tuple[dict[str, Any], list[str], list[Assumption]]]:
    # What does not depend on the case is worked out once for a whole sample: which new
    # questions continue old ones, and the options each accepts (None: any text).
    plan = [
        (q.id, sources, None if q.scale is None else {o.value for o in q.scale.options})
        for q in new.questions
        if (sources := corr.sources.get(q.id))
    ]
    continued = corr.continued

    def translate_one(case: Case) -> tuple[dict[str, Any], list[str], list[Assumption]]:
        notes: list[str] = []
        answers: dict[str, str] = {}
        evidence: dict[str, str] = {}
        given = case.answers
        for qid, sources, options in plan:
            for source in sources:
                value = given.get(source)
                if value is None:
                    continue
                if options is not None and value not in options:
                    notes.append(f"answer {value!r} to {source} is not an option of {qid}")
                    continue
                answers[qid] = value
                if source in case.evidence:
                    evidence[qid] = case.evidence[source]
                break
        notes += [
            f"answer to {qid} has no question in {new.id}" for qid in given if qid not in continued
        ]
        carried = carry_facts(case.facts, old, new)
        facts = carried.facts
        notes += carried.lost
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
        return data, notes, carried.assumed

    return translate_one


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
class Impact:
    """The impact report. Render it with `to_dict` / `to_json` / `text`, or as HTML with
    ``aow_rules.render(impact, "html")``: the same bytes whichever engine counted it."""

    old: Criteria
    new: Criteria
    sample: Sample
    translated: tuple[Translated, ...]
    """Each case of the sample and what translating it to ``new`` gave."""
    corr: Correspondence
    tally: Tally
    engine: Literal["per-case", "columnar"]
    """How the cases were scored; the report is the same either way."""

    def _groups(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, label in (("outcome", "outcomes"), ("stage", "stages")):
            ids = [g.id for g in self.old.groups if g.kind == kind]
            ids += [g.id for g in self.new.groups if g.kind == kind and g.id not in ids]
            rows = {}
            for gid in ids:
                before = self.tally.before.get(f"{kind}:{gid}")
                after = self.tally.after.get(f"{kind}:{gid}")
                rows[gid] = {"before": _totals(before), "after": _totals(after)}
            out[label] = rows
        return out

    def _changes(self) -> dict[str, Any]:
        t = self.tally
        return {
            "cases_changing_score": t.changed_cases,
            "by_outcome": {g.id: t.by_outcome[g.id] for g in self.old.outcomes},
            "bands": [
                {"outcome": o, "old": a, "new": b, "cases": n}
                for (o, a, b), n in sorted(t.bands.items(), key=lambda kv: str(kv[0]))
            ],
        }

    def _assumed(self) -> list[dict[str, Any]]:
        """Per fact that the new version's carry rules filled: in how many cases, and the
        values assumed (counted), so a reader sees what the numbers after rest on."""
        by_fact: dict[str, dict[str, Any]] = {}
        for t in self.translated:
            for a in t.assumed:
                entry = by_fact.setdefault(
                    a.fact, {"fact": a.fact, "cases": 0, "values": {}, "rule": a.reason}
                )
                entry["cases"] += 1
                entry["values"][a.value] = entry["values"].get(a.value, 0) + 1
        for entry in by_fact.values():
            entry["values"] = dict(sorted(entry["values"].items()))
        return [by_fact[k] for k in self.new.facts if k in by_fact]

    def _drivers(self) -> list[dict[str, Any]]:
        rows = [
            {
                "question": qid,
                "cases": sum(c.values()),
                "previous": self.corr.sources.get(qid, []),
                "transitions": dict(sorted(c.items())),
            }
            for qid, c in self.tally.moves.items()
        ]
        return sorted(rows, key=lambda r: (-r["cases"], r["question"]))

    def _evidence(self) -> list[dict[str, Any]]:
        return [
            {
                "case_id": self.translated[i].case.case_id,
                "source": self.translated[i].source,
                "questions": questions,
            }
            for i, questions in self.tally.evidence
        ]

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
                "cases": len(self.translated),
                "rejected": [r.to_dict() for r in self.sample.rejected],
                "invalid_under_new": [
                    {"case_id": t.case.case_id, "source": t.source, "problems": list(t.problems)}
                    for t in self.translated
                    if t.new is None
                ],
                "not_carried_over": [
                    {"case_id": t.case.case_id, "notes": list(t.notes)}
                    for t in self.translated
                    if t.notes
                ],
                "assumed": self._assumed(),
            },
            **self._groups(),
            "changes": self._changes(),
            "drivers": self._drivers(),
            "evidence_to_collect": self._evidence(),
        }
        if cases:
            out["cases"] = self.tally.explain()
        return out

    def to_json(self, *, cases: bool = False, indent: int | None = 2) -> str:
        return json_text(self.to_dict(cases=cases), indent=indent)

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
        if data["sample"]["assumed"]:
            lines += ["", f"Assumed in carried cases (carry rules of {self.new.id})"]
        for a in data["sample"]["assumed"]:
            counts = [f"{v}: {n}" for v, n in a["values"].items()]
            values = ", ".join(counts[:5]) + (
                f", {len(counts) - 5} more" if len(counts) > 5 else ""
            )
            lines.append(f"  {a['fact']}: {a['cases']} case(s) ({values}): {a['rule']}")
        lines += ["", "Evidence to collect (applicable questions unanswered under the new version)"]
        for e in data["evidence_to_collect"]:
            lines.append(f"  {e['case_id']}: {', '.join(e['questions'])}")
        if data["sample"]["invalid_under_new"]:
            lines += ["", f"Cases that cannot be scored under {self.new.id} (what to collect)"]
        for inv in data["sample"]["invalid_under_new"]:
            for prob in inv["problems"]:
                lines.append(f"  {inv['source']}: {prob['code']}: {prob['message']}")
        return "\n".join(lines) + "\n"


@bulk
def impact(
    old: Criteria,
    new: Criteria,
    sample: Sample | Iterable[Case],
    *,
    engine: HeldEngine = "auto",
) -> Impact:
    """Re-score ``sample`` (cases for ``old``) under ``old`` and, translated, under ``new``.

    ``sample``: read with `read_sample` under ``old``, or cases parsed for ``old``.

    ``engine``: ``per-case`` evaluates every case under both versions; ``columnar`` scores
    both as columns (polars; the same report, byte for byte); ``auto`` picks columnar from
    `COLUMNAR_FROM` cases when polars is installed and both versions can be scored so.
    Raises `ArgumentError` for an engine that is not one of `HELD_ENGINES`, or ``columnar``
    when it cannot run.
    """
    check_held_engine(engine)
    sample = Sample.of(sample, old)
    # Both versions must be able to run as columns; asked for explicitly, the first that
    # cannot says why.
    chosen = {choose_engine(engine, len(sample.cases), c) for c in (old, new)}
    columnar = chosen == {"columnar"}
    corr = correspondence(old, new)
    translate_one = _translator(old, new, corr)
    translated = []
    # Translation stays per case on either engine: each translated case is validated under
    # the new version, and what is wrong with it is reported.
    for case, source in zip(sample.cases, sample.sources, strict=True):
        data, notes, assumed = translate_one(case)
        try:
            parsed: Case | None = parse_case(data, new, source=source)
            problems: tuple[dict[str, Any], ...] = ()
        except CaseError as exc:
            parsed = None
            problems = tuple(p.to_dict() for p in exc.problems)
        translated.append(Translated(case, source, parsed, tuple(notes), problems, tuple(assumed)))
    if columnar:
        from ._impact_columnar import tally_columnar  # noqa: PLC0415 - polars only when used

        tally = tally_columnar(old, new, corr, tuple(translated))
    else:
        tally = tally_per_case(old, new, corr, tuple(translated))
    return Impact(
        old,
        new,
        sample,
        tuple(translated),
        corr,
        tally,
        "columnar" if columnar else "per-case",
    )
