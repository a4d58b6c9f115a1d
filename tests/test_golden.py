"""Every golden case beside every shipped criteria file gives the judgement it must."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import aow_rules

from .support import MINI, assert_recomputes, shipped_files

# One golden case's verdict, as `run_tests` gives it in `TestRun.results`.
GoldenResult = Any


def _golden_file(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".yaml") + ".cases.yaml")


def _results() -> list[tuple[str, GoldenResult]]:
    out = []
    for path in [*shipped_files(), MINI]:
        if not _golden_file(path).exists():
            continue
        run = aow_rules.run_tests(path)
        out.extend((f"{run.criteria.id}/{r.name}", r) for r in run.results)
    return out


RESULTS = _results()


def test_every_shipped_file_has_golden_cases() -> None:
    for path in shipped_files():
        assert len(aow_rules.run_tests(path).results) >= 12, path.name


@pytest.mark.parametrize(("name", "result"), RESULTS, ids=[n for n, _ in RESULTS])
def test_golden_case(name: str, result: GoldenResult) -> None:
    assert result.passed, "\n".join(result.differences)
    assert result.judgement is not None
    assert_recomputes(result.judgement.to_dict())


def test_a_wrong_expectation_is_reported(tmp_path: Path) -> None:
    # The first golden case of the fixture, expected to give what it does not.
    criteria = Path(shutil.copy(MINI, tmp_path / MINI.name))
    text = _golden_file(MINI).read_text(encoding="utf-8")
    first = text.index("    expect:\n")
    end = text.index("  - name:", first)
    wrong = (
        "    expect:\n"
        '      outcomes: {O1: "0/1"}\n'
        '      questions: {"1.1-01": unanswered}\n'
        '      findings: [{code: applicable_unanswered, question: "2.1-02"}]\n'
    )
    _golden_file(criteria).write_text(text[:first] + wrong + text[end:], encoding="utf-8")
    result = aow_rules.run_tests(criteria).results[0]
    assert result.judgement is not None
    diffs = result.differences
    assert any(d.startswith("outcome O1: expected 0/1, got") for d in diffs)
    assert any(d.startswith("question 1.1-01: expected unanswered, got") for d in diffs)
    assert "finding expected but not produced: applicable_unanswered on 2.1-02" in diffs
