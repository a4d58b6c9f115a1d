"""The whole journey in Chromium, through the pages alone: a qa_lead makes an inspection on
the home page; an inspector opens it, types a case into a new assessment form (every fact,
some answers), saves and submits it; the report page then shows it counted, with the scores
the engine gives the case."""

from __future__ import annotations

from typing import Any

import pytest

import aow_rules

from .conftest import CASE, CRITERIA, Served, Tab, expect

pytestmark = pytest.mark.slow  # a real server and browser

ANSWERED = ("1.1-01", "1.1-02", "1.1-03", "1.1-04", "2.1-01", "2.1-02")


def fill_fact(tab: Tab, fid: str, value: Any) -> None:
    """Give one fact as a person does, by the control its type is shown with."""
    name = f"fact:{fid}"
    if isinstance(value, bool):
        tab.page.locator(f'input[name="{name}"][value="{str(value).lower()}"]').check()
    elif isinstance(value, list):
        if not value:
            tab.page.locator(f'input[name="{name}"][data-none]').check()
        for v in value:
            tab.page.locator(f'input[name="{name}"][value="{v}"]').check()
    else:
        control = tab.page.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(str(value))
        else:
            control.fill(str(value))


def test_make_an_inspection_assess_a_case_submit_it_and_read_the_report(
    browser: Any, server: Served
) -> None:
    lead = Tab(browser, server, "lead")
    inspector = Tab(browser, server, "insp-a")
    try:
        # The qa_lead makes the inspection on the home page.
        lead.open("/")
        lead.page.get_by_label("Id").fill("J1")
        lead.page.get_by_label("Title").fill("Journey (synthetic)")
        lead.page.get_by_label("Criteria version").select_option(CRITERIA)
        lead.page.get_by_role("button", name="Make the inspection").click()
        lead.page.wait_for_url(f"{server.url}/inspections/J1")
        # The inspector finds it and types a case into a new assessment.
        page = inspector.page
        inspector.open("/")
        page.get_by_role("link", name="J1").click()
        page.get_by_role("link", name="New assessment").click()
        page.wait_for_url(f"{server.url}/assessments/new?inspection=J1")
        page.get_by_label("Case id").fill("J1-001")
        for fid, value in CASE["facts"].items():
            fill_fact(inspector, fid, value)
        for qid in ANSWERED:
            page.locator(f'input[name="{qid}"][value="{CASE["answers"][qid]}"]').check()
        page.get_by_role("button", name="Save draft").first.click()
        expect(page.locator("#status")).to_have_text("Saved: revision 1.")
        assert "/assessments/" in page.url
        page.get_by_role("button", name="Submit").click()
        page.wait_for_selector("#state-badge.st-submitted")
        with server.api("insp-a") as api:
            detail = api.get("/v1/inspections/J1").json()
            (made,) = detail["assessments"]
            saved = api.get(f"/v1/assessments/{made['id']}").json()
        assert made["state"] == "submitted"
        typed = {k: v for k, v in CASE.items() if k not in ("note", "assessor", "evidence")}
        typed = {**typed, "case_id": "J1-001", "answers": {q: CASE["answers"][q] for q in ANSWERED}}
        assert saved["case"] == {**typed, "assessor": "A"}  # every fact as in CASE
        criteria = aow_rules.load_criteria(CRITERIA)
        expected = aow_rules.evaluate(criteria, aow_rules.parse_case(saved["case"], criteria))
        o1 = expected.to_dict()["outcomes"]["O1"]
        # The report page, from the inspection page's link, shows the case counted.
        lead.open("/inspections/J1")
        lead.page.get_by_role("link", name="Report", exact=True).click()
        lead.page.wait_for_load_state("load")
        text = lead.page.locator("body").inner_text()
        with server.api("lead") as api:
            report = api.get("/v1/inspections/J1/report").json()
        assert report["cases"] == [
            {"case_id": "J1-001", "status": "counted", "counted": "assessment",
             "assessments": [made["id"]]}
        ]  # fmt: skip
        assert report["report"]["outcomes"]["O1"]["fraction"] == o1["fraction"]
        assert report["report"]["outcomes"]["O1"]["percent"] in text
        assert "J1" in text
        assert inspector.problems == []
        assert lead.problems == []
    finally:
        inspector.close()
        lead.close()
