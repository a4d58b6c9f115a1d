"""Applicability is the inspector's: what the officer recorded never decides which quality
questions apply (issue 14, item 1).

The officer's record (``rosh_level``, ``mappa``, ``mappa_category``) is evidence that
questions such as 4.1-05 compare with the inspector's view; if it were the gate, a case where
the officer missed the risk would be scored on fewer questions, and poor work would raise the
score.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules

from .strategies import case_content, fact_value

# Every shipped file: the IAOW versions and the 2018 standards.
SHIPPED = sorted(aow_rules.shipped_criteria())
OFFICER_RECORD = ("rosh_level", "mappa", "mappa_category")


def _applies(criteria: aow_rules.Criteria, case: aow_rules.Case) -> dict[str, bool]:
    """Question id -> whether it applies (every status but not_applicable)."""
    questions = aow_rules.evaluate(criteria, case).to_dict()["questions"]
    return {qid: q["status"] != "not_applicable" for qid, q in questions.items()}


@st.composite
def _case_and_record(draw: st.DrawFn, criteria: aow_rules.Criteria) -> tuple[Any, dict[str, Any]]:
    facts, answers, evidence = case_content(
        draw,
        criteria,
        values=lambda fact: fact_value(
            fact,
            st.just("text"),
            dates=st.dates().map(lambda d: d.isoformat()),
        ),
        text=st.just("text"),
        evidence=st.just("seen in the record"),
    )
    data = {
        "format": "aow-case/1",
        "case_id": "P-1",
        "criteria": criteria.id,
        "facts": facts,
        "answers": answers,
        "evidence": evidence,
    }
    # Another record, changing only what the officer recorded (a recorded fact may also be
    # left out where the file does not require it).
    record: dict[str, Any] = {}
    for fid in OFFICER_RECORD:
        fact = criteria.facts.get(fid)
        if fact is None:
            continue
        if not fact.required and draw(st.booleans()):
            record[fid] = None
        else:
            record[fid] = draw(st.sampled_from(fact.options or ()))
    return data, record


@pytest.mark.parametrize("criteria_id", SHIPPED)
def test_officer_record_is_declared_and_never_read_by_applicability(criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    assert "rosh_level" in criteria.facts
    assert "rosh_level_warranted" in criteria.facts
    for q in criteria.questions:
        read = set(q.applies_if.facts) if q.applies_if is not None else set()
        assert not read & set(OFFICER_RECORD), f"{q.id} reads the officer's record"


@pytest.mark.parametrize("criteria_id", SHIPPED)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_changing_only_the_officer_record_never_changes_what_applies(
    criteria_id: str, data: st.DataObject
) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    case_data, record = data.draw(_case_and_record(criteria))
    before = _applies(criteria, aow_rules.parse_case(case_data, criteria))
    facts = dict(case_data["facts"])
    for fid, value in record.items():
        if value is None:
            facts.pop(fid, None)
        else:
            facts[fid] = value
    after = _applies(criteria, aow_rules.parse_case({**case_data, "facts": facts}, criteria))
    assert before == after


@pytest.mark.parametrize(
    ("criteria_id", "recorded", "high"),
    [
        ("iaow-2013-10", "officer-recorded-not-assessed-inspector-judged-full-analysis", "G-14"),
        ("iaow-2013-04", "officer-recorded-not-assessed-inspector-judged-full-analysis", "A-13"),
    ],
)
def test_not_assessed_by_the_officer_is_scored_on_the_full_risk_question_set(
    criteria_id: str, recorded: str, high: str
) -> None:
    # The golden pair: the same case recorded 'high' by the officer, and recorded 'not
    # assessed' (no MAPPA either) where the inspector judged high and MAPPA eligible.
    run = aow_rules.run_tests(criteria_id)
    by_name = {r.name: r for r in run.results}
    assert by_name[recorded].passed
    not_assessed = by_name[recorded].judgement
    assert not_assessed is not None
    assert not_assessed.case.facts["rosh_level"] == "not_assessed"
    assert not_assessed.case.facts["full_analysis_needed"] is True
    pair = next(
        r.judgement for r in run.results if r.judgement and r.judgement.case.case_id == high
    )
    assert pair.case.facts["rosh_level"] == "high"

    def applicable(j: Any) -> set[str]:
        return {qid for qid, q in j.to_dict()["questions"].items() if q["status"] == "counted"}

    risk = {q.id for q in not_assessed.criteria.questions if q.criterion in ("4.1", "4.2", "4.3")}
    assert applicable(not_assessed) & risk == applicable(pair) & risk
    assert {"4.1-03", "4.1-08", "4.2-07"} <= applicable(not_assessed)


def test_the_inspector_view_decides_and_the_comparison_question_judges_the_record() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    base = {
        "format": "aow-case/1",
        "case_id": "I-1",
        "criteria": "iaow-2013-10",
        "facts": {
            "sentence_type": "community_order",
            "offence_type": ["violence"],
            "court_report": "none",
            "rosh_level": "low",
            "rosh_level_warranted": "high",
            "full_analysis_needed": True,
            "mappa": "none",
            "mappa_eligibility": "none",
            "victim_identified": False,
            "victim_contact_eligible": False,
            "restorative_justice_appropriate": False,
            "child_protection": "no_concerns",
            "domestic_abuse": False,
            "requirements": [],
            "needs_identified": [],
            "supervision_start": "2013-08-01",
            "inspection_date": "2013-11-18",
            "non_compliance": False,
        },
        "answers": {"4.1-05": "yes"},
    }
    judgement = aow_rules.evaluate(criteria, aow_rules.parse_case(base, criteria))
    out = judgement.to_dict()
    # Recorded low, warranted high: the high-risk questions apply ...
    assert out["questions"]["4.1-08"]["status"] == "unanswered"
    assert out["questions"]["4.2-07"]["status"] == "unanswered"
    # ... and calling the recorded level correct contradicts the case details.
    codes = {f["code"] for f in out["findings"]}
    assert "recorded_rosh_judged_correct_but_differs" in codes
