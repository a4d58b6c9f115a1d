"""The ``sampling:`` section of a criteria file (issue 14, item 8): checked when the file is
loaded and by ``check``, every problem at its line and column; the shipped files carry their
sampling rules with provenance, and an IAOW file never claims the 2018 strata."""

from __future__ import annotations

from pathlib import Path

import pytest

import aow_rules
from aow_rules import Code, CriteriaError

from .support import run_cli

HEAD = """\
format: aow-criteria/1
id: sampled
version: "1"
title: Sampling test (invented)
status: draft
effective_from: "2024-01-01"
provenance: {summary: Invented for a test.}
outcomes: [{id: O1, title: Protecting the public}]
stages: [{id: P1, title: Assessment}]
criteria: [{id: "1.1", title: Assessment, outcome: O1, stage: P1, provenance: ours}]
scales:
  - id: yes_no
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions:
  - {id: Q1, criterion: "1.1", text: "Assessed?", scale: yes_no, provenance: ours}
scoring: {method_provenance: ours, weights_provenance: ours}
"""
GOOD = """\
sampling:
  provenance: ours
  size: {min: 50, max: 90, default: 60, provenance: ours}
  officer_cap: {max: 6, provenance: ours}
  strata: {by: [ldu, sentence_type], provenance: ours}
  exclusions:
    - {code: too_recent, title: Too recent, when: case.months_since_sentence < 6, provenance: ours}
"""
FIRST = HEAD.count("\n") + 1  # the line `sampling:` is on


def _problems(section: str) -> list[tuple[Code, str, str]]:
    with pytest.raises(CriteriaError) as caught:
        aow_rules.parse_criteria(HEAD + section, source="s.yaml")
    return [(p.code, p.location, p.message) for p in caught.value.problems]


def test_a_good_section_compiles_into_the_criteria() -> None:
    criteria = aow_rules.parse_criteria(HEAD + GOOD)
    sampling = criteria.sampling
    assert sampling is not None
    assert (sampling.size_min, sampling.size_max, sampling.size_default) == (50, 90, 60)
    assert sampling.officer_cap == 6
    assert sampling.strata_by == ("ldu", "sentence_type")
    assert [e.code for e in sampling.exclusions] == ["too_recent"]
    assert aow_rules.parse_criteria(HEAD).sampling is None


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "words"),
    [
        ("default: 60", "default: 95", Code.INVALID_VALUE, 3, "outside min 50 to max 90"),
        ("min: 50, max: 90", "min: 90, max: 50", Code.INVALID_VALUE, 3, "below min"),
        (
            "by: [ldu, sentence_type]",
            "by: [ldu, sentance_type]",
            Code.UNKNOWN_REFERENCE,
            5,
            "stratifying column 'sentance_type'",
        ),
        ("by: [ldu, sentence_type]", "by: [ldu, ldu]", Code.DUPLICATE_ID, 5, "twice"),
        ("{max: 6, provenance: ours}", "{max: 6}", Code.MISSING_KEY, 4, "officer cap"),
        (
            "case.months_since_sentence < 6",
            "case.month_since_sentence < 6",
            Code.CONDITION_UNKNOWN_NAME,
            7,
            "month_since_sentence",
        ),
        (
            "case.months_since_sentence < 6",
            'case.status == "gone"',
            Code.CONDITION_UNKNOWN_OPTION,
            7,
            "gone",
        ),
    ],
)
def test_each_problem_is_at_its_line(old: str, new: str, code: Code, line: int, words: str) -> None:
    assert old in GOOD
    found = _problems(GOOD.replace(old, new))
    assert any(
        c == code and loc.split(":")[0] == str(FIRST + line - 1) and words in m
        for c, loc, m in found
    ), found


def test_every_problem_of_the_section_is_reported_at_once() -> None:
    bad = (
        GOOD.replace("default: 60", "default: 95")
        .replace("{max: 6, provenance: ours}", "{max: 6}")
        .replace("by: [ldu, sentence_type]", "by: [ldu], named: [{id: a, when: 'true'}]")
    )
    codes = sorted(c for c, _, _ in _problems(bad))
    assert codes == sorted([Code.INVALID_VALUE, Code.MISSING_KEY, Code.INVALID_VALUE])


def test_an_unknown_key_gets_a_suggestion() -> None:
    with pytest.raises(CriteriaError) as caught:
        aow_rules.parse_criteria(HEAD + GOOD.replace("officer_cap:", "oficer_cap:"))
    assert any(p.suggestion and "officer_cap" in p.suggestion for p in caught.value.problems)


def test_check_reports_the_section_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + GOOD.replace("sentence_type]", "sentance_type]"), encoding="utf-8")
    code, _out, err = run_cli("check", str(path))
    assert code == 3
    assert f"s.yaml:{FIRST + 4}:" in err
    assert "did you mean 'sentence_type'?" in err


LATER_STRATA = {
    "male_community_non_low",
    "male_community_low",
    "male_post_custody_non_low",
    "male_post_custody_low",
    "female",
}


@pytest.mark.parametrize("criteria_id", sorted(aow_rules.shipped_criteria()))
def test_shipped_files_sample_with_provenance(criteria_id: str) -> None:
    sampling = aow_rules.load_criteria(criteria_id).sampling
    assert sampling is not None
    assert sampling.officer_cap == 6
    for prov in (sampling.provenance, sampling.size_provenance, sampling.officer_cap_provenance):
        assert prov is not None
        assert prov.note
    assert all(e.provenance is not None for e in sampling.exclusions)
    named = {s.id for s in sampling.named}
    if criteria_id.startswith("iaow-"):
        # The five strata are the 2018 sampler's [M]: an IAOW-era file must not claim them.
        assert not named & LATER_STRATA
        assert (sampling.size_min, sampling.size_max) == (50, 90)
        assert sampling.size_provenance is not None
        assert sampling.size_provenance.kind == "documented"
    else:
        assert named == LATER_STRATA
    codes = {e.code for e in sampling.exclusions}
    assert {"too_recent", "transferred_out", "terminated_early"} <= codes
    # April to September 2013's violent-offence focus is a sampling rule of that version only.
    assert ("not_violent" in codes) == (criteria_id == "iaow-2013-04")


def test_diff_shows_what_the_sampling_rules_changed() -> None:
    april, october = (aow_rules.load_criteria(c) for c in ("iaow-2013-04", "iaow-2013-10"))
    changes = {(c.part, c.change, c.id) for c in aow_rules.diff(april, october).changes}
    assert ("exclusions", "removed", "not_violent") in changes
    assert ("sampling", "changed", "sampling") in changes
    plain = aow_rules.parse_criteria(HEAD)
    with_rules = aow_rules.parse_criteria(HEAD + GOOD)
    added = [c.to_dict() for c in aow_rules.diff(plain, with_rules).changes]
    assert added == [{"part": "sampling", "change": "added", "id": "sampling"}]
    wider = aow_rules.parse_criteria(HEAD + GOOD.replace("max: 90", "max: 95"))
    (change,) = aow_rules.diff(with_rules, wider).changes
    assert change.fields["size"][0]["max"] == 90
    assert change.fields["size"][1]["max"] == 95
    code, out, _ = run_cli("diff", "iaow-2013-04", "iaow-2013-10")
    assert code == 0
    assert "  exclusions   removed  not_violent" in out
