"""``aow-rules serve --demo`` in Chromium, as the README's demo leaves a person: no tokens
(the local qa_lead), the demo inspection's pages pass the quality checks at phone and
desktop widths, and a double-marked SYNTHETIC case is moderated to an agreed answer, locked,
and counted by the report page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .conftest import Served, Tab, expect, start_serve
from .test_pages_quality import _check

pytestmark = pytest.mark.slow  # a real server and browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("demo")
    served = start_serve("--demo", "--db", f"sqlite:///{folder / 'aow.db'}", wait_s=60)
    yield served
    served.process.terminate()
    served.process.wait(30)


def _double_marked(demo: Served) -> tuple[str, list[int]]:
    with httpx.Client(base_url=demo.url, timeout=30) as api:
        report = api.get("/v1/inspections/demo/report").json()
    case_id = report["awaiting_moderation"][0]
    (entry,) = [c for c in report["cases"] if c["case_id"] == case_id]
    return case_id, entry["assessments"]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_demo_pages_pass_the_quality_checks(
    browser: Any, demo: Served, axe_source: str, width: int
) -> None:
    case_id, (first, _) = _double_marked(demo)
    with httpx.Client(base_url=demo.url, timeout=30) as api:
        draft = next(
            a["id"]
            for a in api.get("/v1/inspections/demo").json()["assessments"]
            if a["state"] == "draft"
        )
    tab = Tab(browser, demo, None, width)
    try:
        found: list[str] = []
        for path in ("/", "/inspections/demo", f"/inspections/demo/cases/{case_id}/moderate",
                     f"/assessments/{first}", f"/assessments/{draft}"):  # fmt: skip
            found += _check(tab, axe_source, path)
        assert "SYNTHETIC" in tab.page.locator("body").inner_text()  # the draft's note
    finally:
        tab.close()
    assert found == []


def test_moderate_a_double_marked_demo_case_lock_it_and_read_the_report(
    browser: Any, demo: Served
) -> None:
    case_id, pair = _double_marked(demo)
    tab = Tab(browser, demo, None)
    page = tab.page
    try:
        tab.open("/inspections/demo")
        assert "SYNTHETIC" in page.locator("main").inner_text()  # the inspection's title
        page.get_by_role("link", name=f"Moderate case {case_id}").click()
        page.wait_for_url(f"{demo.url}/inspections/demo/cases/{case_id}/moderate")
        page.get_by_role("button", name="Take over the").click()
        expect(page.locator("#agreed-status")).to_contain_text("Took over")
        # The second marking differs on a few answers: take the first assessor's on each.
        differing = page.locator("[data-row][data-differs]")
        count = differing.count()
        assert count >= 1
        for i in range(count):
            row = differing.nth(i)
            if row.get_attribute("data-row") == "note":
                continue
            row.get_by_role("button", name=re.compile("^Use .+\u2019s")).first.click()
        page.get_by_label("Why these are the agreed answers").fill(
            "Agreed in the demo (synthetic)."
        )
        page.get_by_role("button", name="Save the agreed answers").click()
        expect(page.locator("#agreed-status")).to_contain_text("Saved the agreed answers")
        for to in ("moderated", "locked"):
            for aid in pair:
                page.locator(f'[data-move="{to}"][data-aid="{aid}"]').click()
                expect(page.locator("#move-status")).to_have_text(f"Assessment {aid} is now {to}.")
        with httpx.Client(base_url=demo.url, timeout=30) as api:
            states = {
                a["id"]: a["state"]
                for a in api.get("/v1/inspections/demo").json()["assessments"]
                if a["case_id"] == case_id
            }
            report = api.get("/v1/inspections/demo/report").json()
        assert states == dict.fromkeys(pair, "locked")
        (entry,) = [c for c in report["cases"] if c["case_id"] == case_id]
        assert entry["counted"] == "agreed"
        assert case_id not in report["awaiting_moderation"]
        tab.open("/v1/inspections/demo/report?format=html")
        text = page.locator("body").inner_text()
        assert report["report"]["outcomes"]["O1"]["percent"] in text
        assert tab.problems == []
    finally:
        tab.close()
