"""A percentage shown beside a band never crosses a band edge the score did not (issue 14,
item 6): 46/71 is 64.8%, and shown as "65%" beside "Requires improvement" (whose band starts
at 65%) it reads as an error to every reader."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules._criteria._bands import (  # private: scores near every band edge
    band_of,
    group_percent,
    rating_percent,
)

from .support import EXAMPLES, run_cli

SHIPPED = sorted(aow_rules.shipped_criteria())


def _edges(criteria: aow_rules.Criteria) -> list[tuple[str, Fraction]]:
    """Every band and rating edge of a file, named by what it is."""
    scoring = criteria.scoring
    out = [("band", b.min) for b in scoring.bands if scoring.banded]
    if scoring.ratings is not None:
        out += [("rating", level.min) for level in scoring.ratings.levels]
    return out


def _shown(text: str) -> Fraction:
    return Fraction(text.rstrip("%")) / 100


def _scores_near(edge: Fraction) -> st.SearchStrategy[Fraction]:
    # Fractions of realistic samples (1 to 5,000 applicable cases) within 1.5 points of the edge.
    def near(counted: int) -> st.SearchStrategy[Fraction]:
        low = max(0, int((edge - Fraction(3, 200)) * counted))
        high = min(counted, int((edge + Fraction(3, 200)) * counted) + 1)
        return st.integers(low, high).map(lambda yes: Fraction(yes, counted))

    return st.integers(1, 5000).flatmap(near)


def test_every_shipped_file_has_edges_to_check() -> None:
    assert any(_edges(aow_rules.load_criteria(c)) for c in SHIPPED)


@pytest.mark.parametrize("criteria_id", SHIPPED)
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_shown_percentages_never_cross_a_band_edge(criteria_id: str, data: st.DataObject) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    edges = _edges(criteria)
    if not edges:
        pytest.skip(f"{criteria_id} bands nothing")
    what, edge = data.draw(st.sampled_from(edges))
    score = data.draw(_scores_near(edge))
    scoring = criteria.scoring
    if what == "rating":
        assert scoring.ratings is not None
        shown = _shown(rating_percent(scoring, score) or "")
        level = band_of(score, scoring.ratings.levels, scoring.ratings.rounding)
        assert level is not None
        # The shown value falls in the rating the score was given: on the same side of
        # every edge.
        assert band_of(shown, scoring.ratings.levels, None) == level
    else:
        for kind in scoring.banded:
            shown = _shown(group_percent(scoring, kind, score) or "")
            level = band_of(score, scoring.bands, scoring.rounding)
            assert band_of(shown, scoring.bands, None) == level


def test_key_question_at_46_of_71_shows_64_beside_requires_improvement(tmp_path: Path) -> None:
    # 71 cases of one key question, 46 judged yes: 64.8%, under the Good edge (65%).
    criteria = aow_rules.load_criteria("hmip-2018-adult")
    template = json.loads(
        (EXAMPLES.parent / "sample-hmip-2018-adult.jsonl").read_text().split("\n")[0]
    )
    template["facts"]["sample"] = "case_supervision"
    lines = []
    for i in range(71):
        case = dict(template, case_id=f"S-{i:02}", answers={"2.3.3": "yes" if i < 46 else "no"})
        case["evidence"] = {} if i < 46 else {"2.3.3": "Synthetic evidence."}
        lines.append(json.dumps(case))
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(lines) + "\n")
    report = aow_rules.report(criteria, aow_rules.read_sample(sample, criteria)).to_dict()
    group = report["criteria_groups"]["2.3.3"]
    assert (group["yes"], group["counted"]) == (46, 71)
    assert group["percent"] == "64%"
    rated = next(
        k for s in report["ratings"]["standards"] for k in s["key_questions"] if k["id"] == "2.3.3"
    )
    assert (rated["percent"], rated["rating"]) == ("64%", "Requires improvement")
    assert report["sample"]["display"] == {"places": 0, "mode": "down"}
    code, text, _ = run_cli(
        "report", str(sample), "--criteria", "hmip-2018-adult", "--format", "text"
    )
    assert code == 0
    assert re.search(r"2\.3\.3 +64% \(46/71\) +of +71 case\(s\) +Requires improvement", text)
    assert "65%" not in text.split("Ratings")[1].split("Overall")[0]


def test_the_shipped_sample_report_shows_every_key_question_inside_its_rating() -> None:
    criteria = aow_rules.load_criteria("hmip-2018-adult")
    sample = aow_rules.read_sample(EXAMPLES.parent / "sample-hmip-2018-adult.jsonl", criteria)
    report = aow_rules.report(criteria, sample).to_dict()
    levels = report["ratings"]["levels"]
    for standard in report["ratings"]["standards"]:
        for kq in standard["key_questions"]:
            if kq["percent"] is None:
                continue
            shown = _shown(kq["percent"])
            by_shown = next(v["label"] for v in levels if shown >= Fraction(v["min"]))
            assert by_shown == kq["rating"], kq


_BANDED = """format: aow-criteria/1
id: banded
version: "1"
title: Banded (invented for a test)
status: draft
effective_from: "2024-01-01"
provenance: {summary: Invented for a test.}
outcomes: [{id: O1, title: One}]
stages: [{id: P1, title: One}]
criteria: [{id: "1.1", title: One, outcome: O1, stage: P1}]
scales:
  - id: yn
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions: [{id: Q1, criterion: "1.1", text: "Done?", scale: yn}]
scoring:
  bands:
    applies_to: [outcomes]
    levels: [{label: High, min: "13/20"}, {label: Low, min: 0}]
"""


@pytest.mark.parametrize(
    ("display", "rounding", "message"),
    [
        ("{places: 0, mode: half_up}", "", "compare exact scores"),
        ("{places: 0, mode: down}", "", None),
        ("{places: 1, mode: down}", "", None),
        (
            "{places: 0, mode: down}",
            "  rounding: {places: 1, mode: half_up}\n",
            "a shown value could disagree",
        ),
        ("{places: 1, mode: half_up}", "  rounding: {places: 1, mode: half_up}\n", None),
    ],
)
def test_a_display_that_could_cross_an_edge_is_refused(
    tmp_path: Path, display: str, rounding: str, message: str | None
) -> None:
    path = tmp_path / "banded.yaml"
    path.write_text(_BANDED + rounding + f"  display: {display}\n")
    if message is None:
        aow_rules.load_criteria(path)
        return
    with pytest.raises(aow_rules.CriteriaError) as err:
        aow_rules.load_criteria(path)
    assert message in str(err.value)


def test_an_edge_the_display_cannot_show_is_refused_and_the_default_finds_enough_places(
    tmp_path: Path,
) -> None:
    text = _BANDED.replace('min: "13/20"', 'min: "653/1000"')  # 65.3%
    path = tmp_path / "banded.yaml"
    path.write_text(text + "  display: {places: 0, mode: down}\n")
    with pytest.raises(aow_rules.CriteriaError) as err:
        aow_rules.load_criteria(path)
    assert "cannot show" in str(err.value)
    path.write_text(text)
    display = aow_rules.load_criteria(path).scoring.display
    assert (display.places, display.mode) == (1, "down")


def test_without_bands_the_default_stays_whole_percentages_rounded_half_up(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(_BANDED.split("scoring:", maxsplit=1)[0])
    display = aow_rules.load_criteria(path).scoring.display
    assert (display.places, display.mode) == (0, "half_up")
