"""Moderation in Chromium, against a real server: a qa_lead compares two blind assessments of
one case, takes over what they agree on, picks the agreed answer where they differ (seeing
its effect on the scores), saves it with a note, and the report counts the agreed answers;
then moderates and locks both assessments."""

from __future__ import annotations

from typing import Any

import pytest

import aow_rules

from .conftest import CASE, CRITERIA, Served, Tab, expect, make_assessment, make_inspection

pytestmark = pytest.mark.slow  # a real server and browser

CASE_B = {**CASE, "answers": {**CASE["answers"], "1.1-01": "no"}}


def test_moderation_records_an_agreed_answer_the_report_counts(
    browser: Any, server: Served
) -> None:
    make_inspection(server, "M1")
    a = make_assessment(server, "insp-a", "M1", CASE, submit=True)
    b = make_assessment(server, "insp-b", "M1", CASE_B, submit=True)
    criteria = aow_rules.load_criteria(CRITERIA)
    b_o1 = aow_rules.evaluate(criteria, aow_rules.parse_case(CASE_B, criteria)).to_dict()[
        "outcomes"
    ]["O1"]
    tab = Tab(browser, server, "lead")
    page = tab.page
    try:
        tab.open("/inspections/M1")
        page.get_by_role("link", name="Moderate case SVC-001").click()
        page.wait_for_url(f"{server.url}/inspections/M1/cases/SVC-001/moderate")
        rows = page.locator("[data-row]")
        first = rows.first
        assert first.get_attribute("data-row") == "1.1-01"  # disagreements first
        assert first.get_attribute("data-differs") == ""
        # Only the rows that differ, then all of them again.
        page.get_by_label("Show disagreements only").check()
        assert page.locator("[data-row]:not([hidden])").count() == 1
        page.get_by_label("Show disagreements only").uncheck()
        assert page.locator("[data-row][hidden]").count() == 0
        # Everything both assessors agree on, in one step.
        page.get_by_role("button", name="Take over the").click()
        expect(page.locator("#agreed-status")).to_contain_text("Took over")
        assert page.locator('[data-row="1.1-02"] input[name="1.1-02"][value="yes"]').is_checked()
        assert not page.locator('[data-row="1.1-01"] input[name="1.1-01"]:checked').count()
        # One click takes B's answer; its effect on the scores shows at once.
        first.get_by_role("button", name="Use B\u2019s").click()
        assert first.locator('input[name="1.1-01"][value="no"]').is_checked()
        expect(first.locator("[data-effect]")).to_contain_text("O1")
        agreed_o1 = page.locator('#effect-table [data-outcome="O1"] [data-agreed-score]')
        expect(agreed_o1).to_have_text(aow_rules_percent(b_o1))
        page.get_by_label("Why these are the agreed answers").fill(
            "Moderated with both assessors (synthetic)."
        )
        page.get_by_role("button", name="Save the agreed answers").click()
        expect(page.locator("#agreed-status")).to_have_text(
            "Saved the agreed answers as version 1; the report counts them."
        )
        trail = page.locator("ol.trail").inner_text()
        assert "agreed recorded: version 1" in trail
        assert "Moderated with both assessors (synthetic)." in trail
        with server.api("lead") as api:
            agreed = api.get("/v1/inspections/M1/cases/SVC-001/agreed").json()
            assert len(agreed) == 1
            assert agreed[0]["case"]["answers"]["1.1-01"] == "no"
            assert agreed[0]["note"] == "Moderated with both assessors (synthetic)."
            report = api.get("/v1/inspections/M1/report").json()
        assert report["cases"] == [
            {"case_id": "SVC-001", "status": "counted", "counted": "agreed", "assessments": [a, b]}
        ]
        assert report["report"]["outcomes"]["O1"]["fraction"] == b_o1["fraction"]
        # Moderate and lock both assessments from the same page.
        # Each move reloads the page, which then says what the move did: waiting for that
        # very sentence waits for the reload too, so no later navigation races it.
        for label, aid, to in (
            ("Mark moderated (A)", a, "moderated"),
            ("Mark moderated (B)", b, "moderated"),
            ("Lock (A)", a, "locked"),
            ("Lock (B)", b, "locked"),
        ):
            page.get_by_role("button", name=label).click()
            expect(page.locator("#move-status")).to_have_text(f"Assessment {aid} is now {to}.")
        with server.api("lead") as api:
            states = {
                x["id"]: x["state"] for x in api.get("/v1/inspections/M1").json()["assessments"]
            }
        assert states == {a: "locked", b: "locked"}
        # The inspection page's live report shows the agreed result.
        tab.open("/inspections/M1")
        o1 = page.locator('#live-scores [data-outcome="O1"] .score')
        assert o1.inner_text() == report["report"]["outcomes"]["O1"]["percent"]
        assert tab.problems == []
    finally:
        tab.close()


def aow_rules_percent(outcome: dict[str, Any]) -> str:
    """A judgement's outcome as the page shows it: yes of counted, halves rounded up."""
    num, _, den = outcome["fraction"].partition("/")
    return f"{(int(num) * 100 + int(den or 1) // 2) // int(den or 1)}%"
