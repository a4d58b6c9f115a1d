"""Consistency rules for case details that cannot all be true (issue 14, item 7): statutory
victim contact needs 12 months or more in custody for a violent or sexual offence, so a
community order never makes a victim eligible; MAPPA category 2 needs such an offence and
custody; a recall and licence conditions belong to a licence; dates come in order."""

from __future__ import annotations

from typing import Any

import pytest

import aow_rules

SHIPPED = sorted(aow_rules.shipped_criteria())


def _base(criteria: aow_rules.Criteria) -> dict[str, Any]:
    """A synthetic community-order case of the main sample with no error finding, to change."""
    for data in aow_rules.synthesize(criteria, cases=80, seed=14):
        facts = data["facts"]
        if (
            facts["sentence_type"] == "community_order"
            and facts.get("sample", "case_supervision") == "case_supervision"
        ):
            return data
    raise AssertionError(f"no community order drawn for {criteria.id}")


def _codes(criteria: aow_rules.Criteria, data: dict[str, Any], **changes: Any) -> set[str]:
    facts = {**data["facts"], **changes}
    case = aow_rules.parse_case({**data, "facts": facts}, criteria)
    return {f.code for f in aow_rules.evaluate(criteria, case).findings if f.severity == "error"}


@pytest.mark.parametrize("criteria_id", SHIPPED)
def test_impossible_case_details_are_errors(criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    data = _base(criteria)
    assert not _codes(criteria, data)
    victim = {"victim_identified": True, "offence_type": ["violence"]}
    assert "victim_contact_eligible_on_community_order" in _codes(
        criteria, data, victim_contact_eligible=True, **victim
    )
    assert "victim_contact_eligible_without_violent_or_sexual_offence" in _codes(
        criteria,
        data,
        victim_contact_eligible=True,
        victim_identified=True,
        sentence_type="licence_determinate",
        offence_type=["acquisitive"],
    )
    assert "mappa_category_2_on_community_order" in _codes(
        criteria, data, mappa_eligibility="category_2", offence_type=["violence"]
    )
    assert "recall_on_community_sentence" in _codes(criteria, data, recall=True)
    assert "supervision_dates_out_of_order" in _codes(
        criteria, data, supervision_start="2030-01-01"
    )
    assert "offence_type_missing" in _codes(criteria, data, offence_type=[])
    if "requirements" in criteria.facts:
        assert "licence_conditions_on_community_sentence" in _codes(
            criteria, data, requirements=["additional_licence_conditions"]
        )
        assert "unpaid_work_on_licence" in _codes(
            criteria, data, sentence_type="licence_determinate", requirements=["unpaid_work"]
        )


@pytest.mark.parametrize("criteria_id", ["iaow-2013-04", "iaow-2013-10", "iaow-2014-08"])
def test_a_licence_for_a_violent_offence_may_make_a_victim_eligible(criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    data = _base(criteria)
    codes = _codes(
        criteria,
        data,
        sentence_type="licence_determinate",
        requirements=["additional_licence_conditions"],
        victim_identified=True,
        victim_contact_eligible=True,
        offence_type=["sexual"],
    )
    assert not codes & {
        "victim_contact_eligible_on_community_order",
        "victim_contact_eligible_without_violent_or_sexual_offence",
        "licence_conditions_on_community_sentence",
    }
