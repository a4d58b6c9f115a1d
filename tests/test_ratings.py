"""Declared ratings (the 2018 model) at every edge, in exact arithmetic.

Key question bands 80 / 65 / 50 (inclusive), a standard rated by its lowest key question,
points 3 / 2 / 1 / 0, overall bands 0-5 / 6-15 / 16-25 / 26-30 (adult, 10 standards) and
0-6 / 7-18 / 19-30 / 31-36 (youth, 12 standards), rounding only when declared, overrides.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import aow_rules
from aow_rules._strict._yaml import (
    load_yaml,  # private: data as aow-rules reads it; PyYAML's pure parser refuses adult.yaml
)

from .support import CRITERIA_DIR, FIXTURES, run_cli

RATINGS = FIXTURES / "ratings"
ADULT = RATINGS / "adult.yaml"
YOUTH = RATINGS / "youth.yaml"
ROUNDED = RATINGS / "adult-rounded.yaml"
POINTS = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
# A share of cases judged "yes" that lands well inside each band.
INSIDE = {3: Fraction(1), 2: Fraction(7, 10), 1: Fraction(11, 20), 0: Fraction(1, 4)}


def _sample(crit: Any, shares: dict[str, Fraction], n: int, applies: bool = True) -> list[Any]:
    """``n`` cases; the key question of standard ``s`` is "yes" in ``shares[s] * n`` cases."""
    cases = []
    for i in range(n):
        answers = {}
        for g in crit.criteria:
            share = shares.get(g.id, shares.get(g.stage or "", Fraction(1)))
            yes = share * n
            assert yes.denominator == 1, (share, n)
            answers[f"{g.id}-kq"] = "yes" if i < yes else "no"
        data = {
            "format": "aow-case/1",
            "case_id": f"K{i:04}",
            "criteria": crit.id,
            "facts": {"applies": applies},
            "answers": answers if applies else {},
        }
        cases.append(aow_rules.parse_case(data, crit))
    return cases


def _recorded_file(tmp_path: Path, crit: Any, ratings: dict[str, str], extra: str = "") -> Path:
    lines = ["format: aow-ratings/1", f"criteria: {crit.id}", "standards:"]
    for sid, label in ratings.items():
        lines.append(f'  "{sid}": {{rating: {label}, reason: Panel judgement (synthetic test)}}')
    path = tmp_path / "ratings.yaml"
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def _rated(
    path: Path, shares: dict[str, Fraction], n: int, tmp_path: Path, recorded: dict[str, str]
) -> dict[str, Any]:
    crit = aow_rules.load_criteria(path)
    rec = _recorded_file(tmp_path, crit, recorded)
    ratings = aow_rules.report(crit, _sample(crit, shares, n), ratings=rec).to_dict()["ratings"]
    assert ratings is not None
    return ratings


def _standard(ratings: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in ratings["standards"] if s["id"] == sid)


ALL_GOOD = {"1.1": "Good", "1.2": "Good", "1.3": "Good", "1.4": "Good"}


@pytest.mark.parametrize(
    ("yes", "n", "rating"),
    [
        (4, 5, "Outstanding"),  # exactly 80%
        (799, 1000, "Good"),  # just below 80%
        (13, 20, "Good"),  # exactly 65%
        (649, 1000, "Requires improvement"),  # just below 65%
        (1, 2, "Requires improvement"),  # exactly 50%
        (499, 1000, "Inadequate"),  # just below 50%
        (0, 1, "Inadequate"),
        (1, 1, "Outstanding"),
    ],
)
def test_key_question_band_edges(yes: int, n: int, rating: str, tmp_path: Path) -> None:
    ratings = _rated(ADULT, {"2.1": Fraction(yes, n)}, n, tmp_path, ALL_GOOD)
    s = _standard(ratings, "2.1")
    kq = s["key_questions"][0]
    assert Fraction(kq["fraction"]) == Fraction(yes, n)
    assert kq["rounded"] == kq["fraction"]  # no rounding declared: none applied
    assert (kq["rating"], s["rating"], s["points"]) == (rating, rating, POINTS[rating])
    assert kq["meeting"] == yes
    assert kq["cases"] == n


@pytest.mark.parametrize(
    ("share", "percent", "unrounded", "rounded"),
    [
        (Fraction(159, 200), 80, "Good", "Outstanding"),  # 79.5% rounds half up to 80%
        (Fraction(1589, 2000), 79, "Good", "Good"),  # 79.45% rounds to 79%
        (Fraction(129, 200), 65, "Requires improvement", "Good"),  # half up, not half even
        (Fraction(99, 200), 50, "Inadequate", "Requires improvement"),  # 49.5% -> 50%
    ],
)
def test_rounding_applies_only_when_declared(
    share: Fraction, percent: int, unrounded: str, rounded: str, tmp_path: Path
) -> None:
    n = share.denominator
    shares = {"2.1": share}
    plain = _standard(_rated(ADULT, shares, n, tmp_path, ALL_GOOD), "2.1")
    assert plain["rating"] == unrounded
    declared = _standard(_rated(ROUNDED, shares, n, tmp_path, ALL_GOOD), "2.1")
    assert declared["rating"] == rounded
    assert Fraction(declared["key_questions"][0]["rounded"]) == Fraction(percent, 100)


@pytest.mark.parametrize(
    ("first", "second", "rating", "lowest"),
    [
        (Fraction(1), Fraction(3, 5), "Requires improvement", "2.1.2"),
        (Fraction(3, 5), Fraction(1), "Requires improvement", "2.1.1"),
        (Fraction(7, 10), Fraction(7, 10), "Good", "2.1.1"),  # a tie: the first declared
        (Fraction(1), Fraction(4, 5), "Outstanding", "2.1.2"),
    ],
)
def test_standard_takes_its_lowest_key_question(
    first: Fraction, second: Fraction, rating: str, lowest: str, tmp_path: Path
) -> None:
    ratings = _rated(ADULT, {"2.1.1": first, "2.1.2": second}, 20, tmp_path, ALL_GOOD)
    s = _standard(ratings, "2.1")
    assert (s["rating"], s["lowest"]) == (rating, lowest)
    assert [k["fraction"] for k in s["key_questions"]] == [
        f"{first.numerator}/{first.denominator}",
        f"{second.numerator}/{second.denominator}",
    ]


def test_shipped_2018_standards_have_several_key_questions() -> None:
    crit = aow_rules.load_criteria("hmip-2018-adult")
    ratings = crit.scoring.ratings
    assert ratings is not None
    assert len(ratings.standards) == 10
    assert ratings.max_points == 30
    assert all(len(s.key_questions) == 3 for s in ratings.standards if s.id.startswith("2."))


def _points_shares(points: list[int], case_based: list[str]) -> dict[str, Fraction]:
    return {sid: INSIDE[p] for sid, p in zip(case_based, points, strict=True)}


def _split(total: int, slots: int) -> list[int]:
    """``slots`` ratings (3, 2, 1 or 0 points each) that add up to ``total``."""
    out = []
    for _ in range(slots):
        out.append(min(3, total))
        total -= out[-1]
    assert total == 0
    return out


def _overall(
    path: Path, recorded_ids: list[str], case_based: list[str], total: int, tmp: Path
) -> dict[str, Any]:
    points = _split(total, len(recorded_ids) + len(case_based))
    labels = {v: k for k, v in POINTS.items()}
    recorded = {sid: labels[p] for sid, p in zip(recorded_ids, points, strict=False)}
    shares = _points_shares(points[len(recorded_ids) :], case_based)
    ratings = _rated(path, shares, 20, tmp, recorded)
    assert sum(s["points"] for s in ratings["standards"]) == total
    return ratings["overall"]


ADULT_RECORDED = ["1.1", "1.2", "1.3", "1.4"]
ADULT_CASES = ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]


@pytest.mark.parametrize(
    ("total", "rating"),
    [
        (0, "Inadequate"),
        (5, "Inadequate"),
        (6, "Requires improvement"),
        (15, "Requires improvement"),
        (16, "Good"),
        (25, "Good"),
        (26, "Outstanding"),
        (30, "Outstanding"),
    ],
)
def test_adult_overall_bands(total: int, rating: str, tmp_path: Path) -> None:
    overall = _overall(ADULT, ADULT_RECORDED, ADULT_CASES, total, tmp_path)
    assert (overall["points"], overall["max_points"]) == (total, 30)
    assert overall["rating"] == overall["computed"] == rating


YOUTH_RECORDED = ["1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4"]
YOUTH_CASES = ["2.1", "2.2", "2.3", "2.4"]


@pytest.mark.parametrize(
    ("total", "rating"),
    [
        (6, "Inadequate"),
        (7, "Requires improvement"),
        (18, "Requires improvement"),
        (19, "Good"),
        (30, "Good"),
        (31, "Outstanding"),
        (36, "Outstanding"),
    ],
)
def test_youth_overall_bands(total: int, rating: str, tmp_path: Path) -> None:
    overall = _overall(YOUTH, YOUTH_RECORDED, YOUTH_CASES, total, tmp_path)
    assert (overall["points"], overall["max_points"]) == (total, 36)
    assert overall["rating"] == rating


def test_standard_with_no_applicable_case_is_unrated_with_reason(tmp_path: Path) -> None:
    crit = aow_rules.load_criteria(ADULT)
    rec = _recorded_file(tmp_path, crit, ALL_GOOD)
    cases = _sample(crit, {}, 5, applies=False)
    data = aow_rules.report(crit, cases, ratings=rec).to_dict()["ratings"]
    s = _standard(data, "2.1")
    assert s["rating"] is None
    assert s["points"] is None
    assert "no case in the sample was applicable" in s["unrated_reason"]
    assert s["key_questions"][0]["score"] is None
    assert data["overall"]["rating"] is None
    assert data["overall"]["points"] is None
    assert data["overall"]["unrated"] == ADULT_CASES


def test_panel_standards_without_a_recorded_rating_leave_overall_unrated() -> None:
    crit = aow_rules.load_criteria(ADULT)
    data = aow_rules.report(crit, _sample(crit, {}, 5)).to_dict()
    r = data["ratings"]
    assert _standard(r, "1.1")["unrated_reason"].startswith("rated by the inspection panel")
    assert _standard(r, "2.1")["rating"] == "Outstanding"
    assert r["overall"]["unrated"] == ADULT_RECORDED
    assert "No overall rating" in data["summary"]


def test_overrides_replace_computed_ratings_and_keep_both(tmp_path: Path) -> None:
    crit = aow_rules.load_criteria(ADULT)
    extra = (
        "overrides:\n"
        '  "2.1": {rating: Requires improvement, reason: Serious concerns found at interview}\n'
        "overall_override: {rating: Inadequate, reason: Rating panel decision (synthetic)}\n"
    )
    rec = _recorded_file(tmp_path, crit, ALL_GOOD, extra)
    r = aow_rules.report(crit, _sample(crit, {}, 5), ratings=rec).to_dict()["ratings"]
    s = _standard(r, "2.1")
    assert (s["computed"], s["rating"], s["points"]) == ("Outstanding", "Requires improvement", 1)
    assert s["override"]["reason"] == "Serious concerns found at interview"
    # 4 x Good (8) + 2.1 overridden (1) + 5 x Outstanding (15)
    assert r["overall"]["points"] == 24
    assert r["overall"]["computed"] == "Good"
    assert r["overall"]["rating"] == "Inadequate"
    assert r["overall"]["override"]["reason"].startswith("Rating panel")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('standards:\n  "1.1": {rating: Goood, reason: x}\n', "did you mean 'Good'"),
        ('standards:\n  "2.1": {rating: Good, reason: x}\n', "put it under overrides"),
        ('standards:\n  "9.9": {rating: Good, reason: x}\n', "has no standard '9.9'"),
        ('standards:\n  "1.1": {rating: Good}\n', "missing required key 'reason'"),
        ("overall_override: {rating: Great, reason: x}\n", "not an overall rating"),
    ],
)
def test_bad_recorded_ratings_are_clear_errors(body: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: aow-ratings/1\ncriteria: adult-1\n" + body)
    crit = aow_rules.load_criteria(ADULT)
    with pytest.raises(aow_rules.CaseError) as info:
        aow_rules.report(crit, [], ratings=path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_fixture_ratings_are_the_shipped_2018_model() -> None:
    """The adult fixture rates with exactly the shipped file's levels and overall bands."""

    def block(path: Path) -> dict[str, Any]:
        located, problems = load_yaml(path.read_text(), str(path))
        assert located is not None, problems
        ratings = dict(located.data["scoring"]["ratings"])
        ratings.pop("standards")
        # The model, not what the shipped file says of its sources (provenance).
        unsourced = {"provenance", "provenance_note"}
        for key in ("method_provenance", "method_provenance_note"):
            ratings.pop(key, None)
        for key in ("levels", "overall"):
            ratings[key] = [
                {k: v for k, v in level.items() if k not in unsourced} for level in ratings[key]
            ]
        return ratings

    shipped = block(CRITERIA_DIR / "hmip-2018-adult.yaml")
    assert block(ADULT) == shipped
    youth = block(YOUTH)
    assert youth["levels"] == shipped["levels"]
    assert [b["min"] for b in youth["overall"]] == [31, 19, 7, 0]


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (("min: 26}", "min: 31}"), "can total at most 30"),
        (('min: "13/20", points: 2', 'min: "13/20", points: 4'), "fewer points"),
        (("min: 0, points: 0", 'min: "1/10", points: 0'), "must start at 0"),
        (('key_questions: ["2.1.1", "2.1.2"]', 'key_questions: ["2.1.9"]'), "did you mean"),
        (('key_questions: ["2.2.1"]', 'key_questions: ["2.1.1"]'), "already belongs"),
        (('key_questions: ["2.2.1"]', "key_questions: []"), "lists none"),
        (("threshold: 1", "threshold: 2"), "expected 0 to 1"),
    ],
)
def test_bad_ratings_declarations_are_located_errors(
    mutation: tuple[str, str], message: str, tmp_path: Path
) -> None:
    text = ADULT.read_text()
    old, new = mutation
    assert old in text, old
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1))
    code, _, err = run_cli("check", str(path))
    assert code == 3
    assert message in err
    assert f"{path}:" in err
