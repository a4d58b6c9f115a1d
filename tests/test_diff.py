"""`aow-rules diff`: structural differences between criteria versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aow_rules

from .support import MINI, run_cli, shipped_files

MINI_TEXT = MINI.read_text()


def _variant(tmp_path: Path, name: str, text: str) -> aow_rules.Criteria:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return aow_rules.load_criteria(path)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[aow_rules.Criteria, aow_rules.Criteria]:
    new = (
        MINI_TEXT.replace("id: mini-1\n", "id: mini-2\nreplaces: mini-1\n")
        .replace('version: "1"', 'version: "2"')
        # Renumbered: 2.1-02 becomes 2.1-05, which declares it continues 2.1-02.
        .replace('  - id: "2.1-02"\n', '  - id: "2.1-05"\n    previous: ["2.1-02"]\n')
        # Same id, new wording.
        .replace("text: Was it on time?", "text: Was it delivered on time?")
        # Applicability, weight and key flag.
        .replace("applies_if: case.victim\n", 'applies_if: case.victim && case.report != "none"\n')
        .replace("{outcome: O2, weight: 2}", "{outcome: O2, weight: 3}")
        .replace(
            "    text: Was the report based on sufficient information?\n",
            "    text: Was the report based on sufficient information?\n    key: true\n",
        )
        # A new fact, a changed scale credit, a new rule.
        .replace(
            "  - {id: months,", "  - {id: upw, title: Unpaid work, type: bool}\n  - {id: months,"
        )
        .replace('credit: "1/2"', 'credit: "2/3"')
        + "  - code: upw_without_report\n    severity: warning\n    when: case.upw\n"
        "    message: Unpaid work recorded.\n"
    )
    return aow_rules.load_criteria(MINI), _variant(tmp_path, "mini-2", new)


def _by(changes: list[dict[str, object]]) -> dict[tuple[object, object, object], object]:
    return {(c["part"], c["change"], c["id"]): c for c in changes}


@pytest.mark.parametrize("path", [MINI, *shipped_files()], ids=lambda p: p.name)
def test_a_version_against_itself_is_empty(path: Path) -> None:
    criteria = aow_rules.load_criteria(path)
    assert aow_rules.diff(criteria, criteria).changes == ()
    code, out, _ = run_cli("diff", str(path), str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["changes"] == []


def test_every_kind_of_change(pair: tuple[aow_rules.Criteria, aow_rules.Criteria]) -> None:
    old, new = pair
    changes = _by(aow_rules.diff(old, new).to_dict()["changes"])
    renamed = changes[("questions", "renamed", "2.1-05")]
    assert renamed["old_id"] == "2.1-02"
    worded = changes[("questions", "changed", "1.1-02")]
    assert worded["fields"]["text"] == ["Was it on time?", "Was it delivered on time?"]
    assert worded["notes"] == ["meaning may have changed: the same id has different wording"]
    q21 = changes[("questions", "changed", "2.1-01")]["fields"]
    assert q21["applies_if"] == ["case.victim", 'case.victim && case.report != "none"']
    assert q21["counts_towards"] == [{"O2": "2", "O1": "1"}, {"O2": "3", "O1": "1"}]
    assert changes[("questions", "changed", "1.1-01")]["fields"] == {"key": [False, True]}
    assert ("facts", "added", "upw") in changes
    assert changes[("scales", "changed", "graded")]["fields"]["options"][1]["sufficient"] == "2/3"
    assert ("consistency", "added", "upw_without_report") in changes
    assert ("questions", "removed", "2.1-02") not in changes
    assert ("questions", "added", "2.1-05") not in changes


def test_swapping_the_arguments_swaps_added_and_removed(
    pair: tuple[aow_rules.Criteria, aow_rules.Criteria],
) -> None:
    old, new = pair
    forward = aow_rules.diff(old, new).changes
    backward = aow_rules.diff(new, old).changes
    flip = {"added": "removed", "removed": "added", "changed": "changed", "renamed": "renamed"}
    expected = set()
    for c in forward:
        if c.part == "header":
            continue
        if c.change == "renamed":
            expected.add((c.part, "renamed", c.old_id, c.id))
        else:
            expected.add((c.part, flip[c.change], c.id, None))
    got = {(c.part, c.change, c.id, c.old_id) for c in backward if c.part != "header"}
    assert got == expected
    for c in forward:
        if c.change == "changed":
            back = next(b for b in backward if (b.part, b.id) == (c.part, c.id))
            assert {k: list(reversed(v)) for k, v in c.fields.items()} == back.fields


def test_text_output(pair: tuple[aow_rules.Criteria, aow_rules.Criteria]) -> None:
    old, new = pair
    text = aow_rules.diff(old, new).text()
    assert text.startswith("mini-1 (1) -> mini-2 (2):")
    assert "questions    renamed  2.1-02 -> 2.1-05" in text
    assert "note: meaning may have changed" in text


def test_disowned_id_and_merge(tmp_path: Path) -> None:
    new = (
        MINI_TEXT.replace("id: mini-1\n", "id: mini-3\nreplaces: mini-1\n")
        # 1.1-02 is a new question that only reuses the id.
        .replace('  - id: "1.1-02"\n', '  - id: "1.1-02"\n    previous: []\n')
        # 2.1-05 merges 2.1-02 and 0-01.
        .replace('  - id: "2.1-02"\n', '  - id: "2.1-05"\n    previous: ["2.1-02", "0-01"]\n')
        .replace('  - id: "0-01"\n', '  - id: "0-09"\n')
    )
    changes = _by(
        aow_rules.diff(aow_rules.load_criteria(MINI), _variant(tmp_path, "m3", new)).to_dict()[
            "changes"
        ]
    )
    assert ("questions", "removed", "1.1-02") in changes
    added = changes[("questions", "added", "1.1-02")]
    assert added["notes"] == ["the id 1.1-02 belonged to another question in mini-1"]
    merged = changes[("questions", "renamed", "2.1-05")]
    assert merged["old_id"] == "2.1-02"
    assert merged["notes"] == ["also continues 0-01"]
    assert ("questions", "removed", "0-01") not in changes
    assert ("questions", "added", "0-09") in changes
