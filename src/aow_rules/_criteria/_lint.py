"""Lint of a compiled criteria file: warnings about conditions, questions, rules, outcomes and
facts that are valid but probably not what the author meant.

Conditions are judged by a bounded search: every combination of values the condition's own
facts and answers can take (each declared option, true and false, integers at the declared
bounds and around every integer the condition mentions, and "absent" where the case may
lack the value), up to `MAX_PROFILES` combinations, beyond which a seeded sample of that many
is drawn. A warning says which search it came from.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ._model import Criteria, Fact, Node

__all__ = ["MAX_PROFILES", "LintWarning", "lint"]

MAX_PROFILES = 20_000
LINT_STEPS = 2_000_000
"""The most steps the search of one condition takes: a condition whose evaluation can take
many steps (macros over long lists, see `_cel._cost`) is searched on fewer profiles, so that
no criteria file holds lint for long."""
_ABSENT = object()
_INT = re.compile(r"(?<![\w.\"])-?\d+(?![\w.])")


@dataclass(frozen=True, slots=True)
class LintWarning:
    code: str
    id: str
    message: str
    location: str
    explained: str | None = None
    """The author's reason, when the file accepts this warning (``lint:``)."""

    def to_dict(self, source: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "id": self.id,
            "message": self.message,
            "location": f"{source}:{self.location}",
            "explained": self.explained,
        }


def _fact_values(fact: Fact, text: str) -> list[Any]:
    values: list[Any]
    if fact.type == "bool":
        values = [True, False]
    elif fact.type == "choice":
        values = list(fact.options or ())
    elif fact.type == "set":
        options = list(fact.options or ())
        values = [[], *([o] for o in options), options]
    elif fact.type == "int":
        low = fact.min if fact.min is not None else -(10**6)
        high = fact.max if fact.max is not None else 10**6
        points = {low, high, 0}
        for match in _INT.findall(text):
            n = int(match)
            points.update({n - 1, n, n + 1})
        values = sorted(p for p in points if low <= p <= high)
    elif fact.type == "date":  # the dates the condition mentions, and two in order
        mentioned = set(re.findall(r'"(\d{4}-\d{2}-\d{2})"', text))
        values = sorted(mentioned | {"2000-01-01", "2000-01-02"})
    else:  # text: the strings the condition mentions, and one it does not
        values = [*sorted(set(re.findall(r'"([^"]*)"', text))), ""]
    if not fact.required:
        values.append(_ABSENT)
    return values


Profile = tuple[dict[str, Any], dict[str, str]]


def _profiles(
    criteria: Criteria, facts: Sequence[str], questions: Sequence[str], text: str, most: int
) -> tuple[Iterator[Profile], bool]:
    """(facts, answers) combinations over what a condition reads; the flag says whether they
    were sampled."""
    axes: list[tuple[str, str, list[Any]]] = []
    for f in facts:
        axes.append(("fact", f, _fact_values(criteria.facts[f], text)))
    for q in questions:
        scale = criteria.question(q).scale
        options: list[Any] = [o.value for o in scale.options] if scale else ["text"]
        axes.append(("answer", q, [*options, _ABSENT]))
    total = 1
    for _, _, values in axes:
        total *= len(values)
    combos: Iterator[Sequence[Any]]
    sampled = total > most
    if sampled:
        rnd = random.Random(0)
        combos = ([rnd.choice(v) for _, _, v in axes] for _ in range(most))
    else:
        combos = itertools.product(*(v for _, _, v in axes))

    def build() -> Iterator[Profile]:
        for combo in combos:
            facts: dict[str, Any] = {}
            answers: dict[str, str] = {}
            for (kind, name, _), value in zip(axes, combo, strict=True):
                if value is _ABSENT:
                    continue
                (facts if kind == "fact" else answers)[name] = value
            yield facts, answers

    return build(), sampled


def _most(node: Node) -> int:
    """How many profiles the search of ``node`` may evaluate (see `LINT_STEPS`)."""
    steps = sum(leaf.leaf.cost for leaf in _leaves(node) if leaf.leaf is not None)
    return max(1, min(MAX_PROFILES, LINT_STEPS // max(steps, 1)))


def _outcomes_seen(criteria: Criteria, node: Node) -> tuple[set[str], int | None]:
    seen: set[str] = set()
    most = _most(node)
    profiles, sampled = _profiles(criteria, node.facts, node.questions, node.text, most)
    for facts, answers in profiles:
        value = node.value(facts, answers)
        seen.add("true" if value is True else "false" if value is False else "error")
        if {"true", "false"} <= seen:
            break
    return seen, most if sampled else None


def _leaves(node: Node) -> list[Node]:
    return [node] if node.leaf is not None else [x for c in node.children for x in _leaves(c)]


def _verdict(criteria: Criteria, node: Node) -> tuple[str | None, str]:
    """("never" | "always" | None, how the search was made) for one condition."""
    seen, sampled = _outcomes_seen(criteria, node)
    how = (
        f"in a sample of {sampled:,} case profiles"
        if sampled is not None
        else "in every combination of the values it reads"
    )
    if "true" not in seen:
        return "never", how
    if "false" not in seen and "error" not in seen:
        return "always", how
    return None, how


def lint(criteria: Criteria) -> list[LintWarning]:
    """Every lint warning of ``criteria``, in file order; accepted ones carry their reason."""
    found: list[LintWarning] = []

    def warn(code: str, ident: str, message: str, location: str) -> None:
        reason = criteria.lint_allowed.get((code, ident))
        found.append(LintWarning(code, ident, message, location, reason))

    checked: set[tuple[str, str]] = set()
    for q in criteria.questions:
        root = q.applies_if
        if root is None:
            continue
        verdict, how = _verdict(criteria, root)
        if verdict == "never":
            warn(
                "never_applies",
                q.id,
                f"question {q.id} can never apply: {root.text} is never true {how}",
                root.location,
            )
        elif verdict == "always":
            warn(
                "condition_always_true",
                q.id,
                f"the condition of {q.id} is always true {how}: {root.text}",
                root.location,
            )
        for leaf in _leaves(root):
            key = (leaf.location, leaf.text)
            if leaf is root or key in checked:
                continue
            checked.add(key)
            verdict, how = _verdict(criteria, leaf)
            if verdict is not None:
                warn(
                    f"condition_{verdict}_true",
                    q.id,
                    f"{leaf.text} is {verdict} true {how}",
                    leaf.location,
                )
    first_with: dict[str, str] = {}
    for rule in criteria.rules:
        # Two rules on one condition fire together: one of them is probably a copy left
        # unedited (its message, or its condition, not what was meant).
        same = first_with.setdefault(rule.when.text, rule.code)
        if same != rule.code:
            warn(
                "duplicate_rule_condition",
                rule.code,
                f"consistency rule {rule.code} has the same condition as {same}: {rule.when.text}",
                rule.when.location,
            )
        verdict, how = _verdict(criteria, rule.when)
        if verdict == "never":
            warn(
                "rule_never_fires",
                rule.code,
                f"consistency rule {rule.code} can never fire: "
                f"{rule.when.text} is never true {how}",
                rule.when.location,
            )
        elif verdict == "always":
            warn(
                "rule_always_fires",
                rule.code,
                f"consistency rule {rule.code} fires in every case {how}",
                rule.when.location,
            )
    for group in criteria.outcomes:
        profile = _empty_outcome(criteria, group.id)
        if profile is not None:
            facts, answers = profile
            shown = ", ".join(f"case.{k} = {v!r}" for k, v in facts.items()) or "any facts"
            extra = f" and answers {answers}" if answers else ""
            warn(
                "outcome_may_not_apply",
                group.id,
                f"outcome {group.id} has no applicable question when {shown}{extra}",
                criteria.locations.get(f"outcomes.{group.id}", ""),
            )
    read = {f for q in criteria.questions if q.applies_if for f in q.applies_if.facts}
    read |= {f for r in criteria.rules for f in r.when.facts}
    read |= {s for f in criteria.derived if f.derived is not None for s in f.derived.sources}
    for fact in criteria.facts:
        # A fact that reports break scores down by is read, by the reports.
        if fact not in read and fact not in criteria.scoring.breakdowns:
            warn(
                "fact_never_read",
                fact,
                f"fact {fact} is declared but no condition reads it nor a breakdown uses it",
                criteria.locations.get(f"facts.{fact}", ""),
            )
    if criteria.status == "released":
        for part, missing in _unsourced(criteria):
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            shown = ", ".join(missing[:8]) + more
            warn(
                "provenance_missing",
                part,
                f"{part} declaring no provenance (documented, reconstructed or ours): {shown}",
                criteria.locations.get(
                    f"questions.{missing[0]}" if part == "questions" else _WHERE[part], ""
                ),
            )
    used = {(w.code, w.id) for w in found}
    for code, ident in criteria.lint_allowed:
        if (code, ident) not in used:
            found.append(
                LintWarning(
                    "lint_allowance_unused",
                    ident,
                    f"the file explains a {code} warning about {ident}, but there is none",
                    "",
                    None,
                )
            )
    return found


_WHERE = {"criteria": "criteria", "weights": "scoring", "methods": "scoring", "bands": "scoring"}


def _unsourced(criteria: Criteria) -> list[tuple[str, list[str]]]:
    """Per part of a released file (criteria, questions, weights, methods, bands), what
    declares no provenance."""
    s = criteria.scoring
    parts: dict[str, list[str]] = {
        "criteria": [g.id for g in criteria.criteria if g.provenance is None],
        "questions": [q.id for q in criteria.questions if q.provenance is None],
        "weights": [
            f"{q.id} towards {g}"
            for q in criteria.questions
            for g in q.declared_weights
            if g not in (q.weight_provenance or {})
        ],
        "methods": [],
        "bands": [f"band {b.label}" for b in s.bands if b.provenance is None],
    }
    if s.method_provenance is None:
        parts["methods"].append("the sample method")
    if s.weights_provenance is None and any(q.scored for q in criteria.questions):
        parts["weights"].insert(0, "the default weights")
    r = s.ratings
    if r is not None:
        if r.method_provenance is None:
            parts["methods"].append("the ratings method")
        parts["bands"] += [f"rating {v.label}" for v in r.levels if v.provenance is None]
        parts["bands"] += [
            f"overall {label}"
            for (label, _), p in zip(r.overall, r.overall_provenance, strict=True)
            if p is None
        ]
    return [(k, v) for k, v in parts.items() if v]


def _empty_outcome(criteria: Criteria, outcome: str) -> Profile | None:
    """A case profile under which no question of ``outcome`` applies, if the search finds one.

    Only possible when every question of the outcome has a condition; the search reads the
    union of what those conditions read.
    """
    nodes: list[Node] = []
    for q in criteria.questions:
        if q.scored and any(g.id == outcome for g, _ in q.contributions):
            if q.applies_if is None:
                return None
            nodes.append(q.applies_if)
    if not nodes:
        return None
    facts = list(dict.fromkeys(f for n in nodes for f in n.facts))
    questions = list(dict.fromkeys(q for n in nodes for q in n.questions))
    most = min(_most(n) for n in nodes)
    profiles, _ = _profiles(criteria, facts, questions, " ".join(n.text for n in nodes), most)
    for f, a in profiles:
        if all(n.value(f, a) is False for n in nodes):
            return f, a
    return None
