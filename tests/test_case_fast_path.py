"""`parse_case` settles plainly valid cases with lookups and sends everything else through the
full check. The two must agree: whatever the fast path accepts, the full check accepts too and
builds the same case, key order included; whatever it does not, the full check reports.

Cases are generated valid, then broken in one to three ways a sender might break them.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import Criteria
from aow_rules._cases._parse import (  # private: the fast path against the full check
    _checked,
    _plainly_valid,
    read_case_json,
)
from aow_rules.errors import CaseError

from .strategies import case_content
from .test_columnar import _fact_value, criteria_specs, to_yaml

BREAKS: tuple[tuple[str, Any], ...] = (
    ("top", ("format", "aow-case/2")),
    ("top", ("format", None)),
    ("top", ("criteria", "other-criteria")),
    ("top", ("criteria", 7)),
    ("top", ("case_id", "   ")),
    ("top", ("case_id", "")),
    ("top", ("case_id", 12)),
    ("top", ("case_id", "x" * 201)),
    ("top", ("assessor", None)),
    ("top", ("assessor", "")),
    ("top", ("assessor", 3)),
    ("top", ("assessor", "a" * 201)),
    ("top", ("note", "n" * 10_001)),
    ("top", ("note", None)),
    ("top", ("extra", 1)),
    ("top", ("facts", None)),
    ("top", ("facts", [])),
    ("top", ("answers", None)),
    ("top", ("answers", "yes")),
    ("top", ("evidence", None)),
    ("top", ("evidence", [])),
    ("top", ("evidence", 0)),
    ("drop", "case_id"),
    ("drop", "criteria"),
    ("drop", "format"),
    ("fact", None),
    ("fact", True),
    ("fact", 1),
    ("fact", -(2**70)),
    ("fact", 2**70),
    ("fact", 1.0),
    ("fact", "A"),
    ("fact", "zzz"),
    ("fact", ["A", "A"]),
    ("fact", ["A", 1]),
    ("fact", []),
    ("fact", "2021-02-30"),
    ("fact", "2021-2-3"),
    ("fact", "t" * 10_001),
    ("fact", {"a": 1}),
    ("unknown fact", 1),
    ("drop fact", None),
    ("answer", None),
    ("answer", 1),
    ("answer", "YES"),
    ("answer", "a" * 10_001),
    ("answer", ["yes"]),
    ("unknown answer", "yes"),
    ("evidence", None),
    ("evidence", 5),
    ("evidence", "e" * 10_001),
    ("unknown evidence", "seen"),
    ("top", ("interview", None)),
    ("top", ("interview", [])),
    ("top", ("interview", {})),
    ("top", ("interview", {"officer": True})),
    ("top", ("interview", {"officer": False, "offender": False, "date": "2013-11-05"})),
    ("interview", ("officer", "true")),
    ("interview", ("officer", None)),
    ("interview", ("offender", 1)),
    ("interview", ("date", "2013-W45-1")),
    ("interview", ("date", "2013-02-30")),
    ("interview", ("date", "5 Nov 2013")),
    ("interview", ("date", None)),
    ("interview", ("when", "2013-11-05")),
)


_KINDS = tuple(dict.fromkeys(k for k, _ in BREAKS))


def _outcome(fn: Any) -> Any:
    try:
        case = fn()
    except CaseError as exc:
        return ("error", [p.to_dict() for p in exc.problems])
    return (
        case.case_id,
        case.criteria_id,
        list(case.facts.items()),
        list(case.answers.items()),
        list(case.evidence.items()),
        case.assessor,
        case.note,
        case.interview,
    )


def _break(draw: st.DrawFn, data: dict[str, Any], criteria: Criteria) -> None:
    # A kind of break first, then one of its values: each kind is as likely as any other.
    kind = draw(st.sampled_from(_KINDS))
    value = draw(st.sampled_from([v for k, v in BREAKS if k == kind]))
    facts, answers, evidence = data["facts"], data["answers"], data["evidence"]
    if kind == "top":
        data[value[0]] = value[1]
    elif kind == "drop":
        data.pop(value, None)
    elif kind == "fact" and isinstance(facts, dict) and criteria.facts:
        facts[draw(st.sampled_from(sorted(criteria.facts)))] = value
    elif kind == "unknown fact" and isinstance(facts, dict):
        facts["no_such_fact"] = value
    elif kind == "drop fact" and isinstance(facts, dict) and facts:
        facts.pop(draw(st.sampled_from(sorted(facts))))
    elif kind in ("answer", "evidence"):
        target = answers if kind == "answer" else evidence
        if isinstance(target, dict):
            target[draw(st.sampled_from([q.id for q in criteria.questions]))] = value
    elif kind == "unknown answer" and isinstance(answers, dict):
        answers["no-such-question"] = value
    elif kind == "unknown evidence" and isinstance(evidence, dict):
        evidence["no-such-question"] = value
    elif kind == "interview":
        if not isinstance(data.get("interview"), dict):
            data["interview"] = {"officer": True, "offender": True}
        data["interview"][value[0]] = value[1]


@st.composite
def _case_data(draw: st.DrawFn, criteria: Criteria) -> dict[str, Any]:
    facts, answers, evidence = case_content(
        draw,
        criteria,
        values=_fact_value,
        text=st.sampled_from(("free text", "", "  ")),
        evidence=st.sampled_from(("", "seen in the record")),
    )
    data: dict[str, Any] = {
        "format": "aow-case/1",
        "case_id": draw(st.sampled_from(("C1", " C2 ", "c-3"))),
        "criteria": criteria.id,
        "facts": facts,
        "answers": answers,
        "evidence": evidence,
    }
    for key, values in (("assessor", ("A1", "")), ("note", ("SYNTHETIC", ""))):
        if draw(st.booleans()):
            data[key] = draw(st.sampled_from(values))
    if draw(st.booleans()):  # an interview record is optional: absent is "not recorded"
        record: dict[str, Any] = {"officer": draw(st.booleans()), "offender": draw(st.booleans())}
        if draw(st.booleans()):
            record["date"] = draw(st.sampled_from(("2013-11-05", "2014-02-28")))
        data["interview"] = dict(draw(st.permutations(list(record.items()))))
    # Keys in any order: the case keeps the criteria's order whatever the sender's.
    for key in ("facts", "answers", "evidence"):
        items = list(data[key].items())
        data[key] = dict(draw(st.permutations(items)))
    for _ in range(draw(st.integers(0, 3))):
        _break(draw, data, criteria)
    return data


def _agree(data: dict[str, Any], criteria: Criteria) -> None:
    fast = _plainly_valid(data, criteria)
    full = _outcome(lambda: _checked(data, criteria, None))
    if fast is not None:
        assert _outcome(lambda: fast) == full, "the fast path differs from the full check"
    assert _outcome(lambda: aow_rules.parse_case(data, criteria)) == full


@pytest.mark.slow  # 150 generated cases under each shipped file: 1.5-2.5 s each
@pytest.mark.parametrize("criteria_id", ["iaow-2013-10", "hmip-2018-adult", "iaow-2014-08"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_shipped_criteria_fast_path_agrees_with_full_check(
    criteria_id: str, data: st.DataObject
) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    _agree(data.draw(_case_data(criteria)), criteria)


@pytest.mark.slow  # 150 generated criteria, each with a case: about 2 s
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_criteria_fast_path_agrees_with_full_check(data: st.DataObject) -> None:
    # Generated criteria have every fact type (dates, sets, texts, bounded and unbounded ints).
    criteria = aow_rules.parse_criteria(
        to_yaml(data.draw(criteria_specs())), source="generated.yaml"
    )
    _agree(data.draw(_case_data(criteria)), criteria)


def test_valid_cases_take_the_fast_path() -> None:
    # The point of the fast path: the shipped sample's cases never need the full check.
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample("examples/sample-iaow-2013-10.jsonl", criteria)
    assert sample.cases
    assert not sample.rejected
    for case in sample.cases:
        data = {
            "format": "aow-case/1",
            "case_id": case.case_id,
            "criteria": case.criteria_id,
            # As sent: without the facts the criteria derive when a case is read.
            "facts": {k: v for k, v in case.facts.items() if criteria.facts[k].derived is None},
            "answers": dict(case.answers),
            "evidence": dict(case.evidence),
            **({"assessor": case.assessor} if case.assessor is not None else {}),
            **({"note": case.note} if case.note is not None else {}),
            **({"interview": case.interview.to_dict()} if case.interview is not None else {}),
        }
        assert _plainly_valid(data, criteria) == case


def test_duplicate_keys_are_still_rejected() -> None:
    text = '{"format": "aow-case/1", "answers": {"1.1-01": "yes", "1.1-01": "no"}}'
    with pytest.raises(CaseError, match=r"duplicate key '1\.1-01'"):
        read_case_json(text, "dup.json")
