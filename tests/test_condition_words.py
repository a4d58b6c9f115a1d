"""Conditions in words, as the assessment form's "why hidden" notes give them: every
``applies_if`` leaf of every shipped criteria file is phrased (never left as CEL), naming facts
and options by their titles."""

from __future__ import annotations

from typing import Any

import pytest

import aow_rules
from aow_rules._html import (  # private: the form's wording of conditions has no public API
    condition_words,
    read_words,
)


def _leaves(node: Any) -> list[str]:
    if node is None:
        return []
    if node.leaf is not None:
        return [str(node.text)]
    return [text for child in node.children for text in _leaves(child)]


@pytest.mark.parametrize("criteria_id", sorted(aow_rules.shipped_criteria()))
def test_every_shipped_condition_is_put_in_words(criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    leaves = {t for q in criteria.questions for t in _leaves(q.applies_if)}
    assert leaves
    for text in leaves:
        words = condition_words(text, criteria)
        assert words != text, text
        assert "case." not in words, (text, words)
        assert "answers[" not in words, (text, words)


@pytest.mark.parametrize("criteria_id", sorted(aow_rules.shipped_criteria()))
def test_every_derived_fact_is_put_in_words(criteria_id: str) -> None:
    # A "why hidden" note names a derived fact by its title; one derived by a condition
    # (iaow-2013-04's violent_offence) has that condition phrased too.
    criteria = aow_rules.load_criteria(criteria_id)
    for f in criteria.facts.values():
        if f.derived is None:
            continue
        said = read_words({f"case.{f.id}": 7 if f.type == "int" else True}, criteria)
        assert said.startswith(f"\u201c{f.title}\u201d"), said
        if f.derived.condition is not None:
            words = condition_words(f.derived.text, criteria)
            assert words != f.derived.text, words
            assert "case." not in words, words


def test_words_name_facts_and_options_by_their_titles() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    q = "\u201c{}\u201d".format
    said = {
        'case.court_report != "none"': f"{q('Court report prepared for the current sentence')}"
        f" is not {q('No court report')}",
        "case.months_supervised >= 6": f"{q('Months under supervision at the time of inspection')}"
        " is at least 6",
        '"3.1-01" in answers && answers["3.1-01"] == "yes"': f"the answer to 3.1-01 is {q('Yes')}",
        "!case.domestic_abuse": f"{q('Is domestic abuse relevant to the case?')} is no",
        'case.rosh_level_warranted in ["medium", "high", "very_high"]': q(
            "RoSH level the case warranted, in the inspector's judgement"
        )
        + f" is one of {q('Medium')}, {q('High')} or {q('Very high')}",
        "size(case.requirements) > 0": q(
            "Requirements of the order, or additional licence conditions"
        )
        + " lists at least one",
    }
    for text, words in said.items():
        assert condition_words(text, criteria) == words
    assert condition_words("case.months_supervised * 2 > 6", criteria) == (
        "case.months_supervised * 2 > 6"  # no phrasing: shown as written
    )
    read = {"case.court_report": "none", 'answers["3.1-01"]': None, "case.requirements": []}
    assert read_words(read, criteria) == (
        "\u201cCourt report prepared for the current sentence\u201d is "
        "\u201cNo court report\u201d; 3.1-01 is unanswered; \u201cRequirements of the order, "
        "or additional licence conditions\u201d lists none"
    )
