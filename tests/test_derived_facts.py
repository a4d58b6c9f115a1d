"""Derived facts: computed when a case is read, never sent (issue 14, item 2).

Months under supervision are derived from the start of supervision and the inspection date
rather than typed in; a bool can be derived by a condition over other facts (the April 2013
violent-offence focus). Explanations show the dates a derived value came from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aow_rules

from .support import ROOT, run_cli

TINY = """format: aow-criteria/1
id: derived
version: "1"
title: Derived facts (invented for a test)
status: draft
effective_from: "2024-01-01"
provenance: {summary: Invented for a test.}
outcomes: [{id: O1, title: One}]
stages: [{id: P1, title: One}]
criteria: [{id: "1.1", title: One, outcome: O1, stage: P1}]
facts:
  - {id: start, title: Start of supervision, type: date, required: true}
  - {id: seen, title: Inspection date, type: date}
  - {id: months, title: Months supervised, type: int, derived: {months_between: [start, seen]}}
  - {id: offences, title: Offences, type: set, options: [violence, theft], required: true}
  - id: violent
    title: A violent offence
    type: bool
    derived: {condition: '"violence" in case.offences'}
scales:
  - id: yn
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions:
  - {id: Q1, criterion: "1.1", text: "Reviewed after six months?", scale: yn,
     applies_if: case.months >= 6}
  - {id: Q2, criterion: "1.1", text: "Violence addressed?", scale: yn, applies_if: case.violent}
consistency:
  - code: dates_out_of_order
    severity: error
    when: case.start > case.seen
    message: Supervision starts after the inspection.
"""


@pytest.fixture
def tiny(tmp_path: Path) -> aow_rules.Criteria:
    path = tmp_path / "derived.yaml"
    path.write_text(TINY)
    return aow_rules.load_criteria(path)


def _case(**facts: object) -> dict[str, object]:
    return {"format": "aow-case/1", "case_id": "D-1", "criteria": "derived", "facts": facts}


@pytest.mark.parametrize(
    ("start", "seen", "months"),
    [
        ("2013-05-18", "2013-11-18", 6),  # the same day of the month: whole months
        ("2013-05-19", "2013-11-18", 5),  # one day short of the sixth month
        ("2013-01-31", "2013-02-28", 0),  # a month counts once its day is reached
        ("2013-01-31", "2013-03-31", 2),
        ("2012-02-29", "2013-02-28", 11),
        ("2013-11-18", "2013-11-18", 0),
        ("2013-12-18", "2013-11-18", -1),  # out of order: negative, and a rule can flag it
    ],
)
def test_months_are_counted_between_the_dates(
    tiny: aow_rules.Criteria, start: str, seen: str, months: int
) -> None:
    case = aow_rules.parse_case(_case(start=start, seen=seen, offences=["theft"]), tiny)
    assert case.facts["months"] == months


def test_a_derived_fact_is_absent_when_what_it_comes_from_is(tiny: aow_rules.Criteria) -> None:
    case = aow_rules.parse_case(_case(start="2013-05-18", offences=[]), tiny)
    assert "months" not in case.facts
    assert case.facts["violent"] is False
    judgement = aow_rules.evaluate(tiny, case).to_dict()
    # Reading a fact that is absent is a condition error, never a silent 'does not apply'.
    assert judgement["questions"]["Q1"]["status"] == "condition_error"


def test_a_case_may_not_send_a_derived_fact(tiny: aow_rules.Criteria) -> None:
    with pytest.raises(aow_rules.CaseError) as err:
        aow_rules.parse_case(
            _case(start="2013-05-18", seen="2013-11-18", offences=[], months=6), tiny
        )
    (problem,) = err.value.problems
    assert problem.code == "case_derived_fact"
    assert problem.location == "$.facts.months"
    assert "start and seen" in (problem.suggestion or "")


def test_explanations_show_the_dates_behind_a_derived_value(tiny: aow_rules.Criteria) -> None:
    case = aow_rules.parse_case(
        _case(start="2013-09-18", seen="2013-11-18", offences=["theft"]), tiny
    )
    entry = aow_rules.evaluate(tiny, case).to_dict()["questions"]["Q1"]
    assert entry["status"] == "not_applicable"
    assert entry["read"] == {
        "case.months": 2,
        "case.start": "2013-09-18",
        "case.seen": "2013-11-18",
    }


def test_each_case_shows_its_own_dates_behind_the_same_derived_value(
    tiny: aow_rules.Criteria,
) -> None:
    # Two months supervised in both cases, from different dates: the explanation of the second
    # is not the first's remembered one, in either judgement format or the compact JSON.
    starts = {"D-1": ("2013-09-18", "2013-11-18"), "D-2": ("2014-01-05", "2014-03-20")}
    for _ in range(2):  # the second round meets everything the first remembered
        for case_id, (start, seen) in starts.items():
            data = _case(start=start, seen=seen, offences=["theft"]) | {"case_id": case_id}
            judgement = aow_rules.evaluate(tiny, aow_rules.parse_case(data, tiny))
            want = {"case.months": 2, "case.start": start, "case.seen": seen}
            assert judgement.to_dict()["questions"]["Q1"]["read"] == want
            assert json.loads(judgement.to_json())["questions"]["Q1"]["read"] == want
            (one,) = [
                e
                for e in judgement.to_dict(format=1)["outcomes"]["O1"]["because"]
                if e["question"] == "Q1"
            ]
            assert one["read"] == want


def test_dates_out_of_order_are_an_error_finding(tiny: aow_rules.Criteria) -> None:
    case = aow_rules.parse_case(
        _case(start="2014-01-01", seen="2013-11-18", offences=["theft"]), tiny
    )
    findings = aow_rules.evaluate(tiny, case).to_dict()["findings"]
    assert [f["code"] for f in findings] == ["dates_out_of_order"]


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (
            "{id: months, title: M, type: int, required: true,"
            " derived: {months_between: [start, seen]}}",
            "cannot be required",
        ),
        (
            "{id: months, title: M, type: int, min: 0, derived: {months_between: [start, seen]}}",
            "without min or max",
        ),
        (
            "{id: months, title: M, type: int, derived: {months_between: [start, offences]}}",
            "from one date fact to another",
        ),
        (
            "{id: months, title: M, type: bool, derived: {condition: case.violent}}",
            "which is derived itself",
        ),
        (
            "{id: months, title: M, type: int, derived: {condition: case.start == case.seen}}",
            "so it is a bool",
        ),
        (
            "{id: months, title: M, type: int, derived: {}}",
            "exactly one of months_between and condition",
        ),
    ],
)
def test_a_derived_fact_that_cannot_be_computed_is_a_criteria_error(
    tmp_path: Path, fact: str, message: str
) -> None:
    text = TINY.replace(
        "  - {id: months, title: Months supervised, type: int,"
        " derived: {months_between: [start, seen]}}",
        f"  - {fact}",
    ).replace("case.months >= 6", "case.violent")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(aow_rules.CriteriaError) as err:
        aow_rules.load_criteria(path)
    assert message in str(err.value)


def test_shipped_files_derive_months_and_csv_carries_only_recorded_facts(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    assert criteria.facts["months_supervised"].derived is not None
    cases = aow_rules.synthesize(criteria, cases=5, seed=7)
    assert all("months_supervised" not in c["facts"] for c in cases)
    path = tmp_path / "sample.csv"
    aow_rules.write_csv(cases, criteria, path)
    header = path.read_text().split("\r\n")[0].split(",")
    assert "months_supervised" not in header
    assert "supervision_start" in header
    sample = aow_rules.read_sample(path, criteria)
    assert not sample.rejected
    for case, data in zip(sample.cases, cases, strict=True):
        assert case.facts["months_supervised"] >= 0
        assert case == aow_rules.parse_case(data, criteria)


def test_the_april_2013_violent_offence_focus_is_a_derived_breakdown() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-04")
    assert "violent_offence" in criteria.scoring.breakdowns
    code, out, _ = run_cli(
        "report",
        str(ROOT / "examples" / "sample-iaow-2013-04.jsonl"),
        "--criteria",
        "iaow-2013-04",
        "--format",
        "json",
    )
    assert code == 0
    breakdown = next(b for b in json.loads(out)["breakdowns"] if b["by"] == "violent_offence")
    cells = {v["value"]: v["cases"] for v in breakdown["values"]}
    # The sample focused on violent offences: most cases are.
    assert cells[True] > cells[False] > 0
