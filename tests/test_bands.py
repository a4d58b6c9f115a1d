"""Bands: inclusive lower bounds, compared exactly, after the declared rounding (none by
default). Scores are made exact by the number of questions answered yes out of N."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import aow_rules

HEADER = """format: aow-criteria/1
id: banded-{n}
version: "1"
title: Band edges (SYNTHETIC test fixture)
status: draft
effective_from: 2020-01-01
provenance: {{summary: Synthetic test fixture.}}
outcomes: [{{id: O1, title: Only outcome}}]
stages: [{{id: P1, title: Only stage}}]
criteria: [{{id: "1.1", title: Only criterion, outcome: O1, stage: P1}}]
scales:
  - id: yes_no
    title: Yes or no
    options:
      - {{value: "yes", title: "Yes", credit: 1}}
      - {{value: "no", title: "No", credit: 0}}
scoring:
  {rounding}
  bands:
    applies_to: [outcomes, criteria]
    levels:
      - {{label: Outstanding, min: "4/5"}}
      - {{label: Good, min: 0.65}}
      - {{label: Requires improvement, min: 0.5}}
      - {{label: Inadequate, min: 0}}
questions:
"""


def _band(tmp_path: Path, yes: int, n: int, rounding: str = "") -> tuple[Fraction | None, str]:
    text = HEADER.format(n=n, rounding=rounding) + "".join(
        f'  - {{id: "q{i}", criterion: "1.1", text: Question {i}, scale: yes_no}}\n'
        for i in range(n)
    )
    path = tmp_path / f"banded-{n}-{abs(hash(rounding))}.yaml"
    path.write_text(text)
    criteria = aow_rules.load_criteria(path)
    answers = {f"q{i}": "yes" if i < yes else "no" for i in range(n)}
    case = aow_rules.parse_case(
        {"format": "aow-case/1", "case_id": "B", "criteria": criteria.id, "answers": answers},
        criteria,
    )
    judgement = aow_rules.evaluate(criteria, case)
    outcome = judgement.outcomes["O1"]
    assert judgement.criteria_groups["1.1"].band == outcome.band
    assert judgement.stages["P1"].band is None  # stages are not banded here
    assert outcome.band is not None
    return outcome.score, outcome.band


@pytest.mark.parametrize(
    ("yes", "n", "band"),
    [
        (4, 5, "Outstanding"),  # exactly 80%
        (159, 200, "Good"),  # 79.5%
        (13, 20, "Good"),  # exactly 65%
        (129, 200, "Requires improvement"),  # 64.5%
        (1, 2, "Requires improvement"),  # exactly 50%
        (99, 200, "Inadequate"),  # 49.5%
        (0, 3, "Inadequate"),
        (3, 3, "Outstanding"),
    ],
)
def test_edges_without_rounding(tmp_path: Path, yes: int, n: int, band: str) -> None:
    assert _band(tmp_path, yes, n) == (Fraction(yes, n), band)


@pytest.mark.parametrize(
    ("rounding", "yes", "n", "band"),
    [
        ("rounding: {places: 0, mode: half_up}", 159, 200, "Outstanding"),  # 79.5 -> 80
        ("rounding: {places: 0, mode: down}", 159, 200, "Good"),  # 79.5 -> 79
        ("rounding: {places: 0, mode: half_even}", 159, 200, "Outstanding"),  # 79.5 -> 80
        ("rounding: {places: 0, mode: half_even}", 129, 200, "Requires improvement"),  # -> 64
        ("rounding: {places: 0, mode: half_up}", 129, 200, "Good"),  # 64.5 -> 65
        ("rounding: {places: 1, mode: half_up}", 1599, 2000, "Outstanding"),  # 79.95 -> 80.0
        ("rounding: {places: 1, mode: down}", 1599, 2000, "Good"),  # 79.95 -> 79.9
    ],
)
def test_rounding_before_banding(
    tmp_path: Path, rounding: str, yes: int, n: int, band: str
) -> None:
    assert _band(tmp_path, yes, n, rounding)[1] == band


def test_bands_must_cover_zero(tmp_path: Path) -> None:
    path = tmp_path / "gap.yaml"
    text = HEADER.format(n=1, rounding="").replace(
        "{label: Inadequate, min: 0}", "{label: Inadequate, min: 0.1}"
    )
    path.write_text(text + '  - {id: "q0", criterion: "1.1", text: Q, scale: yes_no}\n')
    with pytest.raises(aow_rules.CriteriaError) as info:
        aow_rules.load_criteria(path)
    assert "lowest band must start at 0" in info.value.headline.message
