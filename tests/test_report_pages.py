"""The self-contained pages (sample report at 60 and 10,000 cases, QA, impact) in Debian's
Chromium through Playwright, at 375 and 1280 px wide: axe-core (from the npm registry, as
tests/pages/ installs it) finds no serious or critical violation, the page never scrolls
sideways, nothing is logged to the console, nothing is fetched; and the case list works at
size: searched, filtered, paged, a case explained on demand.

Without Chromium, Playwright or axe-core the tests are skipped, unless AOW_REQUIRE_BROWSER=1."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

import aow_rules

from .support import EXAMPLES, ROOT

pytestmark = pytest.mark.slow  # a real browser, and a sample of 10,000 cases

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tests" / "pages" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "));
}"""


def _missing(reason: str) -> NoReturn:
    if os.environ.get("AOW_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing("Chromium not found at /usr/bin/chromium (Debian's chromium package)")
    try:
        from playwright import sync_api  # noqa: PLC0415 (optional test dependency)
    except ImportError:
        _missing("Playwright for Python is not installed (the test extra)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.exists():
        _missing(f"axe-core is not installed: npm ci --prefix {AXE.parents[2]}")
    return AXE.read_text(encoding="utf-8")


def _synthetic_report(cases: int) -> aow_rules.SampleReport:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    drawn = aow_rules.synthesize(criteria, cases=cases, seed=17)
    return aow_rules.report(
        criteria,
        [aow_rules.parse_case(c, criteria) for c in drawn],
        engine="per-case",
        label=f"synthetic-{cases}.jsonl",
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each page, written to a file: SYNTHETIC reports of 60 (with the QA of the shipped
    double-marked example) and 10,000 cases, the QA page, the impact page."""
    folder = tmp_path_factory.mktemp("pages")
    criteria = aow_rules.load_criteria("iaow-2013-10")
    double = aow_rules.read_sample(EXAMPLES.parent / "double-marked.jsonl", criteria)
    qa = aow_rules.qa(criteria, double)
    old = aow_rules.load_criteria("iaow-2013-04")
    april = aow_rules.read_sample(EXAMPLES.parent / "sample-iaow-2013-04.jsonl", old)
    made = {
        "report-60": aow_rules.render(_synthetic_report(60), "html", qa=qa),
        "qa": aow_rules.render(qa, "html"),
        "impact": aow_rules.render(aow_rules.impact(old, criteria, april), "html"),
        "diff": aow_rules.render(aow_rules.diff(old, criteria), "html"),
        "tests": aow_rules.render(aow_rules.run_tests("iaow-2013-10"), "html"),
        # The shipped example with its inspection record, interviews and reoffending.
        "report-inspection": aow_rules.render(
            aow_rules.report(
                criteria,
                aow_rules.read_sample(EXAMPLES.parent / "sample-iaow-2013-10.jsonl", criteria),
                inspection=EXAMPLES.parent / "inspection-iaow-2013-10.yaml",
                engine="per-case",
            ),
            "html",
        ),
    }
    big = _synthetic_report(10_000)
    started = time.perf_counter()
    made["report-10000"] = aow_rules.render(big, "html")
    assert time.perf_counter() - started < 60, "rendering 10,000 cases takes seconds, not minutes"
    out = {}
    for name, text in made.items():
        out[name] = folder / f"{name}.html"
        out[name].write_text(text, encoding="utf-8")
    return out


class Tab:
    def __init__(self, browser: Any, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning", "assert")
                else None
            ),
        )
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on(
            "request",
            lambda r: None if r.url.startswith("file://") else self.problems.append(r.url),
        )

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page


def test_the_10000_case_report_stays_within_15_mb(pages: dict[str, Path]) -> None:
    size = pages["report-10000"].stat().st_size
    assert size <= 15 * 1024 * 1024, size
    assert pages["report-60"].stat().st_size < size


PAGES = ["report-60", "report-10000", "report-inspection", "qa", "impact", "diff", "tests"]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_each_page_passes_axe_without_sideways_scroll_or_console_errors(
    browser: Any, axe: str, pages: dict[str, Path], name: str, width: int
) -> None:
    tab = Tab(browser, width)
    try:
        page = tab.open(pages[name])
        if name.startswith("report"):
            # Open a case, so its explanation is checked too.
            page.locator("#case-rows button").first.click()
            page.wait_for_selector(".case-body")
        found = []
        wide = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if wide[0] > wide[1]:
            found.append(f"scrolls sideways ({wide[0]} px in {wide[1]})")
        page.evaluate(axe)
        found += page.evaluate(AXE_RUN)
        found += tab.problems
        assert found == []
        # The synthetic reports say so; the shipped examples are synthetic too. A diff
        # compares two criteria files, golden cases are the file's own: no sample.
        # With an inspection record, the record is marked synthetic too.
        synthetic = {"diff": 0, "tests": 0, "report-inspection": 2}.get(name, 1)
        assert page.locator("p.synthetic").count() == synthetic
        assert "sha256" in page.locator("dl.about").first.inner_text().lower()
    finally:
        tab.context.close()


def test_the_case_list_at_10000_cases_searches_filters_pages_and_explains(
    browser: Any, pages: dict[str, Path]
) -> None:
    tab = Tab(browser, 1280)
    try:
        page = tab.open(pages["report-10000"])
        count = page.locator("#case-count")
        assert count.inner_text() == "10,000 of 10,000 cases"
        assert page.locator("#case-rows > tr").count() == 50
        assert page.locator("#page-at").inner_text() == "Page 1 of 200"
        page.locator("#page-next").click()
        assert page.locator("#page-at").inner_text() == "Page 2 of 200"
        assert page.locator("#case-rows td.num").first.inner_text() == "51"
        page.locator("#f-search").fill("SYN-09999")
        assert count.inner_text() == "1 of 10,000 cases"
        page.locator("#f-search").fill("")
        page.locator("#f-status").select_option("errors")
        with_errors = int(count.inner_text().split(" of ")[0].replace(",", ""))
        assert 0 <= with_errors < 10_000
        page.locator("#f-status").select_option("")
        # A group and its score: the cases where outcome O4 applies and none was met.
        page.locator("#f-group").select_option("outcomes:O4")
        page.locator("#f-score").select_option("none")
        heads = page.locator("table.cases thead th").all_inner_texts()
        column = heads.index("O4") + 1
        cells = page.locator(f"#case-rows > tr > td:nth-child({column})").all_inner_texts()
        assert cells
        assert all(c == "0%" for c in cells)
        # A case opened on demand: its explanation, question by question.
        page.locator("#case-rows button").first.click()
        body = page.locator(".case-body")
        assert body.locator("table.questions tbody tr").count() > 10
        assert "applicable questions met" in body.inner_text()
        # Straight to a case far down the list.
        page.goto(pages["report-10000"].as_uri() + "#case-9876")
        page.wait_for_selector("#case-9876")
        assert page.locator("#page-at").inner_text() == "Page 198 of 200"
        assert tab.problems == []
    finally:
        tab.context.close()


def test_the_report_prints_without_navigation_or_filters(
    browser: Any, pages: dict[str, Path]
) -> None:
    tab = Tab(browser, 1280)
    try:
        page = tab.open(pages["report-60"])
        page.emulate_media(media="print")
        assert page.locator("nav.toc").is_hidden()
        assert page.locator("form.filters").is_hidden()
        assert page.locator(".pager").is_hidden()
        assert page.locator("p.synthetic").is_visible()
        assert page.locator("svg.chart").first.is_visible()
        assert page.locator("#case-rows tr").first.is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        assert tab.problems == []
    finally:
        tab.context.close()
