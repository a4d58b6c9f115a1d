"""Synthetic profiles for derived facts: a profile draws the dates months under supervision
come from (``months_before``), never the derived fact itself, and may leave an optional fact
blank depending on what was drawn (a case records whether the officer identified concerns
about children only where there were potential concerns)."""

from __future__ import annotations

from pathlib import Path

import pytest

import aow_rules

from .support import CRITERIA_DIR

PROFILE_HEAD = """format: aow-synth-profile/1
criteria: iaow-2013-10
note: SYNTHETIC. A test profile.
draws:
"""


def _profile(tmp_path: Path, draws: str) -> Path:
    path = tmp_path / "test.synth.yaml"
    path.write_text(PROFILE_HEAD + draws)
    return path


def test_months_before_gives_the_months_drawn(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    profile = _profile(
        tmp_path,
        """  - let: months
    range: [0, 40]
  - fact: inspection_date
    uniform: ["2013-11-30", "2013-12-31", "2014-02-28", "2013-03-31"]
  - fact: supervision_start
    months_before: [inspection_date, months]
  - fact: case_summary
    text: ["{months}"]
""",
    )
    cases = aow_rules.synthesize(criteria, cases=60, seed=3, profile=str(profile))
    for data in cases:
        case = aow_rules.parse_case(data, criteria)
        assert case.facts["months_supervised"] == int(str(case.facts["case_summary"]))


@pytest.mark.parametrize(
    ("draws", "message"),
    [
        ("  - fact: months_supervised\n    range: [0, 12]\n", "is derived"),
        (
            "  - let: months\n    range: [0, 12]\n  - fact: supervision_start\n"
            "    months_before: [inspection_date, months]\n",
            "not drawn above",
        ),
        (
            '  - fact: inspection_date\n    value: "2013-11-18"\n  - fact: supervision_start\n'
            "    months_before: [inspection_date, inspection_date]\n",
            "a string",
        ),
    ],
)
def test_profile_mistakes_about_derived_facts_are_named(
    tmp_path: Path, draws: str, message: str
) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    profile = _profile(tmp_path, draws)
    with pytest.raises(aow_rules.CriteriaError) as err:
        aow_rules.synthesize(criteria, cases=2, seed=1, profile=str(profile))
    assert message in str(err.value)


def test_reading_a_derived_fact_in_a_profile_says_why_it_cannot(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    profile = _profile(
        tmp_path,
        "  - fact: non_compliance\n    cases:\n      - when: case.months_supervised > 3\n"
        "        chance: 0.5\n      - chance: 0.2\n",
    )
    with pytest.raises(aow_rules.CriteriaError) as err:
        aow_rules.synthesize(criteria, cases=2, seed=1, profile=str(profile))
    assert "derived when a case is read" in str(err.value)


def test_a_blank_chance_can_depend_on_what_was_drawn(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    cases = aow_rules.synthesize(criteria, cases=120, seed=5)
    kinds = {
        (c["facts"]["child_protection"], "child_concerns_identified" in c["facts"]) for c in cases
    }
    # Recorded for cases of potential concerns, and only for them.
    assert ("potential_concerns", True) in kinds
    assert ("potential_concerns", False) not in kinds
    assert ("no_concerns", True) not in kinds
    assert ("key_role", True) not in kinds


def test_shipped_profiles_give_cases_without_errors() -> None:
    for path in sorted(CRITERIA_DIR.glob("*.synth.yaml")):
        criteria = aow_rules.load_criteria(CRITERIA_DIR / path.name.replace(".synth", ""))
        cases = aow_rules.synthesize(criteria, cases=40, seed=11)
        for data in cases:
            case = aow_rules.parse_case(data, criteria)
            errors = [
                f for f in aow_rules.evaluate(criteria, case).findings if f.severity == "error"
            ]
            assert not errors, (criteria.id, case.case_id, [f.code for f in errors])
