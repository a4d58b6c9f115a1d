"""The structural difference between two criteria versions.

Questions are matched by id, except where one version declares which questions of the other
it continues (``previous:``, read from whichever file ``replaces`` the other), so a renumbered
question shows as renamed, not as one removed and one added. The same id with different
wording is flagged: the August 2014 tool reused criterion numbers with new meanings, so an id
alone does not identify a question across versions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._criteria._model import Criteria, Fact, Group, Node, Question, Rule, Scale
from .._criteria._sampling import Exclusion, Sampling

__all__ = ["Change", "Correspondence", "Diff", "correspondence", "diff"]

MEANING = "meaning may have changed: the same id has different wording"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``fields`` maps a changed field to its [old, new] values."""

    part: str
    """facts, scales, outcomes, stages, criteria, questions, scoring, consistency, sampling
    or exclusions (the sampling section's)."""
    change: str
    """added, removed, changed or renamed."""
    id: str
    old_id: str | None = None
    fields: dict[str, list[Any]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"part": self.part, "change": self.change, "id": self.id}
        if self.old_id is not None:
            out["old_id"] = self.old_id
        if self.fields:
            out["fields"] = self.fields
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True, slots=True)
class Diff:
    old: Criteria
    new: Criteria
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        def ref(c: Criteria) -> dict[str, str]:
            return {"id": c.id, "version": c.version, "sha256": c.sha256}

        return {
            "format": "aow-diff/1",
            "old": ref(self.old),
            "new": ref(self.new),
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def text(self) -> str:
        head = (
            f"{self.old.id} ({self.old.version}) -> {self.new.id} ({self.new.version}): "
            f"{len(self.changes)} change(s)"
        )
        lines = [head]
        for c in self.changes:
            name = f"{c.old_id} -> {c.id}" if c.old_id else c.id
            lines.append(f"  {c.part:<12} {c.change:<8} {name}")
            for key, (before, after) in c.fields.items():
                lines.append(f"      {key}: {_show(before)} -> {_show(after)}")
            lines.extend(f"      note: {n}" for n in c.notes)
        return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    return "-" if value is None else json.dumps(value, ensure_ascii=False)


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "title": f.title,
        "type": f.type,
        "options": list(f.options or ()) or None,
        "min": f.min,
        "max": f.max,
        "required": f.required,
    }


def _scale(s: Scale) -> dict[str, Any]:
    return {
        "title": s.title,
        "options": {o.value: None if o.credit is None else str(o.credit) for o in s.options},
    }


def _group(g: Group) -> dict[str, Any]:
    return {"title": g.title, "outcome": g.outcome, "stage": g.stage}


def _condition(node: Node | None) -> str | None:
    return None if node is None else node.text


def _question(q: Question) -> dict[str, Any]:
    return {
        "text": q.text,
        "criterion": q.criterion,
        "scale": None if q.scale is None else q.scale.id,
        "scored": q.scored,
        "applies_if": _condition(q.applies_if),
        "counts_towards": {g.id: str(w) for g, w in q.contributions if g.kind == "outcome"},
        "key": q.key,
        "evidence_when": sorted(q.evidence_when),
    }


def _rule(r: Rule) -> dict[str, Any]:
    return {"severity": r.severity, "when": r.when.text, "message": r.message}


def _fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {
        k: [old.get(k), new.get(k)] for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)
    }


def _compare(
    part: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    describe: Callable[[Any], dict[str, Any]],
) -> list[Change]:
    out = [Change(part, "removed", k) for k in old if k not in new]
    out += [Change(part, "added", k) for k in new if k not in old]
    for k in new:
        if k in old:
            changed = _fields(describe(old[k]), describe(new[k]))
            if changed:
                out.append(Change(part, "changed", k, fields=changed))
    return out


def _links(old: Criteria, new: Criteria) -> tuple[list[tuple[str, str]], set[str]]:
    """Continuations as (new id, old id) pairs, and the ids whose same-id match is disowned
    (``previous: []``), read from whichever file replaces the other; between two revisions of
    one file (the same id), from ``revised_from``."""
    links: list[tuple[str, str]] = []
    disowned: set[str] = set()
    if new.id == old.id:
        if new.version == old.version:
            return [], disowned  # one revision against itself: the same ids
        # Two revisions of one file: ``revised_from`` links them, read from whichever
        # declares it (the later revision).
        revises = [q for q in new.questions if q.revised_from is not None]
        if revises:
            for q in revises:
                if q.revised_from == ():
                    disowned.add(q.id)
                links += [(q.id, p) for p in q.revised_from or () if p in old.question_index]
        else:
            for q in old.questions:
                if q.revised_from == ():
                    disowned.add(q.id)
                links += [(p, q.id) for p in q.revised_from or () if p in new.question_index]
    elif new.replaces == old.id:
        for q in new.questions:
            if q.previous == ():
                disowned.add(q.id)
            links += [(q.id, p) for p in q.previous or () if p in old.question_index]
    elif old.replaces == new.id:
        for q in old.questions:
            if q.previous == ():
                disowned.add(q.id)
            links += [(p, q.id) for p in q.previous or () if p in new.question_index]
    return [(n, o) for n, o in links if n != o], disowned


@dataclass(frozen=True, slots=True)
class Correspondence:
    """Which question of one version continues which of another."""

    sources: dict[str, list[str]]
    """New id -> the old ids it continues (its own id when it is the same question)."""
    renamed: frozenset[str]
    """New ids that continue questions under other ids."""
    continued: frozenset[str]
    """Old ids some new question continues."""


def correspondence(old: Criteria, new: Criteria) -> Correspondence:
    """Questions are the same by id, except where ``previous:`` links them to other ids or
    disowns the same id (``previous: []``)."""
    links, disowned = _links(old, new)
    sources: dict[str, list[str]] = {}
    for n, o in links:
        sources.setdefault(n, []).append(o)
    linked = {o for _, o in links}
    renamed = frozenset(sources)
    for q in new.questions:
        qid = q.id
        if (
            qid in old.question_index
            and qid not in disowned
            and qid not in renamed
            and qid not in linked
        ):
            sources[qid] = [qid]
    continued = frozenset(o for olds in sources.values() for o in olds)
    return Correspondence(sources, renamed, continued)


def _questions(old: Criteria, new: Criteria) -> list[Change]:
    corr = correspondence(old, new)
    olds = {q.id: q for q in old.questions}
    out = [Change("questions", "removed", q) for q in olds if q not in corr.continued]
    for q in new.questions:
        qid = q.id
        sources = corr.sources.get(qid)
        if sources is None:
            reused = (
                (f"the id {qid} belonged to another question in {old.id}",) if qid in olds else ()
            )
            out.append(Change("questions", "added", qid, notes=reused))
            continue
        first, *more = sources
        changed = _fields(_question(olds[first]), _question(q))
        if qid in corr.renamed:
            notes = tuple(f"also continues {m}" for m in more)
            out.append(Change("questions", "renamed", qid, first, changed, notes))
        elif changed:
            notes = (MEANING,) if "text" in changed else ()
            out.append(Change("questions", "changed", qid, fields=changed, notes=notes))
    return out


def diff(old: Criteria, new: Criteria) -> Diff:
    """Every structural difference from ``old`` to ``new``; empty when they are the same."""
    changes: list[Change] = []
    header = _fields(
        {"title": old.title, "status": old.status, "effective_from": old.effective_from},
        {"title": new.title, "status": new.status, "effective_from": new.effective_from},
    )
    if header:
        changes.append(Change("header", "changed", new.id, fields=header))
    changes += _compare("facts", old.facts, new.facts, _fact)
    changes += _compare("scales", old.scales, new.scales, _scale)
    for part in ("outcomes", "stages", "criteria"):
        changes += _compare(
            part,
            {g.id: g for g in getattr(old, part)},
            {g.id: g for g in getattr(new, part)},
            _group,
        )
    changes += _questions(old, new)
    s_old, s_new = old.scoring, new.scoring

    def scoring(s: Any) -> dict[str, Any]:
        return {
            "sample_method": s.sample_method,
            "threshold": None if s.threshold is None else str(s.threshold),
            "rounding": [s.rounding_places, s.rounding_mode]
            if s.rounding_places is not None
            else None,
            "bands": [[b.label, str(b.min)] for b in s.bands],
            "banded": sorted(s.banded),
            "breakdowns": list(s.breakdowns),
            "ratings": None if s.ratings is None else _ratings(s.ratings),
        }

    changed = _fields(scoring(s_old), scoring(s_new))
    if changed:
        changes.append(Change("scoring", "changed", "scoring", fields=changed))
    changes += _compare(
        "consistency", {r.code: r for r in old.rules}, {r.code: r for r in new.rules}, _rule
    )
    changes += _sampling(old.sampling, new.sampling)
    return Diff(old, new, tuple(changes))


def _sampling(old: Sampling | None, new: Sampling | None) -> list[Change]:
    """The sampling section: added or removed whole; else its rules field by field, and its
    exclusions by code (their provenance as written, so a change of what a rule rests on
    shows)."""
    if old is None or new is None:
        if old is new:
            return []
        return [Change("sampling", "added" if old is None else "removed", "sampling")]

    def rules(s: Sampling) -> dict[str, Any]:
        data = s.to_dict()
        data.pop("exclusions")
        return data

    out = []
    changed = _fields(rules(old), rules(new))
    if changed:
        out.append(Change("sampling", "changed", "sampling", fields=changed))

    def exclusion(e: Exclusion) -> dict[str, Any]:
        prov = None if e.provenance is None else e.provenance.to_dict()
        return {"title": e.title, "when": e.when.text, "provenance": prov}

    out += _compare(
        "exclusions",
        {e.code: e for e in old.exclusions},
        {e.code: e for e in new.exclusions},
        exclusion,
    )
    return out


def _ratings(r: Any) -> str:
    """The declared rating model as one comparable line."""
    rounding = "none" if r.rounding is None else f"{r.rounding.places} {r.rounding.mode}"
    levels = ", ".join(f"{v.label} >= {v.min} ({v.points})" for v in r.levels)
    standards = ", ".join(
        f"{s.id} {s.rated_by}"
        + (f" [{' '.join(g.id for g in s.key_questions)}]" if s.key_questions else "")
        for s in r.standards
    )
    overall = ", ".join(f"{label} >= {low}" for label, low in r.overall)
    return (
        f"method {r.method} {r.threshold}; rounding {rounding}; levels {levels}; "
        f"standards {standards}; overall {overall}"
    )
