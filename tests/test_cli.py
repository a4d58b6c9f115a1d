"""The command line, called in-process as a user would call it."""

from __future__ import annotations

import json

import pytest

from .support import EXAMPLES, FIXTURES, MINI, run_cli


def test_evaluate_json_and_text() -> None:
    case = str(FIXTURES / "case-good.json")
    code, out, err = run_cli("evaluate", case, "--criteria", str(MINI))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["format"] == "aow-judgement/2"
    assert data["outcomes"]["O1"]["fraction"] == "3/4"
    code, out, err = run_cli("evaluate", case, "--criteria", str(MINI), "--format", "text")
    assert code == 0
    assert "O1    First outcome" in out
    assert "1.5/2 = 75.0%" in out


def test_evaluate_reads_stdin() -> None:
    text = (FIXTURES / "case-good.json").read_text()
    code, out, _ = run_cli("evaluate", "-", "--criteria", str(MINI), stdin=text)
    assert code == 0
    assert json.loads(out)["case_id"] == "T-1"


def test_evaluate_uses_the_case_criteria_by_default() -> None:
    example = sorted(EXAMPLES.glob("*.json"))[0]
    code, out, err = run_cli("evaluate", str(example))
    assert (code, err) == (0, "")
    assert json.loads(out)["criteria"]["id"] == "iaow-2013-10"


def test_check_shipped_by_id() -> None:
    code, out, err = run_cli("check", "iaow-2013-10")
    assert (code, err) == (0, "")
    assert out.startswith("ok: iaow-2013-10 version 2013.10.2 (released)")


def test_unknown_criteria_id_suggests() -> None:
    code, out, err = run_cli("check", "iaow-2013-1O")
    assert code == 3
    assert out == ""
    assert "file_not_found" in err
    assert "did you mean 'iaow-2013-10'?" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["evaluate"],
        ["frobnicate"],
        ["evaluate", "x.json", "--format", "xml"],
        ["schema", "nothing"],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, out, err = run_cli(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("aow-rules: usage error:")
    assert err.count("\n") == 1


def test_missing_case_file() -> None:
    code, _, err = run_cli("evaluate", "no-such.json", "--criteria", str(MINI))
    assert code == 3
    assert "no-such.json: file_not_found" in err


def test_help_and_version() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.startswith("aow-rules ")
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "evaluate" in out
    assert "Exit codes" in out


def test_list_shipped() -> None:
    code, out, _ = run_cli("list")
    assert code == 0
    assert "iaow-2013-10" in out
