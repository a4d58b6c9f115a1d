"""Synthetic profiles (``<id>.synth.yaml``): synthesize takes its realism from them, checks
them like any criteria author's file, and still works for criteria it has never seen."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules.errors import ArgumentError, CriteriaError

from .support import CRITERIA_DIR, MINI, ROOT, run_cli, shipped_files

PROFILE = CRITERIA_DIR / "iaow-2013-10.synth.yaml"
LICENCES = {"licence_determinate", "licence_indeterminate", "post_sentence_supervision"}


def _copy(tmp: Path, criteria_id: str = "iaow-2013-10", profile: str | None = None) -> Path:
    """A copy of a shipped criteria file in ``tmp``, with ``profile`` beside it (if given)."""
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / f"{criteria_id}.yaml"
    shutil.copy(CRITERIA_DIR / f"{criteria_id}.yaml", path)
    if profile is not None:
        (tmp / f"{criteria_id}.synth.yaml").write_text(profile, encoding="utf-8")
    return path


def _edit(old: str, new: str, text: str | None = None) -> str:
    text = PROFILE.read_text(encoding="utf-8") if text is None else text
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _no_court_reports() -> str:
    """The shipped profile, changed so that no case has a court report."""
    text = _edit("weights: {standard: 0.7, fast_delivery: 0.15, none: 0.15}", "value: none")
    return _edit("weights: {standard: 0.45, fast_delivery: 0.45, none: 0.1}", "value: none", text)


def _synth(path: Path, cases: int = 200, seed: int = 5) -> list[dict[str, Any]]:
    return aow_rules.synthesize(aow_rules.load_criteria(path), cases=cases, seed=seed)


# ------------------------------------------------------------------ realism from the profile


def test_every_shipped_criteria_file_has_a_profile_that_loads() -> None:
    for path in shipped_files():
        profile = path.with_name(path.name.removesuffix(".yaml") + ".synth.yaml")
        assert profile.is_file(), f"{path.name} has no synthetic profile"
        criteria = aow_rules.load_criteria(path)
        assert aow_rules.synthesize(criteria, cases=5, seed=1, profile=profile)


def test_a_changed_chance_changes_the_sample(tmp_path: Path) -> None:
    shipped = _synth(_copy(tmp_path / "a", profile=PROFILE.read_text()))
    raised = _edit(
        "  - fact: domestic_abuse\n    cases:\n"
        "      - when: '\"domestic_abuse_related\" in case.offence_type'\n        value: true\n"
        "      - when: case.female\n        chance: 0.12\n"
        '      - when: "!case.low"\n        chance: 0.2\n      - chance: 0.1\n',
        "  - fact: domestic_abuse\n    chance: 0.9\n",
    )
    changed = _synth(_copy(tmp_path / "b", profile=raised))

    def share(cases: list[dict[str, Any]]) -> float:
        return sum(c["facts"]["domestic_abuse"] for c in cases) / len(cases)

    assert share(shipped) < 0.45
    assert share(changed) > 0.8
    # What depends on it follows: a domestic abuse case has an identifiable victim.
    assert all(c["facts"]["victim_identified"] for c in changed if c["facts"]["domestic_abuse"])


def test_strata_shares_come_from_the_profile(tmp_path: Path) -> None:
    women = _edit("    female: 0.12\n", "    female: 3\n")
    cases = _synth(_copy(tmp_path, profile=women), cases=100)
    share = Counter(c["facts"]["stratum"] for c in cases)["female"] / 100
    assert share > 0.6  # 3 / (0.88 + 3) of the caseload, allocated proportionally


def test_a_question_difficulty_from_the_profile(tmp_path: Path) -> None:
    hard = PROFILE.read_text() + 'answers:\n  difficulty:\n    "1.1-01": 12\n'
    cases = _synth(_copy(tmp_path, profile=hard), cases=150)
    given = Counter(c["answers"]["1.1-01"] for c in cases if "1.1-01" in c["answers"])
    assert given["no"] > 0.9 * (given["yes"] + given["no"])
    others = Counter(c["answers"].get("1.1-02") for c in cases)
    assert others["yes"] > others["no"]  # only the named question is harder


def test_an_explicit_profile_is_used_instead_of_the_one_beside(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    mine = tmp_path / "mine.synth.yaml"
    mine.write_text(_no_court_reports())
    cases = aow_rules.synthesize(criteria, cases=60, seed=3, profile=mine)
    assert {c["facts"]["court_report"] for c in cases} == {"none"}
    beside = aow_rules.synthesize(criteria, cases=60, seed=3, profile=PROFILE)
    assert beside == aow_rules.synthesize(criteria, cases=60, seed=3)


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_declared_dependencies_hold_in_every_shipped_sample(path: Path) -> None:
    criteria = aow_rules.load_criteria(path)
    for data in aow_rules.synthesize(criteria, cases=120, seed=9):
        # As the case is read: with the months under supervision derived from its dates.
        facts = aow_rules.parse_case(data, criteria).facts
        case = data
        cid = case["case_id"]
        if facts["domestic_abuse"]:
            assert facts["victim_identified"], cid
        if facts["victim_contact_eligible"]:
            assert facts["victim_identified"], cid
            assert facts["sentence_type"] in LICENCES | {"immediate_custody"}, cid
        if facts["sentence_type"] == "licence_indeterminate":
            assert facts["rosh_level"] != "low", cid
            assert facts["months_supervised"] >= 6, cid
        if facts["mappa"] in ("level_2", "level_3"):
            # The officer records active MAPPA management where the inspector judges the
            # case MAPPA eligible.
            assert facts["mappa_eligibility"] != "none", cid
        if facts["rosh_level_warranted"] != facts["rosh_level"]:
            assert facts["rosh_level"] != "low" or facts["rosh_level_warranted"] == "medium", cid
        if "assigned_after_split" in facts:
            assert facts["assigned_after_split"] == (facts["months_supervised"] <= 5), cid
        provider = facts.get("provider")
        if provider in ("nps", "crc") and facts["rosh_level"] in ("high", "very_high"):
            assert provider == "nps", cid
        if "case_summary" in facts:
            assert facts["case_summary"].startswith("Synthetic. "), cid
            assert facts["sentence_type"].split("_")[0] in facts["case_summary"], cid


_MINI_PROFILE = """\
format: aow-synth-profile/1
criteria: mini-1
note: SYNTHETIC test profile
draws:
  - fact: victim
    chance: {chance}
  - fact: report
    cases:
      - when: case.victim
        value: full
      - weights: {{none: 1, fast: 1}}
  - fact: months
    cases:
      - when: case.report == "none"
        range: [0, 5]
      - range: [6, 60]
    blank: 0.3
"""


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chance=st.sampled_from(["0", "0.2", "0.5", "1"]), seed=st.integers(0, 2**32))
def test_property_conditional_draws_hold_in_every_case(
    tmp_path: Path, chance: str, seed: int
) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "mini.synth.yaml").write_text(_MINI_PROFILE.format(chance=chance))
    criteria = aow_rules.load_criteria(tmp_path / "mini.yaml")
    cases = aow_rules.synthesize(criteria, cases=40, seed=seed)
    for case in cases:
        facts = case["facts"]
        assert facts["report"] == ("full" if facts["victim"] else facts["report"])
        if not facts["victim"]:
            assert facts["report"] in ("none", "fast")
        if "months" in facts:
            assert (facts["months"] <= 5) == (facts["report"] == "none")
        aow_rules.parse_case(case, criteria)
    victims = sum(c["facts"]["victim"] for c in cases)
    if chance == "0":
        assert victims == 0
    if chance == "1":
        assert victims == len(cases)


# ------------------------------------------------------------------ criteria never seen


@st.composite
def _criteria_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid criteria file with facts of every type and questions that read them."""
    kinds = draw(
        st.lists(
            st.sampled_from(["bool", "int", "choice", "set", "date", "text"]),
            min_size=1,
            max_size=8,
        )
    )
    facts: list[dict[str, Any]] = []
    for k, kind in enumerate(kinds):
        fact: dict[str, Any] = {
            "id": f"f{k}",
            "title": f"Fact {k}",
            "type": kind,
            "required": draw(st.booleans()),
        }
        if kind in ("choice", "set"):
            fact["options"] = [f"o{j}" for j in range(draw(st.integers(1, 4)))]
        if kind == "int" and draw(st.booleans()):
            low = draw(st.integers(-5, 5))
            fact.update(min=low, max=low + draw(st.integers(0, 50)))
        facts.append(fact)
    questions = []
    for k, fact in enumerate(facts):
        question: dict[str, Any] = {
            "id": f"1.1-{k:02d}",
            "criterion": "1.1",
            "text": f"Question {k}?",
            "scale": "yes_no_na",
        }
        if fact["type"] == "bool" and fact["required"]:
            question["applies_if"] = f"case.{fact['id']}"
        questions.append(question)
    return {
        "format": "aow-criteria/1",
        "id": "never-seen-1",
        "version": "1",
        "title": "Generated criteria",
        "status": "draft",
        "effective_from": "2020-01-01",
        "provenance": {"summary": "SYNTHETIC: generated by a test"},
        "outcomes": [{"id": "O1", "title": "Outcome"}],
        "stages": [{"id": "P1", "title": "Stage"}],
        "criteria": [{"id": "1.1", "title": "Criterion", "outcome": "O1", "stage": "P1"}],
        "facts": facts,
        "scales": [
            {
                "id": "yes_no_na",
                "title": "Yes, no or n/a",
                "options": [
                    {"value": "yes", "title": "Yes", "credit": 1},
                    {"value": "no", "title": "No", "credit": 0},
                    {"value": "na", "title": "N/A", "credit": None},
                ],
            }
        ],
        "questions": questions,
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=_criteria_files(), seed=st.integers(0, 2**32))
def test_property_a_criteria_file_never_seen_still_gives_valid_cases(
    tmp_path: Path, spec: dict[str, Any], seed: int
) -> None:
    path = tmp_path / "never-seen-1.yaml"
    path.write_text(json.dumps(spec))  # JSON is YAML the strict reader accepts
    criteria = aow_rules.load_criteria(path)
    for case in aow_rules.synthesize(criteria, cases=12, seed=seed):
        aow_rules.parse_case(case, criteria)
        assert case["note"].startswith("SYNTHETIC:")


def test_a_shipped_file_copied_without_its_profile_gets_generic_cases(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria(_copy(tmp_path))
    cases = aow_rules.synthesize(criteria, cases=60, seed=2)
    for case in cases:
        aow_rules.parse_case(case, criteria)
    # Nothing is known: no summary is written and choice facts are spread evenly.
    assert all(c["facts"].get("case_summary", "Synthetic.") == "Synthetic." for c in cases)
    assert len({c["facts"]["rosh_level"] for c in cases}) == 5


def test_the_mini_fixture_has_no_profile_and_still_synthesizes() -> None:
    criteria = aow_rules.load_criteria(MINI)
    for case in aow_rules.synthesize(criteria, cases=30, seed=4):
        aow_rules.parse_case(case, criteria)


# ------------------------------------------------------------------ a profile is checked


class _Bad(NamedTuple):
    old: str
    new: str
    marker: str
    """Text on the line the problem must point at (its first occurrence)."""
    code: str
    suggestion: str


_BAD = [
    _Bad(
        "- fact: rosh_level\n",
        "- fact: rosh_levl\n",
        "rosh_levl",
        "unknown_reference",
        "did you mean 'rosh_level'?",
    ),
    _Bad(
        "weights: {medium: 0.66,",
        "weights: {medum: 0.66,",
        "medum",
        "unknown_reference",
        "did you mean 'medium'?",
    ),
    _Bad(
        "      - when: case.female\n        chance: 0.3\n",
        "      - when: case.female\n        chanse: 0.3\n",
        "chanse",
        "unknown_key",
        "did you mean 'chance'?",
    ),
    _Bad(
        "when: case.custody && case.low\n",
        "when: case.custdy && case.low\n",
        "case.custdy",
        "condition_unknown_name",
        "did you mean case.custody?",
    ),
    _Bad(
        "      ete: 0.4\n", "      etee: 0.4\n", "etee", "unknown_reference", "did you mean 'ete'?"
    ),
    _Bad(
        "for {offence};",
        "for {offense};",
        "{offense}",
        "unknown_reference",
        "did you mean 'offence'?",
    ),
    _Bad(
        "criteria: iaow-2013-10\n",
        "criteria: iaow-2013-1\n",
        "criteria: iaow-2013-1",
        "invalid_value",
        "write criteria: iaow-2013-10",
    ),
    _Bad(
        "    value: probation_trust\n",
        "    value: probation_trst\n",
        "probation_trst",
        "unknown_reference",
        "did you mean 'probation_trust'?",
    ),
    _Bad(
        "  - let: low\n    cases:\n      - when: case.female\n",
        '  - let: low\n    cases:\n      - when: case.rosh_level == "low"\n',
        'case.rosh_level == "low"',
        "condition_unknown_name",
        "move this draw below the one of rosh_level",
    ),
    _Bad(
        "  - fact: rosh_level\n",
        "  - fact: rosh_level\n    blank: 0.1\n",
        "blank: 0.1",
        "invalid_value",
        "remove blank",
    ),
]


@pytest.mark.parametrize("bad", _BAD, ids=[b.marker for b in _BAD])
def test_a_bad_profile_is_a_criteria_error_at_its_line_and_column(
    tmp_path: Path, bad: _Bad
) -> None:
    text = _edit(bad.old, bad.new)
    criteria = aow_rules.load_criteria(_copy(tmp_path, profile=text))
    with pytest.raises(CriteriaError) as caught:
        aow_rules.synthesize(criteria, cases=5)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]  # one cause, one problem
    problem = problems[0]
    assert problem.code == bad.code
    assert problem.source == str(tmp_path / "iaow-2013-10.synth.yaml")
    assert problem.suggestion is not None
    assert bad.suggestion in problem.suggestion
    # The line is the first holding the mistake (the markers come first where they are put).
    line = next(n for n, t in enumerate(text.splitlines(), 1) if bad.marker in t)
    assert re.fullmatch(rf"{line}:\d+", problem.location), (problem.location, line)
    assert str(problem).startswith(f"{problem.source}:{line}:")


def test_every_problem_of_a_profile_is_reported_at_once(tmp_path: Path) -> None:
    text = _edit("weights: {medium: 0.66,", "weights: {medum: 0.66,")
    text = _edit("      ete: 0.4\n", "      etee: 0.4\n", text)
    text += 'answers:\n  difficulty:\n    "4.1-6": 1.0\n'
    criteria = aow_rules.load_criteria(_copy(tmp_path, profile=text))
    with pytest.raises(CriteriaError) as caught:
        aow_rules.synthesize(criteria)
    suggestions = [p.suggestion for p in caught.value.problems]
    assert suggestions == [
        "did you mean 'medium'?",
        "did you mean 'ete'?",
        "did you mean '4.1-06'?",
    ]


def test_the_cli_synth_uses_the_profile_and_reports_its_problems(tmp_path: Path) -> None:
    path = _copy(tmp_path, profile=_no_court_reports())
    code, out, _ = run_cli("synth", "--criteria", str(path), "--cases", "50", "--seed", "7")
    assert code == 0
    assert {json.loads(line)["facts"]["court_report"] for line in out.splitlines()} == {"none"}
    (tmp_path / "iaow-2013-10.synth.yaml").write_text(_edit("- fact: mappa\n", "- fact: mapa\n"))
    code, out, err = run_cli("synth", "--criteria", str(path), "--cases", "50")
    assert code == 3
    assert out == ""
    assert re.search(r"iaow-2013-10\.synth\.yaml:\d+:\d+: unknown_reference: .*'mapa'", err)
    assert "did you mean 'mappa'?" in err


def test_a_profile_for_other_criteria_or_format_is_refused(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2014-08")
    with pytest.raises(CriteriaError, match="written for criteria 'iaow-2013-10'"):
        aow_rules.synthesize(criteria, profile=PROFILE)
    other = tmp_path / "x.synth.yaml"
    other.write_text(_edit("format: aow-synth-profile/1", "format: aow-synth-profile/9"))
    with pytest.raises(CriteriaError) as caught:
        aow_rules.synthesize(criteria, profile=other)
    assert caught.value.headline.code == "unsupported_format"
    with pytest.raises(CriteriaError) as caught:
        aow_rules.synthesize(criteria, profile=tmp_path / "missing.synth.yaml")
    assert caught.value.headline.code == "file_not_found"


def test_the_example_in_the_profile_reference_works(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "synthetic-profiles.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert example is not None
    named = re.search(r"^criteria: (\S+)$", example.group(1), re.M)
    assert named is not None
    path = tmp_path / "example.synth.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    criteria = aow_rules.load_criteria(named.group(1))
    for case in aow_rules.synthesize(criteria, cases=50, seed=1, profile=path):
        aow_rules.parse_case(case, criteria)


# ------------------------------------------------------------------ arguments


@pytest.mark.parametrize(
    ("kwargs", "source"),
    [
        ({"cases": 0}, "cases"),
        ({"cases": 100_001}, "cases"),
        ({"cases": True}, "cases"),
        ({"cases": "60"}, "cases"),
        ({"seed": 1.5}, "seed"),
        ({"cases": 60, "population": 59}, "population"),
        ({"profile": 3}, "profile"),
    ],
)
def test_bad_arguments_are_argument_errors_naming_the_parameter(
    kwargs: dict[str, Any], source: str
) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    with pytest.raises(ArgumentError) as caught:
        aow_rules.synthesize(criteria, **kwargs)
    assert [p.source for p in caught.value.problems] == [source]
