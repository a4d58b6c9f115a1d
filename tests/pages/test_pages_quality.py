"""Every page in Chromium at 375, 1280 and 1920 px wide: axe-core (from the npm registry)
finds no serious or critical violation, the page never scrolls sideways, and nothing is
logged to the console; and blind marking holds on pages (an inspector cannot open another's
assessment)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CASE, Served, Tab, make_assessment, make_inspection

pytestmark = pytest.mark.slow  # a real server and browser

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "));
}"""


def _check(tab: Tab, axe_source: str, path: str, status: int = 200) -> list[str]:
    response = tab.open(path)
    assert response.status == status, path
    if "moderate" in path:  # its script scores the agreed answers as it loads
        tab.page.wait_for_load_state("networkidle")
    found = []
    wide = tab.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if wide[0] > wide[1]:
        found.append(f"{path}: scrolls sideways ({wide[0]} px in {wide[1]})")
    # axe is given to the page by the test (DevTools evaluation, which the page's CSP does
    # not govern); the page itself loads nothing but its own files.
    tab.page.evaluate(axe_source)
    found.extend(f"{path}: {v}" for v in tab.page.evaluate(AXE_RUN))
    # An error page's own status is the one thing the browser may log about it.
    own = f"the server responded with a status of {status}"
    found.extend(f"{path}: {p}" for p in tab.problems if status == 200 or own not in p)
    tab.problems.clear()
    return found


def test_axe_finds_what_it_should(browser: Any, server: Served, axe_source: str) -> None:
    """The check can fail: a planted image without alternative text is a violation."""
    tab = Tab(browser, server, None)
    try:
        tab.open("/sign-in")
        tab.page.evaluate(axe_source)
        tab.page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', "
            "'<img src=\"/static/icon.svg\">')"
        )
        assert any(v.startswith("image-alt") for v in tab.page.evaluate(AXE_RUN))
    finally:
        tab.close()


@pytest.mark.parametrize("width", [375, 1280, 1920])
def test_every_page_passes_axe_without_sideways_scroll_or_console_errors(
    browser: Any, server: Served, axe_source: str, width: int
) -> None:
    iid = f"Q{width}"
    make_inspection(server, iid)
    mine = make_assessment(server, "insp-a", iid, CASE, submit=True)
    other = {**CASE, "answers": {**CASE["answers"], "1.1-01": "no"}}
    make_assessment(server, "insp-b", iid, other, submit=True)
    draft = make_assessment(server, "insp-a", iid, {**CASE, "case_id": "SVC-002"})
    found: list[str] = []
    anonymous = Tab(browser, server, None, width)
    lead = Tab(browser, server, "lead", width)
    inspector = Tab(browser, server, "insp-a", width)
    try:
        found += _check(anonymous, axe_source, "/sign-in")
        for path in ("/", f"/inspections/{iid}", f"/inspections/{iid}/cases/SVC-001/moderate",
                     f"/assessments/{mine}", "/assessments/987654"):  # fmt: skip
            found += _check(lead, axe_source, path, 404 if "987654" in path else 200)
        for path in (f"/inspections/{iid}", f"/assessments/new?inspection={iid}",
                     f"/assessments/{draft}"):  # fmt: skip
            found += _check(inspector, axe_source, path)
    finally:
        for tab in (anonymous, lead, inspector):
            tab.close()
    assert found == []


def test_an_inspector_cannot_open_another_inspectors_assessment(
    browser: Any, server: Served
) -> None:
    make_inspection(server, "B1")
    marked = {**CASE, "evidence": {"1.1-01": "ONLY-A-MAY-READ-THIS"}}
    aid = make_assessment(server, "insp-a", "B1", marked)
    tab = Tab(browser, server, "insp-b")
    try:
        response = tab.open(f"/assessments/{aid}")
        assert response.status == 404
        assert "ONLY-A-MAY-READ-THIS" not in tab.page.content()
        assert tab.page.locator("h1").inner_text() == "Not found"
        # Nor through the API with the page's session cookie, nor in the inspection's list.
        assert tab.page.request.get(f"{server.url}/v1/assessments/{aid}").status == 404
        tab.open("/inspections/B1")
        assert tab.page.locator(f'a[href="/assessments/{aid}"]').count() == 0
        problems = [p for p in tab.problems if "404" not in p]  # the refused page itself
        assert problems == []
    finally:
        tab.close()
