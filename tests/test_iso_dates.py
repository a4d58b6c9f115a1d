"""A date fact is a calendar date written YYYY-MM-DD. Python's `date.fromisoformat` also reads
ISO week dates ("2013-W45-1", ten characters like a date) and compact dates ("20131105"); a
case holding one is refused, on the fast path a sample's plainly valid cases take and on the
full check alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aow_rules

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = aow_rules.load_criteria("iaow-2013-10")
CASE = json.loads(
    (ROOT / "examples" / "cases" / "EX-001-high-risk-licence-domestic-abuse.json").read_text()
)
DATE_FACTS = [f.id for f in CRITERIA.facts.values() if f.type == "date" and not f.derived]


def test_the_example_holds_date_facts() -> None:
    assert DATE_FACTS
    assert all(f in CASE["facts"] for f in DATE_FACTS)


@pytest.mark.parametrize("fact", DATE_FACTS)
@pytest.mark.parametrize("value", ["2013-W45-1", "20131105", "2013-11-5", "2013-02-30"])
def test_only_calendar_dates_are_dates(fact: str, value: str, tmp_path: Path) -> None:
    case = {**CASE, "facts": {**CASE["facts"], fact: value}}
    with pytest.raises(aow_rules.CaseError) as caught:
        aow_rules.parse_case(case, CRITERIA)
    [problem] = caught.value.problems
    assert (problem.code, problem.location) == ("invalid_value", f"$.facts.{fact}")
    assert problem.message.endswith("is not a date (YYYY-MM-DD)")
    # The same case as a line of a sample, where plainly valid cases take the fast path.
    sample = tmp_path / "sample.jsonl"
    sample.write_text(json.dumps(CASE) + "\n" + json.dumps(case) + "\n", encoding="utf-8")
    read = aow_rules.read_sample(sample, CRITERIA)
    assert [c.case_id for c in read.cases] == [CASE["case_id"]]
    [rejected] = read.rejected
    assert [p.code for p in rejected.problems] == ["invalid_value"]
