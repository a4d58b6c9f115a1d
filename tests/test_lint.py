"""Lint in `aow-rules check`: each warning on a fixture written to trigger it, and no open
warning on the shipped files (what they accept, they explain)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aow_rules

from .support import MINI, run_cli, shipped_files

MINI_TEXT = MINI.read_text()


def _warnings(tmp_path: Path, text: str) -> dict[str, list[str]]:
    path = tmp_path / "linted.yaml"
    path.write_text(text)
    result = aow_rules.check(path)
    assert result.ok, result.problems
    found: dict[str, list[str]] = {}
    for w in result.to_dict()["warnings"]:  # the warnings the file does not explain
        assert w["explained"] is None
        found.setdefault(w["code"], []).append(w["id"])
    return found


def test_the_fixture_itself(tmp_path: Path) -> None:
    assert _warnings(tmp_path, MINI_TEXT) == {
        "outcome_may_not_apply": ["O1"],
        "fact_never_read": ["months"],
    }


@pytest.mark.parametrize(
    ("old", "new", "code", "ident"),
    [
        (
            "applies_if: case.victim\n",
            'applies_if: \'case.report == "none" && case.report == "full"\'\n',
            "never_applies",
            "2.1-01",
        ),
        (
            "applies_if: case.victim\n",
            "applies_if: case.victim || !case.victim\n",
            "condition_always_true",
            "2.1-01",
        ),
        (
            "applies_if: case.victim\n",
            "applies_if:\n      all: [case.victim, "
            '\'case.report == "none" && case.report == "fast"\']\n',
            "condition_never_true",
            "2.1-01",
        ),
        (
            "applies_if: case.victim\n",
            'applies_if:\n      any: [case.victim, \'case.report in ["none", "full", "fast"]\']\n',
            "condition_always_true",
            "2.1-01",
        ),
        (
            'when: \'"1.1-02" in answers && answers["1.1-02"] == "yes" && case.report == "none"\'',
            "when: case.victim && !case.victim",
            "rule_never_fires",
            "late_without_report",
        ),
        (
            'when: \'"1.1-02" in answers && answers["1.1-02"] == "yes" && case.report == "none"\'',
            "when: case.victim || !case.victim",
            "rule_always_fires",
            "late_without_report",
        ),
    ],
)
def test_each_warning(tmp_path: Path, old: str, new: str, code: str, ident: str) -> None:
    assert old in MINI_TEXT
    found = _warnings(tmp_path, MINI_TEXT.replace(old, new, 1))
    assert ident in found.get(code, []), found


def test_an_explained_warning_and_an_unused_explanation(tmp_path: Path) -> None:
    text = MINI_TEXT + (
        "lint:\n"
        "  - {code: fact_never_read, id: months, reason: Kept for reports.}\n"
        "  - {code: never_applies, id: 1.1-01x, reason: Nothing.}\n"
    )
    found = _warnings(tmp_path, text)
    assert "fact_never_read" not in found
    assert found["lint_allowance_unused"] == ["1.1-01x"]
    path = tmp_path / "linted.yaml"
    code, out, _ = run_cli("check", str(path))
    assert code == 0
    assert "explained: " in out
    assert "fact_never_read months: Kept for reports." in out
    code, out, _ = run_cli("check", str(path), "--format", "json")
    data = json.loads(out)
    assert [w["code"] for w in data["explained"]] == ["fact_never_read"]
    assert {w["code"] for w in data["warnings"]} == {
        "outcome_may_not_apply",
        "lint_allowance_unused",
    }


def test_warnings_carry_locations(tmp_path: Path) -> None:
    path = tmp_path / "linted.yaml"
    path.write_text(MINI_TEXT)
    code, out, _ = run_cli("check", str(path))
    assert code == 0
    assert f"warning: {path}:11:5: outcome_may_not_apply:" in out
    assert f"warning: {path}:21:5: fact_never_read:" in out


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_shipped_files_have_no_open_warnings(path: Path) -> None:
    result = aow_rules.check(path)
    assert result.ok, result.problems
    assert result.to_dict()["warnings"] == []
