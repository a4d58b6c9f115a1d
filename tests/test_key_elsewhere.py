"""A key the criteria format uses elsewhere, written where it does not belong, is named as
such: never "did you mean" itself."""

from __future__ import annotations

from pathlib import Path

import pytest

import aow_rules

ROOT = Path(__file__).resolve().parent.parent


def _problems(text: str) -> list[aow_rules.Problem]:
    with pytest.raises(aow_rules.CriteriaError) as caught:
        aow_rules.parse_criteria(text, source="moved.yaml")
    return [p for p in caught.value.problems if p.code == "unknown_key"]


def test_a_top_level_key_on_a_question_is_not_suggested_as_itself() -> None:
    text = (ROOT / "criteria" / "iaow-2013-10.yaml").read_text(encoding="utf-8")
    moved = text.replace(
        '  - id: "1.1-01"\n    criterion: "1.1"\n',
        '  - id: "1.1-01"\n    criterion: "1.1"\n    outcomes: []\n',
        1,
    )
    [problem] = _problems(moved)
    assert problem.message == "unknown key 'outcomes' in questions[0]"
    assert problem.suggestion == "'outcomes' is a key of another part of the file, not of this one"


def test_a_misspelt_key_still_gets_its_suggestion() -> None:
    text = (ROOT / "criteria" / "iaow-2013-10.yaml").read_text(encoding="utf-8")
    moved = text.replace(
        '  - id: "1.1-01"\n    criterion: "1.1"\n',
        '  - id: "1.1-01"\n    critrion: "1.1"\n    criterion: "1.1"\n',
        1,
    )
    [problem] = _problems(moved)
    assert problem.suggestion is not None
    assert "'criterion'" in problem.suggestion
