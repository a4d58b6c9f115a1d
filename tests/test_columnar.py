"""The columnar path (polars) against the per-case path: the same numbers, the same findings.

The per-case path (`evaluate` then `Aggregate.of`) is the reference. The columnar path must
give, for any valid criteria file and any sample of valid cases, the same aggregate (with any
breakdowns), the same totals per case and group, the same error and warning counts per case,
and the same findings by code. The main test generates both: a random but valid criteria
file (every fact type, graded and null-credit scales, conditions of every kind the subset
has, including ones that err at run time, weights, evidence rules, consistency rules) and a
random sample for it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import Case, Criteria
from aow_rules._aggregate._columnar import (  # private: the columnar path is under test
    aggregate_columnar,
    aggregate_scores,
)
from aow_rules._evaluate._columnar import (  # private: the columnar path is under test
    score_frame,
    to_frame,
)

from .strategies import case_content, fact_value
from .support import ROOT

pl = pytest.importorskip("polars", reason="the columnar path needs polars (the columnar extra)")

# -- comparing the two paths ------------------------------------------------------------------

Findings = dict[str, tuple[str, int, list[str]]]


def _per_case(
    criteria: Criteria, cases: Sequence[Case], by: Sequence[str]
) -> tuple[aow_rules.Aggregate, list[tuple[int, ...]], list[tuple[int, int]], Findings]:
    judgements = [aow_rules.evaluate(criteria, c) for c in cases]
    aggregate = aow_rules.Aggregate.of(criteria, judgements, by)
    totals = [tuple(j.totals) for j in judgements]
    counts = [
        (
            sum(1 for f in j.findings if f.severity == "error"),
            sum(1 for f in j.findings if f.severity == "warning"),
        )
        for j in judgements
    ]
    severities: dict[str, set[str]] = {}
    numbers: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    for j in judgements:
        for f in j.findings:
            code, severity = f.code, f.severity
            severities.setdefault(code, set()).add(severity)
            numbers[code] = numbers.get(code, 0) + 1
            ids.setdefault(code, set()).add(j.case.case_id)
    findings = {}
    for code in sorted(numbers):
        (severity,) = severities[code]  # one code, one severity
        findings[code] = (severity, numbers[code], sorted(ids[code]))
    return aggregate, totals, counts, findings


def assert_same(criteria: Criteria, cases: Sequence[Case], by: Sequence[str]) -> None:
    """Both paths give the same aggregate, case totals, finding counts and findings."""
    aggregate, totals, counts, findings = _per_case(criteria, cases, by)
    scores = score_frame(criteria, to_frame(criteria, cases), by)
    folded = aggregate_scores(criteria, scores)
    frame = scores.cases
    assert frame.height == len(cases)
    assert frame.get_column("case_id").to_list() == [c.case_id for c in cases]
    assert frame.get_column("assessor").to_list() == [c.assessor for c in cases]
    synthetic = [(c.note or "").lstrip().upper().startswith("SYNTHETIC") for c in cases]
    assert frame.get_column("synthetic").to_list() == synthetic
    for name in by:
        if name in criteria.facts:
            # Typed: a bool fact must not pass as an int column of 0/1.
            column = f"f:{name}" if f"f:{name}" in frame.columns else name
            values = frame.get_column(column).to_list()
            if criteria.facts[name].type == "int" and frame.schema[column] == pl.String:
                values = [None if v is None else int(v) for v in values]  # beyond 64 bits
            got = [(type(v), v) for v in values]
            assert got == [(type(v), v) for v in (c.facts.get(name) for c in cases)], name
    slots = [g.slot for g in criteria.groups]
    columns = [frame.get_column(f"{k}{s}").to_list() for s in slots for k in ("y", "c")]
    got_totals = [tuple(col[i] for col in columns) for i in range(len(cases))]
    assert got_totals == totals
    got_counts = list(
        zip(
            frame.get_column("errors").to_list(),
            frame.get_column("warnings").to_list(),
            strict=True,
        )
    )
    assert got_counts == counts
    assert scores.findings == findings
    for group in criteria.groups:
        assert folded.totals(group) == aggregate.totals(group), group.id
    for name in by:
        assert folded.values(name) == aggregate.values(name), name
        for value, _ in aggregate.values(name):
            for group in criteria.groups:
                got = folded.totals(group, name, value)
                assert got == aggregate.totals(group, name, value), (name, value, group.id)
    assert folded == aggregate
    assert aggregate_columnar(criteria, cases, by) == aggregate


# -- a block-YAML writer for generated criteria (scalars as JSON, which YAML reads alike) ------


def _flat(value: Any) -> bool:
    if isinstance(value, dict):
        return not value
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return True


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, v in value.items():
            if _flat(v):
                out.append(f"{pad}{key}: {json.dumps(v, ensure_ascii=False)}")
            else:
                out.append(f"{pad}{key}:")
                _emit(v, indent + 2, out)
        return
    assert isinstance(value, list)
    for item in value:
        if _flat(item):
            out.append(f"{pad}- {json.dumps(item, ensure_ascii=False)}")
        else:
            sub: list[str] = []
            _emit(item, indent + 2, sub)
            out.append(f"{pad}- {sub[0][indent + 2 :]}")
            out.extend(sub[1:])


def to_yaml(spec: dict[str, Any]) -> str:
    out = ["# Generated by tests/test_columnar.py. SYNTHETIC."]
    _emit(spec, 0, out)
    return "\n".join(out) + "\n"


# -- generated criteria -----------------------------------------------------------------------

FACT_TYPES = ("bool", "int", "choice", "set", "date", "text")
FACT_NAMES = {"bool": "flag", "int": "num", "choice": "pick", "set": "tags", "date": "day"}
# Valid fact ids that are also names the columnar frame uses for its own columns.
AWKWARD_FACT_IDS = ("assessor", "case_id", "synthetic", "errors", "warnings", "y0", "c1")
OPTIONS = ("x", "y", "z")
CREDITS: tuple[Any, ...] = (1, 0, "1/2", "1/3", "2/3", 0.25, "3/4", None)
WEIGHTS: tuple[Any, ...] = (1, 2, "1/2", "3/2", 0.5)
FREE_TEXT = ("", "x", "yes", "some words", "\u00fcn\u00efcode")
TEXTS = ("", "a", "b", " a ", "\u00e9t\u00e9", "\x1f")
RULE_CODES = ("rule_a", "rule_b", "rule_c")
# Credits 1/p on one scale: six of these make a common denominator above 10**12.
FINE_PRIMES = (101, 103, 107, 109, 113, 127, 131)


@st.composite
def _facts(draw: st.DrawFn) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for kind in FACT_TYPES:
        # Every type most of the time; sometimes none of it, sometimes two.
        for k in range(draw(st.sampled_from((0, 1, 1, 1, 2)))):
            facts.append(_fact(draw, f"{FACT_NAMES.get(kind, 'note')}{k + 1}", kind))
    if draw(st.integers(0, 3)) == 0:
        name = draw(st.sampled_from(AWKWARD_FACT_IDS))
        facts.append(_fact(draw, name, draw(st.sampled_from(("bool", "int", "choice", "text")))))
    return facts


def _fact(draw: st.DrawFn, fid: str, kind: str) -> dict[str, Any]:
    fact: dict[str, Any] = {"id": fid, "title": f"Fact {fid}", "type": kind}
    if kind in ("choice", "set"):
        n = draw(st.integers(1, len(OPTIONS)))
        fact["options"] = list(OPTIONS[:n])
    if kind == "int":
        if draw(st.booleans()):
            fact["min"] = draw(st.integers(-3, 2))
        if draw(st.booleans()):
            fact["max"] = draw(st.integers(fact.get("min", 0), 6))
    if draw(st.booleans()):
        fact["required"] = True
    return fact


@st.composite
def _scales(draw: st.DrawFn) -> list[dict[str, Any]]:
    def option(value: str, credit: Any) -> dict[str, Any]:
        return {"value": value, "title": value.capitalize(), "credit": credit}

    scales = [
        {"id": "yes_no", "title": "Yes or no", "options": [option("yes", 1), option("no", 0)]},
        {
            "id": "yes_no_na",
            "title": "Yes, no or not applicable",
            "options": [option("yes", 1), option("no", 0), option("na", None)],
        },
        {
            "id": "graded",
            "title": "Graded",
            "options": [option("good", 1), option("sufficient", "1/2"), option("poor", 0)],
        },
    ]
    for k in range(draw(st.integers(0, 2))):
        values = draw(
            st.lists(
                st.sampled_from(("a", "b", "c", "d", "na")), min_size=1, max_size=4, unique=True
            )
        )
        credits = [draw(st.sampled_from(CREDITS)) for _ in values]
        if all(c is None for c in credits):
            credits[0] = draw(st.sampled_from(CREDITS[:-1]))
        scales.append(
            {
                "id": f"scale{k + 1}",
                "title": f"Scale {k + 1}",
                "options": [option(v, c) for v, c in zip(values, credits, strict=True)],
            }
        )
    if draw(st.integers(0, 5)) == 0:
        # Valid however fine: exact arithmetic has no limit on the common denominator.
        primes = draw(st.lists(st.sampled_from(FINE_PRIMES), min_size=6, max_size=7, unique=True))
        scales.append(
            {
                "id": "fine",
                "title": "Fine-grained",
                "options": [option(f"p{p}", f"1/{p}") for p in primes] + [option("full", 1)],
            }
        )
    return scales


def _leaves(facts: list[dict[str, Any]], answers: dict[str, list[str] | None]) -> list[str]:
    """CEL leaves that type-check against ``facts`` and questions (id -> options or None)."""
    out = ["true"]
    bools = [f"case.{f['id']}" for f in facts if f["type"] == "bool"]
    ints = [f"case.{f['id']}" for f in facts if f["type"] == "int"]
    for f in facts:
        ref = f"case.{f['id']}"
        out.append(f"has({ref})")
        kind, options = f["type"], f.get("options", [])
        if kind == "bool":
            out += [ref, f"!{ref}", f"{ref} == false"]
        elif kind == "int":
            for k in (0, 1, 3):
                out += [f"{ref} >= {k}", f"{ref} < {k}", f"{ref} == {k}"]
        elif kind == "choice":
            for o in options:
                out += [f'{ref} == "{o}"', f'{ref} != "{o}"']
            out.append(f"{ref} in {json.dumps(options[:2])}")
        elif kind == "set":
            for o in options:
                out += [f'"{o}" in {ref}', f'{ref}.exists(v, v == "{o}")']
                out.append(f'{ref}.all(v, v != "{o}")')
            out += [f"size({ref}) > 1", f"size({ref}) == 0"]
        elif kind == "date":
            out += [f'{ref} >= "2020-01-01"', f'{ref} == "2021-06-30"']
        else:
            out += [f'{ref} == "a"', f"size({ref}) > 0", f'{ref} != ""']
    for b in bools:
        for n in ints:
            out.append(f"{b} ? {n} > 1 : false")
    for qid, options in answers.items():
        ref = f'answers["{qid}"]'
        values = options or ["x", "yes"]
        out.append(f'"{qid}" in answers')
        for o in values:
            # Guarded, and unguarded: reading a missing answer is a CEL error.
            out += [f'"{qid}" in answers && {ref} == "{o}"', f'{ref} == "{o}"']
        out.append(f"{ref} in {json.dumps(values[:2])}")
        out.append(f'!("{qid}" in answers) || {ref} != "{values[-1]}"')
    return out


@st.composite
def _condition(draw: st.DrawFn, leaves: list[str], depth: int = 0) -> Any:
    kinds = ["leaf", "leaf", "leaf", "and", "or", "ternary"]
    if depth < 2:
        kinds += ["all", "any", "not"]
    kind = draw(st.sampled_from(kinds))
    leaf = st.sampled_from(leaves)
    if kind == "leaf":
        return draw(leaf)
    if kind in ("and", "or"):
        op = "&&" if kind == "and" else "||"
        return f"({draw(leaf)}) {op} ({draw(leaf)})"
    if kind == "ternary":
        return f"({draw(leaf)}) ? ({draw(leaf)}) : ({draw(leaf)})"
    if kind == "not":
        return {"not": draw(_condition(leaves, depth + 1))}
    parts = draw(st.lists(_condition(leaves, depth + 1), min_size=1, max_size=3))
    return {kind: parts}


@st.composite
def criteria_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A random, valid criteria file (as data)."""
    outcomes = [
        {"id": f"O{i + 1}", "title": f"Outcome {i + 1}"} for i in range(draw(st.integers(1, 3)))
    ]
    stages = [
        {"id": f"P{i + 1}", "title": f"Stage {i + 1}"} for i in range(draw(st.integers(1, 2)))
    ]
    out_ids = [o["id"] for o in outcomes]
    grid = [
        {
            "id": f"1.{i + 1}",
            "title": f"Criterion 1.{i + 1}",
            "outcome": draw(st.sampled_from(out_ids)),
            "stage": draw(st.sampled_from([s["id"] for s in stages])),
        }
        for i in range(draw(st.integers(1, 4)))
    ]
    facts = draw(_facts())
    scales = draw(_scales())
    options = {s["id"]: [o["value"] for o in s["options"]] for s in scales}
    # Each question's shape first: conditions may read any question's answer.
    shapes = []
    for i in range(draw(st.integers(1, 7))):
        scored = draw(st.integers(0, 5)) > 0
        scale = draw(st.sampled_from(sorted(options)))
        if "fine" in options and draw(st.booleans()):
            scale = "fine"  # when there is one, used often
        if not scored and draw(st.booleans()):
            scale = None  # a free-text box
        shapes.append((f"q{i + 1}", scored, scale))
    leaves = _leaves(facts, {qid: options[s] if s else None for qid, _, s in shapes})
    questions = []
    for qid, scored, scale in shapes:
        q: dict[str, Any] = {"id": qid, "text": f"Question {qid}?"}
        if scored or draw(st.booleans()):
            q["criterion"] = draw(st.sampled_from([c["id"] for c in grid]))
        if scale is not None:
            q["scale"] = scale
        if not scored:
            q["scored"] = False
        if draw(st.booleans()):
            q["applies_if"] = draw(_condition(leaves))
        if scored and draw(st.integers(0, 2)) == 0:
            towards = draw(st.lists(st.sampled_from(out_ids), min_size=1, max_size=3, unique=True))
            q["counts_towards"] = [
                {"outcome": o}
                if draw(st.booleans())
                else {"outcome": o, "weight": draw(st.sampled_from(WEIGHTS))}
                for o in towards
            ]
        if draw(st.integers(0, 2)) == 0:
            pool = options[scale] if scale else ["x", "yes"]
            q["evidence"] = {
                "required_when": draw(
                    st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)
                )
            }
        questions.append(q)
    rules = []
    for code in draw(st.lists(st.sampled_from(RULE_CODES), max_size=3, unique=True)):
        rules.append(
            {
                "code": code,
                "severity": draw(st.sampled_from(("error", "warning"))),
                "when": draw(_condition(leaves)),
                "message": f"Rule {code} holds.",
            }
        )
    spec: dict[str, Any] = {
        "format": "aow-criteria/1",
        "id": "generated-1",
        "version": "1",
        "title": "Generated criteria",
        "status": "draft",
        "effective_from": "2020-01-01",
        "provenance": {"summary": "Generated by a property test. SYNTHETIC."},
        "outcomes": outcomes,
        "stages": stages,
        "criteria": grid,
        "facts": facts,
        "scales": scales,
        "questions": questions,
    }
    if rules:
        spec["consistency"] = rules
    return spec


# -- generated samples ------------------------------------------------------------------------


def _ints(fact: Any) -> st.SearchStrategy[int]:
    # Small values most of the time, so conditions like n >= 3 go both ways; and, where the
    # fact is unbounded, values beyond 64 bits (JSON has no bounds on integers, nor has
    # parse_case).
    low = fact.min if fact.min is not None else -(2**40)
    high = fact.max if fact.max is not None else 2**40
    wide = st.integers(low, high)
    if fact.min is None and fact.max is None:
        wide = wide | st.sampled_from((2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 10**20))
    if max(low, -3) > min(high, 8):
        return wide
    small = st.integers(max(low, -3), min(high, 8))
    return st.one_of(small, small, wide)


def _fact_value(fact: Any) -> st.SearchStrategy[Any]:
    if fact.type == "int":
        return _ints(fact)
    return fact_value(
        fact,
        st.one_of(st.sampled_from(TEXTS), st.text(max_size=3)),
        dates=st.sampled_from(("2019-12-31", "2020-01-01", "2021-06-30", "2024-02-29")),
    )


@st.composite
def samples(draw: st.DrawFn, criteria: Criteria, max_size: int = 40) -> list[Case]:
    cases = []
    for i in range(draw(st.integers(0, max_size))):
        facts, answers, evidence = case_content(
            draw,
            criteria,
            values=_fact_value,
            text=st.sampled_from(FREE_TEXT),
            evidence=st.sampled_from(("", "  ", "seen in the record")),
            evidence_where_required=True,
        )
        data: dict[str, Any] = {
            "format": "aow-case/1",
            # Now and then an id used before: a sample may hold a case twice.
            "case_id": f"C{draw(st.integers(0, i)) if draw(st.integers(0, 9)) == 0 else i:02d}",
            "criteria": criteria.id,
            "facts": facts,
            "answers": answers,
            "evidence": evidence,
        }
        assessor = draw(st.sampled_from(("A1", "A2", "A3", None)))
        if assessor is not None:
            data["assessor"] = assessor
        if draw(st.booleans()):
            data["note"] = draw(st.sampled_from(("SYNTHETIC case", "  synthetic", "real")))
        cases.append(aow_rules.parse_case(data, criteria))
    return cases


def breakdowns(criteria: Criteria) -> st.SearchStrategy[list[str]]:
    """A random ``by``: facts a breakdown can use, and maybe the assessor."""
    names = [f.id for f in criteria.facts.values() if f.type in ("bool", "int", "choice", "text")]
    if "assessor" not in criteria.facts:
        names.append("assessor")
    return st.lists(st.sampled_from(names), unique=True) if names else st.just([])


@pytest.mark.slow  # hundreds of generated criteria and samples, both engines: 7-11 s
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_criteria_and_samples_score_alike(data: st.DataObject) -> None:
    text = to_yaml(data.draw(criteria_specs(), label="criteria"))
    note(text)
    criteria = aow_rules.parse_criteria(text, source="generated.yaml")
    cases = data.draw(samples(criteria), label="cases")
    by = data.draw(breakdowns(criteria), label="by")
    assert_same(criteria, cases, by)
    shuffled = data.draw(st.permutations(cases), label="shuffled")
    assert aggregate_columnar(criteria, shuffled, by) == aggregate_columnar(criteria, cases, by)


# -- known samples ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria_id", "sample"),
    [
        ("iaow-2013-10", "sample-iaow-2013-10.jsonl"),
        ("hmip-2018-adult", "sample-hmip-2018-adult.jsonl"),
    ],
)
def test_shipped_samples_score_alike(criteria_id: str, sample: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    cases = aow_rules.read_sample(ROOT / "examples" / sample, criteria).cases
    assert cases
    by = [*criteria.scoring.breakdowns, "assessor"]
    assert_same(criteria, cases, by)
    shuffled = list(cases)
    random.Random(7).shuffle(shuffled)
    assert aggregate_columnar(criteria, shuffled, by) == aggregate_columnar(criteria, cases, by)


@pytest.mark.parametrize("criteria_id", ["iaow-2013-10", "hmip-2018-adult"])
def test_empty_sample_scores_alike(criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    by = [*criteria.scoring.breakdowns, "assessor"]
    assert_same(criteria, [], by)
    assert aggregate_columnar(criteria, [], by).cases == 0


ERRING = """\
format: aow-criteria/1
id: erring-1
version: "1"
title: Every condition reads an optional fact or an answer
status: draft
effective_from: "2020-01-01"
provenance: {summary: Synthetic test fixture.}
outcomes:
  - {id: O1, title: First}
  - {id: O2, title: Second}
stages:
  - {id: P1, title: Only stage}
criteria:
  - {id: "1.1", title: One, outcome: O1, stage: P1}
  - {id: "2.1", title: Two, outcome: O2, stage: P1}
facts:
  - {id: team, title: Team, type: choice, options: [north, south]}
  - {id: flagged, title: Flagged, type: bool}
  - {id: months, title: Months, type: int, min: 0, max: 99}
  - {id: needs, title: Needs, type: set, options: [housing, work]}
  - {id: area, title: Area, type: text, required: true}
scales:
  - id: yes_no_na
    title: Yes, no or not applicable
    options:
      - {value: "yes", title: "Yes", credit: 1}
      - {value: "no", title: "No", credit: 0}
      - {value: na, title: Not applicable, credit: null}
questions:
  - {id: q1, criterion: "1.1", text: "One?", scale: yes_no_na, applies_if: case.flagged}
  - id: q2
    criterion: "1.1"
    text: Two?
    scale: yes_no_na
    applies_if: {all: [case.months >= 3, '"housing" in case.needs']}
    counts_towards: [{outcome: O1, weight: "1/2"}, {outcome: O2, weight: 2}]
  - id: q3
    criterion: "2.1"
    text: Three?
    scale: yes_no_na
    applies_if: {not: {any: [case.team == "north", 'answers["q1"] == "no"']}}
    evidence: {required_when: ["no"]}
  - {id: q4, criterion: "2.1", text: "Four?", scale: yes_no_na}
consistency:
  - {code: flagged_no, severity: error, when: 'case.flagged && answers["q4"] == "no"',
     message: Flagged but no.}
  - {code: long_months, severity: warning, when: case.months > 12, message: Long.}
"""


def test_sample_where_every_condition_errs_scores_alike() -> None:
    criteria = aow_rules.parse_criteria(ERRING, source="erring.yaml")
    cases = [
        aow_rules.parse_case(
            {
                "format": "aow-case/1",
                "case_id": f"E{i}",
                "criteria": "erring-1",
                "assessor": f"A{i % 2}",
                "facts": {"area": "east" if i % 3 else "west"},
                "answers": {"q4": "no", "q3": "yes"} if i % 2 else {"q2": "na"},
            },
            criteria,
        )
        for i in range(7)
    ]
    judgements = [aow_rules.evaluate(criteria, c) for c in cases]
    # Every condition erred in every case: three questions and both rules.
    for j in judgements:
        assert [f.code for f in j.findings].count("condition_error") == 5, j.case.case_id
    assert_same(criteria, cases, ["team", "flagged", "months", "area", "assessor"])


# -- small cases at the edges the generator reaches -------------------------------------------

EDGE = """\
format: aow-criteria/1
id: edge-1
version: "1"
title: Edge cases of the columnar path
status: draft
effective_from: "2020-01-01"
provenance: {{summary: Synthetic test fixture.}}
outcomes: [{{id: O1, title: Only outcome}}]
stages: [{{id: P1, title: Only stage}}]
criteria: [{{id: "1.1", title: Only criterion, outcome: O1, stage: P1}}]
facts:
  - {{id: {fact}, title: A fact, type: {fact_type}}}
scales:
  - id: marks
    title: Marks
    options:
      - {{value: full, title: Full, credit: 1}}
      - {{value: tiny, title: Tiny, credit: "{tiny}"}}
questions:
  - {{id: q1, criterion: "1.1", text: "Done?", scale: marks, applies_if: {condition}}}
"""


def _edge(
    cases: Sequence[tuple[Any, str]],
    *,
    fact: str = "num",
    fact_type: str = "int",
    tiny: str = "1/2",
    condition: str = "has(case.num)",
) -> tuple[Criteria, list[Case]]:
    text = EDGE.format(fact=fact, fact_type=fact_type, tiny=tiny, condition=condition)
    criteria = aow_rules.parse_criteria(text, source="edge.yaml")
    parsed = [
        aow_rules.parse_case(
            {
                "format": "aow-case/1",
                "case_id": f"E{i}",
                "criteria": "edge-1",
                "assessor": "A1",
                "facts": {fact: value},
                "answers": {"q1": answer},
            },
            criteria,
        )
        for i, (value, answer) in enumerate(cases)
    ]
    return criteria, parsed


@pytest.mark.parametrize("name", AWKWARD_FACT_IDS)
def test_breakdown_by_a_fact_named_like_a_frame_column(name: str) -> None:
    # "assessor" is a fact here, so the breakdown by "assessor" is by that fact.
    criteria, cases = _edge(
        [(True, "full"), (False, "tiny"), (True, "tiny")],
        fact=name,
        fact_type="bool",
        condition=f"has(case.{name})",
    )
    assert_same(criteria, cases, [name])


@pytest.mark.parametrize("value", [2**63 - 1, 2**63, -(2**63) - 1, 10**20])
def test_int_facts_beyond_64_bits(value: int) -> None:
    # parse_case takes any JSON integer; CEL comparisons of it still decide.
    criteria, cases = _edge([(value, "full"), (5, "tiny")], condition="case.num >= 3")
    assert_same(criteria, cases, ["num"])


def test_common_denominator_beyond_31_bits_whole_sample() -> None:
    # One case, one question answered with credit 1: yes = counted = the common denominator,
    # 3,037,000,500 units, just past sqrt(2**63).
    criteria, cases = _edge([(1, "full")], tiny="1/3037000500")
    assert criteria.plan.denominator == 3_037_000_500  # type: ignore[attr-defined]
    assert_same(criteria, cases, [])


def test_common_denominator_beyond_31_bits_in_a_breakdown() -> None:
    # Two cases, a breakdown with two values: 2 x (2.2e9)**2 passes 2**63.
    criteria, cases = _edge([(1, "full"), (2, "full")], tiny="1/2200000000")
    assert_same(criteria, cases, ["num"])
