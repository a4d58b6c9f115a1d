"""The assessment form in Chromium, against a real server: applicability as facts change
(the engine's, with the reason in words), saving, a stale save from a second page on the same
assessment, submitting, and the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CASE, Served, Tab, expect, make_assessment, make_inspection

# A real server and browser: a few seconds each.
pytestmark = pytest.mark.slow


def question(tab: Tab, qid: str) -> Any:
    return tab.page.locator(f'[data-question="{qid}"]')


def radio(tab: Tab, qid: str, value: str) -> Any:
    return tab.page.locator(f'[data-question="{qid}"] input[name="{qid}"][value="{value}"]')


def score(tab: Tab, outcome: str) -> Any:
    return tab.page.locator(f'#scores [data-outcome="{outcome}"] [data-score]')


def test_a_question_hides_and_shows_as_a_fact_changes(browser: Any, server: Served) -> None:
    make_inspection(server, "F1")
    # Every fact given, no answer yet: the engine scores it as the answers come.
    unanswered = {**CASE, "case_id": "F1-002", "answers": {}, "evidence": {}}
    aid = make_assessment(server, "insp-a", "F1", unanswered)
    tab = Tab(browser, server, "insp-a")
    try:
        tab.open("/assessments/new?inspection=F1")
        q = question(tab, "1.1-01")
        # No court report chosen yet: whether 1.1-01 applies waits for that fact, and there
        # is no score until every required fact is given.
        assert q.get_attribute("hidden") is None
        assert "Court report prepared" in q.locator("[data-undecided]").inner_text()
        assert score(tab, "O1").inner_text() == "no score yet"
        tab.page.locator('select[name="fact:court_report"]').select_option("standard")
        q.locator("[data-undecided]").wait_for(state="hidden")
        assert score(tab, "O1").inner_text() == "no score yet"  # other facts still missing
        tab.open(f"/assessments/{aid}")
        court = tab.page.locator('select[name="fact:court_report"]')
        q = question(tab, "1.1-01")
        assert q.get_attribute("hidden") is None
        assert q.locator("[data-undecided]").get_attribute("hidden") == ""
        radio(tab, "1.1-01", "yes").check()
        expect(score(tab, "O1")).to_have_text("100%")
        # No court report: 1.1-01 does not apply, disappears, and its answer does not count.
        court.select_option("none")
        tab.page.wait_for_selector('[data-question="1.1-01"][hidden]', state="attached")
        why = tab.page.locator('[data-why-for="1.1-01"]')
        assert why.is_visible()
        why.locator("summary").click()
        text = why.inner_text()
        assert (
            "It applies only when \u201cCourt report prepared for the current sentence\u201d "
            "is not \u201cNo court report\u201d" in text
        )
        assert "kept on this page" in text
        assert score(tab, "O1").inner_text() == "not applicable"
        assert question(tab, "1.1-05").get_attribute("hidden") == ""  # all of 1.1 goes
        # Back to a court report: it shows again with the answer given.
        court.select_option("fast_delivery")
        tab.page.wait_for_selector('[data-question="1.1-01"]:not([hidden])')
        assert radio(tab, "1.1-01", "yes").is_checked()
        expect(score(tab, "O1")).to_have_text("100%")
        assert tab.problems == []
    finally:
        tab.close()


def test_save_a_stale_save_and_submit(browser: Any, server: Served) -> None:
    make_inspection(server, "F2")
    aid = make_assessment(server, "insp-a", "F2", CASE)
    first = Tab(browser, server, "insp-a")
    second = Tab(browser, server, "insp-a")  # the same assessor, in another window
    try:
        first.open(f"/assessments/{aid}")
        second.open(f"/assessments/{aid}")
        radio(first, "1.1-02", "no").check()
        first.page.get_by_role("button", name="Save draft").first.click()
        expect(first.page.locator("#status")).to_have_text("Saved: revision 2.")
        # The second window, loaded at revision 1, changes another answer and saves: stale.
        radio(second, "3.1-04", "no").check()
        second.page.locator("#e-3\\.1-04").evaluate("e => e.closest('details').open = true")
        second.page.locator("#e-3\\.1-04").fill("Diversity factors not recorded (synthetic).")
        second.page.get_by_role("button", name="Save draft").first.click()
        stale = second.page.locator("#stale")
        stale.wait_for(state="visible")
        assert "A saved revision 2" in stale.inner_text()
        assert "Nothing you typed is lost" in stale.inner_text()
        assert radio(second, "3.1-04", "no").is_checked()  # still there
        assert not radio(second, "1.1-02", "no").is_checked()  # theirs, not loaded yet
        second.page.get_by_role("button", name="Reload their revision, keep my changes").click()
        stale.wait_for(state="hidden")
        assert radio(second, "1.1-02", "no").is_checked()  # theirs
        assert radio(second, "3.1-04", "no").is_checked()  # mine
        second.page.get_by_role("button", name="Save draft").first.click()
        expect(second.page.locator("#status")).to_have_text("Saved: revision 3.")
        with server.api("insp-a") as api:
            got = api.get(f"/v1/assessments/{aid}").json()
        assert got["revision"] == 3
        assert got["case"]["answers"]["1.1-02"] == "no"
        assert got["case"]["answers"]["3.1-04"] == "no"
        assert got["case"]["evidence"]["3.1-04"] == "Diversity factors not recorded (synthetic)."
        # The form hides exactly what the engine's judgement of the saved case does not apply.
        hidden = set(
            second.page.eval_on_selector_all(
                "[data-question][hidden]", "els => els.map(e => e.dataset.question)"
            )
        )
        na = {
            q for q, e in got["judgement"]["questions"].items() if e["status"] == "not_applicable"
        }
        assert hidden == na
        second.page.get_by_role("button", name="Submit").click()
        second.page.wait_for_selector("#state-badge.st-submitted")
        assert radio(second, "1.1-02", "yes").is_disabled()  # read-only once submitted
        with server.api("insp-a") as api:
            assert api.get(f"/v1/assessments/{aid}").json()["state"] == "submitted"
        assert first.problems == []
        # The refused save is the one error the second window may log (the browser reports
        # every 4xx response).
        assert [p for p in second.problems if "412" not in p] == []
    finally:
        first.close()
        second.close()


def test_the_form_works_with_the_keyboard_alone(browser: Any, server: Served) -> None:
    make_inspection(server, "F3")
    aid = make_assessment(server, "insp-a", "F3", CASE)
    tab = Tab(browser, server, "insp-a")
    keys = tab.page.keyboard
    try:
        tab.open(f"/assessments/{aid}")

        def tab_to(selector: str, limit: int = 600) -> None:
            for _ in range(limit):
                keys.press("Tab")
                if tab.page.evaluate(f"document.activeElement.matches({selector!r})"):
                    return
            raise AssertionError(f"Tab never reached {selector}")

        # The skip link first, then the radio group of 1.1-02 ("yes"); the arrow key moves
        # to and chooses "no".
        keys.press("Tab")
        assert tab.page.evaluate("document.activeElement.textContent") == "Skip to the content"
        tab_to('input[name="1.1-02"]')
        keys.press("ArrowRight")
        assert radio(tab, "1.1-02", "no").is_checked()
        # On through the form to its Save button; Enter presses it.
        tab_to("#save-end")
        keys.press("Enter")
        expect(tab.page.locator("#status")).to_have_text("Saved: revision 2.")
        with server.api("insp-a") as api:
            assert api.get(f"/v1/assessments/{aid}").json()["case"]["answers"]["1.1-02"] == "no"
        assert tab.problems == []
    finally:
        tab.close()
