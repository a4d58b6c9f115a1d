"""A judgement as data, in either format, from tables built once per criteria version.

``aow-judgement/2`` (the default) holds each question's entry once, under ``questions``; a
group holds its totals and the ids of the questions it counts, in file order, with the
weights that are not 1. ``aow-judgement/1`` copies each question's entry into the
``because`` list of every group it counts in (206 entries for the 76 questions of
iaow-2013-10). Both hold the same information: every number recomputes from either.

What does not depend on the case (titles, member ids, credits and weights as JSON, the numbers
of a ``(yes, counted)`` pair) is built once per criteria version (`tables`), so rendering a
judgement builds only its own question entries and group dicts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ..__about__ import __version__
from .._criteria._bands import band_of, group_percent
from .._criteria._finding import read_values
from .._criteria._model import Status
from .._numbers import json_text
from ..errors import ArgumentError, Code, Problem

if TYPE_CHECKING:
    from .._criteria._model import Criteria, Group, Node
    from ._judgement import Judgement

__all__ = [
    "CACHE_LIMIT",
    "DEFAULT_FORMAT",
    "FORMATS",
    "JudgementFormat",
    "Tables",
    "because_entries",
    "check_format",
    "decided_by",
    "format_of",
    "group_because",
    "group_numbers",
    "judgement_data",
    "numbers_of",
    "question_entry",
    "summary_text",
    "tables",
]

JudgementFormat = Literal[1, 2]
FORMATS: dict[int, str] = {1: "aow-judgement/1", 2: "aow-judgement/2"}
DEFAULT_FORMAT: JudgementFormat = 2
_ENGINE = {"name": "aow-rules", "version": __version__}
CACHE_LIMIT = 100_000
"""At most this many (yes, counted) pairs are remembered per criteria version."""

Exact = int | str
Numbers = tuple[float | None, str | None, int | float, int | float, str | None]
"""A group's ``score``, ``fraction``, ``yes``, ``counted`` and ``band``, as JSON values."""


def check_format(value: object, parameter: str = "format") -> JudgementFormat:
    """``value`` if it is a judgement format (1 or 2), else `ArgumentError` naming ``parameter``."""
    if value in (1, 2) and value.__class__ is int:
        return 1 if value == 1 else 2
    raise ArgumentError(
        [
            Problem(
                Code.INVALID_VALUE,
                f"{parameter}={value!r} is not a judgement format: 1 (aow-judgement/1) or 2 "
                "(aow-judgement/2)",
                parameter,
                suggestion=f"use {parameter}=2 (the default), or {parameter}=1 for the format "
                "every group copies its questions into",
            )
        ]
    )


def _exact(value: Fraction) -> Exact:
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True, slots=True)
class _GroupTable:
    group: Group
    head: dict[str, Any]
    """``title``, and a criterion's ``outcome`` and ``stage``: copied into each group dict."""
    ids: tuple[str, ...]
    """The questions counted in the group, in file order."""
    members: tuple[tuple[int, Exact], ...]
    """Each member's question index and weight."""
    weights: dict[str, Exact]
    """The members whose weight is not 1."""
    banded: bool


@dataclass(frozen=True, slots=True)
class Tables:
    """What rendering a judgement of one criteria version reads."""

    criteria: Criteria
    ref: dict[str, str]
    ids: tuple[str, ...]
    credits: tuple[Mapping[str, Exact | None], ...]
    """Per question: each option of its scale -> its credit as JSON."""
    groups: tuple[_GroupTable, ...]
    """In slot order."""
    sections: tuple[tuple[str, tuple[_GroupTable, ...]], ...]
    numbers: dict[tuple[bool, int, int], Numbers]
    """(banded, yes, counted) in 1/denominator units -> the group's numbers, as met."""
    sentences: dict[tuple[int, int, int], str]
    """(outcome slot, yes, counted) -> its sentence of the summary, as met."""
    decided: dict[tuple[Any, ...], tuple[str, tuple[tuple[str, Any], ...]]]
    """(condition, the values it reads) -> the text of the condition that decided and the
    values that one read, as met: a condition's explanation depends on nothing else."""
    pieces: dict[tuple[Any, ...], bytes]
    """Compact JSON of the parts of judgements that recur (a question's entry for an answer
    or for the values its condition read; a group with its totals), as met."""
    head: bytes
    """``"criteria":...,"engine":...`` as compact JSON."""
    by_answer: tuple[dict[tuple[Any, str | None], bytes], ...]
    """Per question: (status, answer) -> the entry's compact JSON (``"id":{...}``), as met."""
    heads: tuple[bytes, ...]
    """Per question: ``"id":`` as compact JSON."""
    inapplicable: tuple[dict[tuple[Any, ...], bytes], ...]
    """Per question: (answer, the values its condition read) -> its not-applicable entry's
    compact JSON (``"id":{...}``), as met."""


@lru_cache(maxsize=64)
def tables(criteria: Criteria) -> Tables:
    """The rendering tables of ``criteria`` (built on first use, then shared)."""
    members: dict[int, list[tuple[int, Exact]]] = {g.slot: [] for g in criteria.groups}
    for i, q in enumerate(criteria.questions):
        for group, weight in q.contributions:
            members[group.slot].append((i, _exact(weight)))
    ids = tuple(q.id for q in criteria.questions)
    banded = criteria.scoring.banded
    groups = []
    for g in criteria.groups:
        head: dict[str, Any] = {"title": g.title}
        if g.kind == "criterion":
            head["outcome"] = g.outcome
            head["stage"] = g.stage
        own = tuple(members[g.slot])
        groups.append(
            _GroupTable(
                group=g,
                head=head,
                ids=tuple(ids[i] for i, _ in own),
                members=own,
                weights={ids[i]: w for i, w in own if w != 1},
                banded=g.kind in banded,
            )
        )
    by_slot = tuple(groups)

    def section(of: tuple[Group, ...]) -> tuple[_GroupTable, ...]:
        return tuple(by_slot[g.slot] for g in of)

    credits = tuple(
        {}
        if q.scale is None
        else {o.value: None if o.credit is None else _exact(o.credit) for o in q.scale.options}
        for q in criteria.questions
    )
    return Tables(
        criteria=criteria,
        ref={"id": criteria.id, "version": criteria.version, "sha256": criteria.sha256},
        ids=ids,
        credits=credits,
        groups=by_slot,
        sections=(
            ("outcomes", section(criteria.outcomes)),
            ("stages", section(criteria.stages)),
            ("criteria_groups", section(criteria.criteria)),
        ),
        numbers={},
        sentences={},
        decided={},
        pieces={},
        by_answer=tuple({} for _ in ids),
        heads=tuple(json_text(qid).encode() + b":" for qid in ids),
        inapplicable=tuple({} for _ in ids),
        head=json_text(
            {
                "criteria": {
                    "id": criteria.id,
                    "version": criteria.version,
                    "sha256": criteria.sha256,
                },
                "engine": _ENGINE,
            }
        ).encode()[1:-1],
    )


def numbers_of(t: Tables, banded: bool, yes: int, counted: int) -> Numbers:
    key = (banded, yes, counted)
    got = t.numbers.get(key)
    if got is not None:
        return got
    d = t.criteria.plan.denominator
    # int / int is correctly rounded, as float(Fraction) is: the same float for the same ratio.
    yes_json = yes // d if yes % d == 0 else yes / d
    counted_json = counted // d if counted % d == 0 else counted / d
    if counted:
        common = math.gcd(yes, counted)
        fraction: str | None = f"{yes // common}/{counted // common}"
        score: float | None = yes / counted
        band = None
        if banded:
            scoring = t.criteria.scoring
            level = band_of(Fraction(yes, counted), scoring.bands, scoring.rounding)
            band = None if level is None else level.label
    else:
        fraction = score = band = None
    got = (score, fraction, yes_json, counted_json, band)
    if len(t.numbers) < CACHE_LIMIT:
        t.numbers[key] = got
    return got


def group_numbers(judgement: Judgement, group: Group) -> Numbers:
    """One group's ``score``, ``fraction``, ``yes``, ``counted`` and ``band`` as its JSON shows
    them, without rendering the rest."""
    t = tables(judgement.criteria)
    totals = judgement.totals
    return numbers_of(
        t, t.groups[group.slot].banded, totals[2 * group.slot], totals[2 * group.slot + 1]
    )


_TEXT: dict[object, str] = {s: s.value for s in Status}
_COUNTED, _ANSWERED_NA = Status.COUNTED, Status.ANSWERED_NA
_NOT_APPLICABLE = Status.NOT_APPLICABLE.value


def _entries(judgement: Judgement, t: Tables) -> list[dict[str, Any]]:
    """Every question's entry, in file order: status, answer, credit, or the condition that
    decided it. One loop with the common statuses first: this is most of rendering's time."""
    answers = judgement.case.answers
    out: list[dict[str, Any]] = []
    append = out.append
    for i, (qid, step, credits) in enumerate(zip(t.ids, judgement.trace, t.credits, strict=True)):
        if step is _COUNTED or step is _ANSWERED_NA:
            answer = answers[qid]
            append({"status": _TEXT[step], "answer": answer, "credit": credits[answer]})
        elif isinstance(step, Status):
            given = answers.get(qid)
            status = _TEXT[step]
            append({"status": status} if given is None else {"status": status, "answer": given})
        elif isinstance(step, tuple):
            append(question_entry(judgement, t, i))
        else:  # not applicable: the condition that was false, and what it read
            text, read = decided_by(judgement, t, step)
            entry: dict[str, Any] = {"status": _NOT_APPLICABLE}
            given = answers.get(qid)
            if given is not None:
                entry["answer"] = given
            entry["condition"] = text
            entry["read"] = dict(read)
            append(entry)
    return out


def decided_by(
    judgement: Judgement, t: Tables, node: Node
) -> tuple[str, tuple[tuple[str, Any], ...]]:
    facts, answers = judgement.case.facts, judgement.case.answers
    # The explanation shows, beside a derived fact, the facts it came from: they are part of
    # what it read (two cases with the same months supervised may have other dates).
    key = (
        node,
        *[facts.get(f) for f in node.facts],
        *[answers.get(q) for q in node.questions],
        *[facts.get(f) for f in node.derived_from],
    )
    try:
        got = t.decided.get(key)
    except TypeError:  # a set-of-choice fact's list: explained without the cache
        got = None
        key = ()
    if got is None:
        leaf = node if node.leaf is not None else node.test(facts, answers)[1]
        got = (leaf.text, tuple(read_values(leaf, judgement.case).items()))
        if key and len(t.decided) < CACHE_LIMIT:
            t.decided[key] = got
    return got


def question_entry(judgement: Judgement, t: Tables, i: int) -> dict[str, Any]:
    """Question ``i``'s entry: status, answer, credit, or the condition that decided it."""
    step = judgement.trace[i]
    answers = judgement.case.answers
    if isinstance(step, Status):
        answer = answers.get(t.ids[i])
        if step is _COUNTED or step is _ANSWERED_NA:
            assert answer is not None
            return {"status": _TEXT[step], "answer": answer, "credit": t.credits[i][answer]}
        if answer is None:
            return {"status": _TEXT[step]}
        return {"status": _TEXT[step], "answer": answer}
    if isinstance(step, tuple):
        node, error = step
        status = Status.CONDITION_ERROR
    else:
        node, error = step, None
        status = Status.NOT_APPLICABLE
    case = judgement.case
    if error is None and node.leaf is None:  # the part of all/any/not that decided
        node = node.test(case.facts, case.answers)[1]
    out: dict[str, Any] = {"status": status.value}
    answer = answers.get(t.ids[i])
    if answer is not None:
        out["answer"] = answer
    out["condition"] = node.text
    out["read"] = read_values(node, case)
    if error is not None:
        out["error"] = error.message
    return out


def _because(
    t: Tables, g: _GroupTable, entries: list[dict[str, Any]] | dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """A group's ``aow-judgement/1`` because list: its members' entries, with the weight of
    those that carry a credit."""
    out = []
    for i, weight in g.members:
        entry = {"question": t.ids[i], **entries[i]}
        if "credit" in entry:
            entry["weight"] = weight
        out.append(entry)
    return out


def group_because(judgement: Judgement, group: Group) -> list[dict[str, Any]]:
    """One group's ``because`` list as ``aow-judgement/1`` writes it, without rendering the
    rest of the judgement."""
    t = tables(judgement.criteria)
    g = t.groups[group.slot]
    return _because(t, g, {i: question_entry(judgement, t, i) for i, _ in g.members})


def case_detail(judgement: Judgement) -> dict[str, Any]:
    """What explains a judgement's scores compactly: the case id, each question's entry (as
    in `judgement_data`), the findings and the summary; no group, so no group's copies of
    its members' entries (a sample report lists the groups once)."""
    t = tables(judgement.criteria)
    return {
        "case_id": judgement.case.case_id,
        "questions": dict(zip(t.ids, _entries(judgement, t), strict=True)),
        "findings": [f.to_dict(judgement.case) for f in judgement.findings],
        "summary": summary_text(judgement),
    }


def judgement_data(judgement: Judgement, fmt: JudgementFormat) -> dict[str, Any]:
    """The judgement as data in format ``fmt`` (1 or 2): see the module docstring."""
    t = tables(judgement.criteria)
    entries = _entries(judgement, t)
    totals = judgement.totals
    out: dict[str, Any] = {
        "format": FORMATS[fmt],
        "case_id": judgement.case.case_id,
        "assessor": judgement.case.assessor,
        "criteria": dict(t.ref),
        "engine": dict(_ENGINE),
    }
    for name, groups in t.sections:
        section: dict[str, Any] = {}
        for g in groups:
            slot = g.group.slot
            score, fraction, yes, counted, band = numbers_of(
                t, g.banded, totals[2 * slot], totals[2 * slot + 1]
            )
            data = dict(g.head)
            data["score"] = score
            data["fraction"] = fraction
            data["yes"] = yes
            data["counted"] = counted
            data["band"] = band
            if fmt == 2:
                data["questions"] = list(g.ids)
                if g.weights:
                    data["weights"] = dict(g.weights)
            else:
                data["because"] = _because(t, g, entries)
            section[g.group.id] = data
        out[name] = section
    out["questions"] = dict(zip(t.ids, entries, strict=True))
    out["findings"] = [f.to_dict(judgement.case) for f in judgement.findings]
    out["summary"] = summary_text(judgement)
    return out


def summary_text(judgement: Judgement) -> str:
    """A plain-English paragraph: each outcome's score, then the findings."""
    t = tables(judgement.criteria)
    totals = judgement.totals
    parts = []
    sentences = t.sentences
    for g in t.sections[0][1]:
        slot = g.group.slot
        key = (slot, totals[2 * slot], totals[2 * slot + 1])
        sentence = sentences.get(key)
        if sentence is None:
            sentence = _sentence(t, g, key[1], key[2])
            if len(sentences) < CACHE_LIMIT:
                sentences[key] = sentence
        parts.append(sentence)
    findings = judgement.findings
    errors = sum(1 for f in findings if f.severity == "error")
    if findings:
        parts.append(f"Findings: {errors} error(s), {len(findings) - errors} warning(s).")
    else:
        parts.append("No findings.")
    return " ".join(parts)


def _sentence(t: Tables, g: _GroupTable, yes: int, counted: int) -> str:
    title = g.group.title
    if not counted:
        return f"{title}: not applicable to this case (no question counted)."
    band = numbers_of(t, g.banded, yes, counted)[4]
    d = t.criteria.plan.denominator
    whole = yes % d == 0 and counted % d == 0
    unit = "applicable questions met" if whole else "weighted points met"
    return (
        f"{title}: {_plain(yes, d)} of {_plain(counted, d)} {unit} "
        f"({group_percent(t.criteria.scoring, g.group.kind, Fraction(yes, counted))}"
        f"{f', {band}' if band else ''})."
    )


def _plain(units: int, d: int) -> str:
    if units % d == 0:
        return str(units // d)
    return f"{units / d:g}"


# -- reading judgement data, in either format ----------------------------------------------


def format_of(data: Mapping[str, Any]) -> JudgementFormat:
    """The format of judgement data (1 or 2); `ValueError` for anything else."""
    for number, name in FORMATS.items():
        if data.get("format") == name:
            return 1 if number == 1 else 2
    raise ValueError(
        f"not a judgement: format {data.get('format')!r}, expected one of "
        f"{', '.join(FORMATS.values())}"
    )


def because_entries(data: Mapping[str, Any], section: str, group_id: str) -> list[dict[str, Any]]:
    """A group's because list (``aow-judgement/1`` entries: question, status, answer, credit
    and weight, or the deciding condition) from judgement data of either format."""
    group = data[section][group_id]
    if format_of(data) == 1:
        return list(group["because"])
    questions = data["questions"]
    weights = group.get("weights", {})
    out = []
    for qid in group["questions"]:
        entry = {"question": qid, **questions[qid]}
        if "credit" in entry:
            entry["weight"] = weights.get(qid, 1)
        out.append(entry)
    return out
