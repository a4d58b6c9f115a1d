"""The HTML sample report: structure (anchors, charts, banner, escaping, determinism, QA
section) checked with the standard library's HTML parser, and the page as Debian's Chromium
renders it (through Playwright, with the system browser: nothing is downloaded)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NoReturn

import pytest

import aow_rules
from aow_rules import QAReport, SampleReport
from aow_rules._render._report_html import (
    report_html,  # private: renders report data edited by hand (hostile text, by-hand ratings)
)
from aow_rules._schemas._report import (
    ReportModel,  # private: the schema's source model; strict, it refuses 8.0 for an integer
)

from .support import EXAMPLES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert('x')</script>\"'><img src=x onerror=alert(1)>&amp;"

REFERENCE_2013 = """\
format: aow-reference/1
criteria: iaow-2013-10
title: "Areas inspected so far (SYNTHETIC figures for a test)"
outcomes:
  O1: {lowest: "61%", average: "76%", highest: "88%"}
  O4: {lowest: "55%", average: "69%"}
stages:
  P1: {lowest: "60%", average: "72%", highest: "85%"}
criteria_groups:
  "4.1": {average: "70%"}
"""

RECORDED_2018 = """\
format: aow-ratings/1
criteria: hmip-2018-adult
standards:
  "1.1": {rating: Good, reason: "Leadership: SYNTHETIC reason"}
  "1.2": {rating: Requires improvement, reason: "Staff: SYNTHETIC reason"}
  "1.3": {rating: Good, reason: "Services: SYNTHETIC reason"}
  "1.4": {rating: Outstanding, reason: "Information: SYNTHETIC reason"}
overrides:
  "2.4": {rating: Inadequate, reason: "The panel weighed interviews: SYNTHETIC reason"}
"""


def _sample_report(
    criteria_id: str,
    cases: int,
    seed: int,
    *,
    reference: Path | None = None,
    ratings: Path | None = None,
) -> SampleReport:
    """The report of SYNTHETIC cases, with reference figures or recorded ratings."""
    criteria = aow_rules.load_criteria(criteria_id)
    drawn = aow_rules.synthesize(criteria, cases=cases, seed=seed)
    return aow_rules.report(
        criteria,
        [aow_rules.parse_case(c, criteria) for c in drawn],
        reference=reference,
        ratings=ratings,
        engine="per-case",
        label="synthetic.jsonl",
    )


@pytest.fixture(scope="module")
def reference_2013(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("iaow") / "reference.yaml"
    path.write_text(REFERENCE_2013)
    return path


@pytest.fixture(scope="module")
def iaow(reference_2013: Path) -> SampleReport:
    """60 SYNTHETIC cases under the 2013 criteria, with reference figures."""
    return _sample_report("iaow-2013-10", 60, 5, reference=reference_2013)


@pytest.fixture(scope="module")
def hmip(tmp_path_factory: pytest.TempPathFactory) -> SampleReport:
    """60 SYNTHETIC cases under the 2018 standards, with panel ratings and an override."""
    recorded = tmp_path_factory.mktemp("hmip") / "recorded.yaml"
    recorded.write_text(RECORDED_2018)
    return _sample_report("hmip-2018-adult", 60, 11, ratings=recorded)


@pytest.fixture(scope="module")
def with_qa() -> tuple[SampleReport, QAReport]:
    """The shipped double-marked example: its report and its QA report."""
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(EXAMPLES.parent / "double-marked.jsonl", criteria)
    report = aow_rules.report(
        criteria, sample, engine="per-case", label="examples/double-marked.jsonl"
    )
    return report, aow_rules.qa(criteria, sample)


def _data(report: SampleReport) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The report's data and its cases' explanations (what the page is made from), as copies
    a test may edit."""
    return copy.deepcopy(report.to_dict()), copy.deepcopy(report.case_details())


class Page(HTMLParser):
    """What the tests look at in a page: tags, ids, links, text, and per table row (by its
    id) the links and text inside it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self.row_links: dict[str, list[str]] = {}
        self._row: str | None = None
        self._script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if a.get("href"):
            self.hrefs.append(str(a["href"]))
            if self._row is not None:
                self.row_links[self._row].append(str(a["href"]))
        if tag == "tr" and a.get("id"):
            self._row = str(a["id"])
            self.rows[self._row] = []
            self.row_links[self._row] = []
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None
        self._script = False

    def handle_data(self, data: str) -> None:
        if not self._script:
            self.text.append(data)
        if self._row is not None:
            self.rows[self._row].append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        want = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in want.items())]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _html(report: SampleReport, qa: QAReport | None = None) -> str:
    return aow_rules.render(report, "html", qa=qa)


def _page(report: SampleReport, qa: QAReport | None = None) -> Page:
    return Page(_html(report, qa))


def _edited(report: dict[str, Any], details: list[dict[str, Any]]) -> Page:
    """The page of report data a test has edited."""
    return Page(report_html(report, details))


# -- structure --------------------------------------------------------------------------------


def test_the_fixtures_are_reports_as_published(iaow: SampleReport, hmip: SampleReport) -> None:
    for report in (iaow, hmip):
        ReportModel.model_validate(report.to_dict())
    assert hmip.to_dict()["ratings"] is not None
    assert iaow.to_dict()["reference"] is not None


@pytest.mark.parametrize("which", ["iaow", "hmip"])
def test_every_anchor_has_its_target_and_ids_are_unique(
    which: str, request: pytest.FixtureRequest
) -> None:
    page = _page(request.getfixturevalue(which))
    assert len(page.ids) == len(set(page.ids)), Counter(page.ids).most_common(3)
    local = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert local, "the page has drill-down links"
    assert sorted(set(local) - set(page.ids)) == []
    assert all(h.startswith("#") for h in page.hrefs), "no link leaves the page"


@pytest.mark.parametrize("which", ["iaow", "hmip"])
def test_one_chart_per_outcome_and_per_stage(which: str, request: pytest.FixtureRequest) -> None:
    result = request.getfixturevalue(which)
    report = result.to_dict()
    page = _page(result)
    for section, kind in (("outcomes", "outcome"), ("stages", "stage")):
        figures = page.find("figure", data_chart=kind)
        assert [f["data-group"] for f in figures] == list(report[section])
        assert len(page.find("figure", data_chart=f"{kind}-all")) == 1
    charts = page.find("svg", class_="chart")
    expected = len(report["outcomes"]) + len(report["stages"]) + 2
    expected += 1 if report["ratings"] else 0
    assert len(charts) == expected
    ids = set(page.ids)
    for svg in charts:
        assert svg["role"] == "img"
        assert all(i in ids for i in str(svg["aria-labelledby"]).split())
    for tick in ("0%", "25%", "50%", "75%", "100%"):
        assert page.all_text.count(tick) >= len(charts)


def test_charts_show_reference_figures_by_shape(iaow: SampleReport) -> None:
    html = _html(iaow)
    assert 'class="ref-avg"' in html  # the average, a diamond
    assert 'class="ref"' in html  # the lowest-to-highest range
    assert "\u25c7 the average" in html  # and a legend in words
    text = Page(html).all_text
    assert "Areas inspected so far (SYNTHETIC figures for a test)" in text


def test_each_score_links_to_the_cases_where_it_applies(iaow: SampleReport) -> None:
    report = iaow.to_dict()
    page = _page(iaow)
    for section, kind in (("outcomes", "outcome"), ("stages", "stage")):
        for gid, g in report[section].items():
            row = next(r for r in page.rows if r.startswith(f"{kind}-{gid.lower()}"))
            if not g["cases"]:
                assert "no case" in "".join(page.rows[row])
                continue
            assert "#cases" in page.row_links[row], (section, gid)
            assert f"{g['cases']} case" in "".join(page.rows[row])
            (link,) = page.find("a", class_="to-cases", data_group=f"{section}:{gid}")
            assert link["href"] == "#cases"


def _decode(text: str, width: int, alphabet: str) -> list[int]:
    out = []
    for i in range(0, len(text), width):
        n = 0
        for ch in text[i : i + width]:
            n = n * len(alphabet) + alphabet.index(ch)
        out.append(n)
    return out


def _case_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="case-data">(.*?)</script>', html)
    assert found, "the page embeds its cases"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_every_case_and_its_explanation_is_in_the_compact_data(iaow: SampleReport) -> None:
    report, details = _data(iaow)
    data = _case_data(_html(iaow))
    fields = {name: i for i, name in enumerate(data["fields"])}
    alphabet, width = data["alphabet"], data["width"]
    assert [c[fields["case_id"]] for c in data["cases"]] == [c["case_id"] for c in report["cases"]]
    slots = [(s, g) for s, ids in data["groups"] for g in ids]
    for row, case, detail in zip(data["cases"], report["cases"], details, strict=True):
        assert data["assessors"][row[fields["assessor"]]] == case["assessor"]
        # Every question's entry, exactly as the judgement has it.
        codes = _decode(row[fields["answers"]], width["questions"], alphabet)
        got = {q[0]: q[3][c - 1] for q, c in zip(data["questions"], codes, strict=True) if c}
        assert got == detail["questions"]
        found = _decode(row[fields["findings"]], width["findings"], alphabet)
        assert [data["findings"][i] for i in found] == detail["findings"]
        # Every group score: yes/counted, empty where the group does not apply.
        scores = row[fields["scores"]].split(",")
        for (section, gid), text in zip(slots, scores, strict=True):
            s = case[section][gid]
            expected = "" if s is None else f"{s['yes']}/{s['counted']}"
            if s is not None and not isinstance(s["yes"] + s["counted"], int):
                expected += f"={s['fraction']}"  # weights that are not whole: the exact score
            assert text == expected, (section, gid)
        facts = _decode(row[fields["facts"]], width["facts"], alphabet)
        for (name, values), code in zip(data["facts"], facts, strict=True):
            assert values[code] == case["facts"].get(name)
    # Each question carries its text and criterion, for the explanation's titles.
    for qid, criterion, text, _ in data["questions"]:
        assert (criterion, text) == (
            report["questions"][qid]["criterion"],
            report["questions"][qid]["text"],
        )


def test_the_synthetic_banner_is_shown_exactly_when_the_sample_is_synthetic(
    iaow: SampleReport,
) -> None:
    report, details = _data(iaow)
    assert report["sample"]["synthetic"]
    page = _page(iaow)
    assert len(page.find("p", class_="synthetic")) == 1
    assert "SYNTHETIC \u00b7 Sample report" in page.all_text
    real = copy.deepcopy(report)
    real["sample"]["synthetic"] = False
    real["summary"] = real["summary"].replace("SYNTHETIC ", "")
    page = _edited(real, details)
    assert page.find("p", class_="synthetic") == []
    assert "SYNTHETIC \u00b7" not in page.all_text


def _hostile(report: dict[str, Any], details: list[dict[str, Any]]) -> None:
    report["criteria"]["title"] = HOSTILE
    report["cases"][0]["case_id"] = HOSTILE
    details[0]["case_id"] = HOSTILE
    details[0]["summary"] = HOSTILE
    first = next(iter(report["outcomes"]))
    report["outcomes"][first]["title"] = HOSTILE
    report["questions"][next(iter(report["questions"]))]["text"] = HOSTILE
    report["sample"]["source"] = HOSTILE
    if report["breakdowns"]:
        report["breakdowns"][0]["values"][0]["title"] = HOSTILE
    if report["ratings"]:
        report["ratings"]["standards"][0]["title"] = HOSTILE
    for d in details:
        for f in d["findings"]:
            f["message"] = HOSTILE


@pytest.mark.parametrize("which", ["iaow", "hmip"])
def test_all_text_is_escaped(which: str, request: pytest.FixtureRequest) -> None:
    report, details = _data(request.getfixturevalue(which))
    _hostile(report, details)
    ReportModel.model_validate(report)
    html = report_html(report, details)
    page = Page(html)
    scripts = [a for t, a in page.tags if t == "script"]
    # The page's own script and its data, which no browser runs (and in which every "<" is
    # escaped, so no text can end it).
    assert scripts == [{"type": "application/json", "id": "case-data"}, {}]
    assert _case_data(html)["cases"][0][0] == HOSTILE  # intact in the data
    assert page.find("img") == []
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    assert page.all_text.count(HOSTILE) >= 4  # shown as text, intact
    assert "<script>alert" not in html


def test_the_same_input_gives_the_same_bytes_in_any_process(
    iaow: SampleReport, reference_2013: Path
) -> None:
    once = _html(iaow)
    # The same SYNTHETIC cases and reference figures, reported again: here, then in other
    # processes under other hash seeds.
    again = _sample_report("iaow-2013-10", 60, 5, reference=reference_2013)
    assert _html(again) == once
    code = (
        "import pathlib, sys, aow_rules; from tests.test_report_html import _sample_report; "
        "r = _sample_report('iaow-2013-10', 60, 5, reference=pathlib.Path(sys.argv[1])); "
        "sys.stdout.write(aow_rules.render(r, 'html'))"
    )
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(reference_2013)],
            capture_output=True,
            check=True,
            env=env,
            cwd=ROOT,
        ).stdout
        assert out.decode() == once


def test_the_page_loads_nothing_from_elsewhere(hmip: SampleReport) -> None:
    html = _html(hmip)
    page = Page(html)
    tags = {t for t, _ in page.tags}
    assert not tags & {"link", "img", "iframe", "object", "embed", "base"}
    assert not [a for t, a in page.tags if t == "script" and a.get("src")]
    assert "http:" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https:" not in html
    assert "url(" not in html
    csp = page.find("meta", http_equiv="Content-Security-Policy")[0]["content"] or ""
    assert "default-src 'none'" in csp
    # The page's one script is allowed by its hash, as a browser computes it.
    (script,) = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_ratings_show_standards_key_questions_lowest_overrides_and_points(
    hmip: SampleReport,
) -> None:
    report = hmip.to_dict()
    ratings = report["ratings"]
    page = _page(hmip)
    text = page.all_text
    assert page.find("section", id="ratings")
    for s in ratings["standards"]:
        row = "".join(page.rows[f"standard-{s['id'].replace('.', '-')}"])
        assert s["title"] in row
        if s["rating"]:
            assert s["rating"] in row
        if s["lowest"]:
            assert f"lowest key question ({s['lowest']})" in row
    assert text.count("\u25bc lowest: sets the rating") == sum(
        1 for s in ratings["standards"] if s["lowest"]
    )
    overridden = next(s for s in ratings["standards"] if s["override"])
    row = "".join(page.rows[f"standard-{overridden['id'].replace('.', '-')}"])
    assert f"from {overridden['computed']} to {overridden['override']['rating']}" in row
    assert overridden["override"]["reason"] in row
    overall = ratings["overall"]
    assert f"{overall['points']} of {overall['max_points']} points" in text
    for band in overall["bands"]:
        assert band["label"] in text


def test_ratings_by_hand_rounding_overall_override_and_unrated(hmip: SampleReport) -> None:
    report, details = _data(hmip)
    ratings = report["ratings"]
    ratings["rounding"] = {"places": 0, "mode": "half_up"}
    ratings["overall"] = {
        "rating": "Outstanding",
        "points": 20,
        "max_points": 30,
        "computed": "Good",
        "override": {"rating": "Outstanding", "reason": "By hand: the panel's reason"},
        "unrated": ["1.1"],
        "bands": [
            {"label": "Outstanding", "min": 26},
            {"label": "Good", "min": 16},
            {"label": "Requires improvement", "min": 6},
            {"label": "Inadequate", "min": 0},
        ],
    }
    ratings["standards"][0].update(rating=None, points=None, unrated_reason="no record")
    ReportModel.model_validate(report)
    text = _edited(report, details).all_text
    assert "rounded to 0 decimal place(s) of a percentage (half up)" in text
    assert "Overridden by the panel from Good to Outstanding: By hand: the panel's reason" in text
    assert "Not rated: standards 1.1." in text
    assert "Not rated: no record." in text
    for band in ("Outstanding26\u201330", "Good16\u201325", "Inadequate0\u20135"):
        assert band.replace("26", " 26").replace("16", " 16").replace("0\u2013", " 0\u2013") in text


def test_no_ratings_no_ratings_section(iaow: SampleReport) -> None:
    assert iaow.to_dict()["ratings"] is None
    page = _page(iaow)
    assert page.find("section", id="ratings") == []


def test_tables_for_breakdowns_questions_findings_and_rejected(
    with_qa: tuple[SampleReport, QAReport],
) -> None:
    report, details = _data(with_qa[0])
    page = _page(with_qa[0])
    text = page.all_text
    for b in report["breakdowns"]:
        assert page.find("h3", id=f"breakdown-{b['by'].replace('_', '-')}")
        for v in b["values"]:
            assert v["title"] in text
    assert len([r for r in page.rows if r.startswith("q-")]) == len(report["questions"])
    for code in report["findings"]["by_code"]:
        assert code in text
    assert "No case was rejected." in text
    broken = copy.deepcopy(report)
    broken["rejected"] = [
        {
            "source": "s.jsonl:9",
            "problems": [
                {
                    "code": "invalid_value",
                    "message": "answers.1.1-01: 'Yes' is not an option",
                    "source": "s.jsonl:9",
                    "location": "$.answers['1.1-01']",
                    "suggestion": "yes",
                }
            ],
        }
    ]
    text = _edited(broken, details).all_text
    assert "answers.1.1-01: 'Yes' is not an option" in text
    assert "s.jsonl:9" in text


def test_the_qa_section_is_there_exactly_when_qa_is_given(
    with_qa: tuple[SampleReport, QAReport],
) -> None:
    report, qa_report = with_qa
    qa = qa_report.to_dict()
    without = _page(report)
    assert without.find("section", id="qa") == []
    html = _html(report, qa_report)
    page = Page(html)
    assert len(page.find("section", id="qa")) == 1
    assert len(page.find("details", class_="disagreement")) == len(qa["disagreements"])
    assert "Agreement between assessors" in page.all_text
    assert qa["summary"] in page.all_text
    # The QA page itself holds the same tables, each disagreement under its own heading.
    own = Page(aow_rules.render(qa_report, "html"))
    assert qa["summary"] in own.all_text
    assert own.find("details", class_="disagreement") == []
    for d in qa["disagreements"]:
        assert d["case_id"] in own.all_text
    # Question ids have their text beside them.
    criteria = aow_rules.load_criteria("iaow-2013-10")
    differing = qa["disagreements"][0]["questions_differing"][0]
    assert criteria.question(differing).text in own.all_text


def test_details_must_match_the_cases(iaow: SampleReport) -> None:
    report, details = _data(iaow)
    with pytest.raises(ValueError, match="one entry per case"):
        report_html(report, details[:-1])
    with pytest.raises(ValueError, match="one entry per case"):
        report_html(report, list(reversed(details)))


# -- in a browser -----------------------------------------------------------------------------

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> NoReturn:
    # CI sets AOW_REQUIRE_BROWSER=1 so that a missing browser fails instead of hiding.
    if os.environ.get("AOW_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(
            "Chromium not found at /usr/bin/chromium: install Debian's chromium package to run "
            "this test"
        )
    try:
        from playwright import sync_api  # noqa: PLC0415 (optional test dependency)
    except ImportError:
        _missing(
            "Playwright for Python is not installed: pip install 'playwright>=1.40,<2' "
            "(the test drives the system Chromium; no browser is downloaded)"
        )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield b
        b.close()


def _open(browser: Any, path: Path, *, script: bool = True) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(
        java_script_enabled=script, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning", "assert")
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on(
        "request",
        lambda r: None if r.url.startswith("file://") else problems.append(f"request: {r.url}"),
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, problems


@pytest.mark.slow  # a real browser: about 3 s with its start
def test_chromium_renders_charts_and_tables_without_errors(
    browser: Any, hmip: SampleReport, tmp_path: Path
) -> None:
    report = hmip.to_dict()
    path = tmp_path / "report.html"
    path.write_text(_html(hmip), encoding="utf-8")
    context, page, problems = _open(browser, path)
    try:
        charts = page.locator("svg.chart")
        expected = len(report["outcomes"]) + len(report["stages"]) + 3
        assert charts.count() == expected
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box is not None, i
            assert box["width"] > 300, (i, box)
            assert box["height"] > 60, (i, box)
        widths = page.eval_on_selector_all(
            "svg.chart rect.bar", "els => els.map(e => e.getBBox().width)"
        )
        assert widths
        assert min(widths) >= 0
        assert max(widths) > 100
        assert page.locator("table").count() > 10
        assert page.locator("#outcomes table.data").first.is_visible()
        # Drill down: the cases behind a score, lowest first; open one for its explanation.
        eng = report["outcomes"]["ENG"]
        page.locator("tr#outcome-eng a.to-cases").click()
        count = page.locator("#case-count")
        assert count.inner_text().startswith(f"{eng['cases']} of {len(report['cases'])} cases")
        assert page.locator("#f-group").input_value() == "outcomes:ENG"
        first = page.locator("#case-rows button").first
        first.click()
        body = page.locator(".case-body").first
        assert body.is_visible()
        assert body.locator("table.questions").is_visible()
        assert first.get_attribute("aria-expanded") == "true"
        # Loaded straight at a case's anchor, that case is opened.
        page.goto(path.as_uri() + "#case-7")
        page.wait_for_selector("#case-7")
        assert page.locator("#case-7 table.questions").is_visible()
        assert problems == []
    finally:
        context.close()


@pytest.mark.slow  # a real browser
def test_chromium_without_scripts_shows_all_but_the_case_list(
    browser: Any, iaow: SampleReport, tmp_path: Path
) -> None:
    report = iaow.to_dict()
    path = tmp_path / "report.html"
    path.write_text(_html(iaow), encoding="utf-8")
    context, page, problems = _open(browser, path, script=False)
    try:
        assert (
            page.locator("svg.chart").count() == len(report["outcomes"]) + len(report["stages"]) + 2
        )
        # Without its script the page says where the cases are, and hides the empty list.
        assert page.locator("#case-browser").is_hidden()
        assert "drawn by this page's own script" in page.locator("#cases").inner_text()
        assert problems == []
    finally:
        context.close()
