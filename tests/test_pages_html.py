"""The QA, impact and diff pages as HTML (through the CLI, as a user runs them): each says
what it is about (criteria ids, versions, sha256), marks SYNTHETIC data, shows each
question's text beside its id, loads nothing and runs no script."""

from __future__ import annotations

import html
import re

import aow_rules

from .support import EXAMPLES, run_cli

APRIL = EXAMPLES.parent / "sample-iaow-2013-04.jsonl"
DOUBLE = EXAMPLES.parent / "double-marked.jsonl"


def _self_contained(page: str) -> None:
    assert page.lower().startswith("<!doctype html>")
    (found,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    policy = html.unescape(found)
    assert "default-src 'none'" in policy
    assert "script-src 'none'" in policy
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"https?:", page)


def test_diff_has_an_html_page_naming_what_changed() -> None:
    code, page, err = run_cli("diff", "iaow-2013-04", "iaow-2013-10", "--format", "html")
    assert (code, err) == (0, "")
    _self_contained(page)
    old, new = aow_rules.load_criteria("iaow-2013-04"), aow_rules.load_criteria("iaow-2013-10")
    assert "Changes from iaow-2013-04 to iaow-2013-10" in page
    assert old.sha256 in page
    assert new.sha256 in page
    changed = next(c for c in aow_rules.diff(old, new).changes if c.part == "questions")
    assert f'<span class="gid">{changed.id}</span>' in page
    text = new.question(changed.id).text if changed.change != "removed" else ""
    assert text.replace("'", "&#39;").replace('"', "&#34;") in page


def test_impact_page_reads_old_to_new_with_titles_and_a_banner() -> None:
    code, page, _ = run_cli(
        "impact", "iaow-2013-04", "iaow-2013-10", str(APRIL), "--format", "html"
    )
    assert code == 0
    _self_contained(page)
    assert "<h1>Impact of moving from iaow-2013-04 to iaow-2013-10</h1>" in page
    assert '<p class="synthetic" role="note">' in page  # the shipped examples are synthetic
    new = aow_rules.load_criteria("iaow-2013-10")
    assert "Under iaow-2013-04 (old)" in page
    assert "Under iaow-2013-10 (new)" in page
    assert new.sha256 in page
    for outcome in new.outcomes:
        assert outcome.title in page


def test_qa_page_names_its_criteria_and_the_questions_that_differ() -> None:
    code, page, _ = run_cli("qa", str(DOUBLE), "--criteria", "iaow-2013-10", "--format", "html")
    assert code == 0
    _self_contained(page)
    criteria = aow_rules.load_criteria("iaow-2013-10")
    assert criteria.sha256 in page
    assert '<p class="synthetic" role="note">' in page
    qa = aow_rules.qa(criteria, aow_rules.read_sample(DOUBLE, criteria)).to_dict()
    for d in qa["disagreements"]:
        for qid in d["questions_differing"]:
            assert f'<span class="gid">{qid}</span> ' in page
    assert "No double-marked cases in this sample" not in page


def test_qa_without_double_marking_says_so(tmp_path: object) -> None:
    # The demo's SYNTHETIC sample draws each case once: QA has no agreement to measure.
    criteria = aow_rules.load_criteria("iaow-2013-10")
    cases = [aow_rules.parse_case(c, criteria) for c in aow_rules.synthesize(criteria, cases=20)]
    page = aow_rules.render(aow_rules.qa(criteria, cases), "html")
    assert "No double-marked cases in this sample" in page


def test_golden_case_results_have_an_html_page() -> None:
    code, page, err = run_cli("test", "iaow-2013-10", "--format", "html")
    assert (code, err) == (0, "")
    _self_contained(page)
    run = aow_rules.run_tests("iaow-2013-10")
    assert run.criteria.sha256 in page
    assert "Every golden case gives the judgement it expects." in page
    assert page.count('<span class="badge st-locked">pass</span>') == len(run.results)
    for r in run.results:
        assert f'<span class="gid">{r.name}</span>' in page
    scored = len(run.coverage.counted) + len(run.coverage.never_counted)
    assert f"{len(run.coverage.counted)} of {scored} scored questions counted" in page
