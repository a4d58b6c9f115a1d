"""Carrying cases into a revised file (issue 14, item 5): a fact a revision adds declares how
`impact` fills it in a case that never recorded it, and every value so assumed is named; a
revision that renumbers questions says which question of the earlier revision each continues
(``revised_from``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import aow_rules

from .support import CRITERIA_DIR

OLD = """format: aow-criteria/1
id: carried
version: "1"
title: Carried (invented for a test)
status: draft
effective_from: "2024-01-01"
provenance: {summary: Invented for a test.}
outcomes: [{id: O1, title: One}]
stages: [{id: P1, title: One}]
criteria: [{id: "1.1", title: One, outcome: O1, stage: P1}]
facts:
  - {id: level, title: Recorded level, type: choice, options: [low, high, unknown], required: true}
  - {id: months, title: Months, type: int, min: 0, max: 100, required: true}
scales:
  - id: yn
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions:
  - {id: A1, criterion: "1.1", text: "Planned?", scale: yn, applies_if: case.level == "high"}
  - {id: A2, criterion: "1.1", text: "Reviewed?", scale: yn, applies_if: case.months >= 6}
"""

NEW = """format: aow-criteria/1
id: carried
version: "2"
title: Carried (invented for a test)
status: draft
effective_from: "2024-06-01"
provenance: {summary: Invented for a test.}
outcomes: [{id: O1, title: One}]
stages: [{id: P1, title: One}]
criteria: [{id: "1.1", title: One, outcome: O1, stage: P1}]
facts:
  - {id: level, title: Recorded level, type: choice, options: [low, high, unknown], required: true}
  - id: warranted
    title: Level warranted
    type: choice
    options: [low, high]
    required: true
    carry: {fact: level, values: {low: low, high: high}, note: The view assumed to be the record.}
  - id: risky
    title: Risky
    type: bool
    required: true
    carry: {condition: case.warranted == "high", note: Risky where the level warranted is high.}
  - id: start
    title: Start
    type: date
    required: true
    carry: {months_before: [seen, months], note: Counted back from the inspection.}
  - id: seen
    title: Inspected
    type: date
    required: true
    carry: {value: "2024-07-31", note: An assumed inspection date.}
  - {id: months, title: Months, type: int, derived: {months_between: [start, seen]}}
scales:
  - id: yn
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions:
  - {id: B1, criterion: "1.1", text: "Planned?", scale: yn, applies_if: case.warranted == "high",
     revised_from: [A1]}
  - {id: A2, criterion: "1.1", text: "Reviewed?", scale: yn, applies_if: case.months >= 6}
  - {id: A1, criterion: "1.1", text: "Risk checked?", scale: yn, applies_if: case.risky,
     revised_from: []}
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[aow_rules.Criteria, aow_rules.Criteria]:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "carried.yaml").write_text(OLD)
    (tmp_path / "carried.yaml").write_text(NEW)
    return (
        aow_rules.load_criteria(tmp_path / "old" / "carried.yaml"),
        aow_rules.load_criteria(tmp_path / "carried.yaml"),
    )


def _cases(old: aow_rules.Criteria) -> list[aow_rules.Case]:
    rows = [("C-1", "high", 7, {"A1": "yes", "A2": "no"}), ("C-2", "unknown", 3, {})]
    return [
        aow_rules.parse_case(
            {
                "format": "aow-case/1",
                "case_id": cid,
                "criteria": "carried",
                "facts": {"level": level, "months": months},
                "answers": answers,
            },
            old,
        )
        for cid, level, months, answers in rows
    ]


def test_carried_facts_are_assumed_and_named(
    pair: tuple[aow_rules.Criteria, aow_rules.Criteria],
) -> None:
    old, new = pair
    report = aow_rules.impact(old, new, _cases(old)).to_dict()
    assumed = {a["fact"]: a for a in report["sample"]["assumed"]}
    assert assumed["warranted"]["values"] == {"high": 1}
    assert assumed["seen"]["values"] == {"2024-07-31": 2}
    assert assumed["start"]["values"] == {"2023-12-31": 1, "2024-04-30": 1}
    assert assumed["risky"]["values"] == {"true": 1}
    assert "Counted back" in assumed["start"]["rule"]
    # C-2's level was never assessed: nothing to assume, so the case is not carried, and the
    # report says why.
    (invalid,) = report["sample"]["invalid_under_new"]
    assert invalid["case_id"] == "C-2"
    notes = {n["case_id"]: n["notes"] for n in report["sample"]["not_carried_over"]}
    assert any("warranted could not be carried" in n for n in notes["C-2"])


def test_months_are_derived_again_from_the_carried_dates(
    pair: tuple[aow_rules.Criteria, aow_rules.Criteria],
) -> None:
    old, new = pair
    impact = aow_rules.impact(old, new, _cases(old))
    carried = impact.translated[0].new
    assert carried is not None
    assert carried.facts["months"] == 7


def test_revised_from_links_two_revisions_of_one_file(
    pair: tuple[aow_rules.Criteria, aow_rules.Criteria],
) -> None:
    old, new = pair
    changes = {(c.part, c.change, c.id): c for c in aow_rules.diff(old, new).changes}
    assert changes[("questions", "renamed", "B1")].old_id == "A1"
    assert ("questions", "added", "A1") in changes  # the id is reused for a new question
    report = aow_rules.impact(old, new, _cases(old)).to_dict()
    moves = {d["question"]: d for d in report["drivers"]}
    assert moves["A1"]["previous"] == []
    assert "B1" not in moves  # answered 'yes' before and after, through the link


def test_changes_file_covers_every_revised_shipped_file() -> None:
    text = (CRITERIA_DIR / "CHANGES.md").read_text()
    for criteria_id in aow_rules.shipped_criteria():
        assert f"### {criteria_id}" in text
    assert "SYNTHETIC" in text


def test_the_2014_revision_follows_the_august_2014_headings() -> None:
    criteria = aow_rules.load_criteria("iaow-2014-08")
    headings = [
        (g.id, g.title, g.outcome)
        for g in criteria.criteria
        if g.provenance is not None and g.provenance.kind == "documented"
    ]
    assert headings == [
        ("1.1", "Assisting sentencing", "O1"),
        ("1.2", "Assignment to agency", "O1"),
        ("2.1", "Allocation to officer and planning to deliver the sentence", "O2"),
        ("3.1", "Planning to reduce reoffending", "O3"),
        ("2.2", "Delivering the sentence", "O2"),
        ("3.2", "Delivery of interventions to reduce reoffending", "O3"),
        ("4.1", "Planning and assessment to minimise risk of harm to others", "O4"),
        ("4.2", "Delivery of interventions to minimise risk of harm", "O4"),
    ]
    # The NPS's court work is judged in a CRC case too.
    court = criteria.question("1.1-01")
    assert court.applies_if is not None
    assert "provider" not in court.applies_if.facts


def test_the_2018_files_judge_domain_3_on_their_own_samples() -> None:
    for criteria_id, samples in (
        ("hmip-2018-adult", {"3.1": "court_work", "3.2": "victim_work"}),
        ("hmip-2018-adult-crc", {"3.1": "unpaid_work", "3.2": "through_the_gate"}),
    ):
        criteria = aow_rules.load_criteria(criteria_id)
        assert criteria.effective_from == "2018-04-01"
        assert "immediate_custody" in (criteria.facts["sentence_type"].options or ())
        for q in criteria.questions:
            assert q.applies_if is not None
            stage = (q.criterion or "").rsplit(".", 1)[0]
            sample = samples.get(stage, "case_supervision")
            assert f'case.sample == "{sample}"' in q.applies_if.text, q.id
