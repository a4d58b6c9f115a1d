"""Every golden case beside every shipped criteria file gives the judgement it must."""

from __future__ import annotations

import pytest

import aow_rules
from aow_rules._versions._golden import (
    Expect,
    GoldenResult,
    check_expectations,
    golden_path,
    load_golden,
    run_golden,
)

from .support import MINI, assert_recomputes, shipped_files


def _results() -> list[tuple[str, GoldenResult]]:
    out = []
    for path in [*shipped_files(), MINI]:
        gpath = golden_path(path)
        if not gpath.exists():
            continue
        criteria = aow_rules.load_criteria(path)
        out.extend((f"{criteria.id}/{r.name}", r) for r in run_golden(criteria, load_golden(gpath)))
    return out


RESULTS = _results()


def test_every_shipped_file_has_golden_cases() -> None:
    for path in shipped_files():
        golden = load_golden(golden_path(path))
        assert len(golden.cases) >= 12, path.name


@pytest.mark.parametrize(("name", "result"), RESULTS, ids=[n for n, _ in RESULTS])
def test_golden_case(name: str, result: GoldenResult) -> None:
    assert result.passed, "\n".join(result.differences)
    assert result.judgement is not None
    assert_recomputes(result.judgement.to_dict())


def test_a_wrong_expectation_is_reported() -> None:
    criteria = aow_rules.load_criteria(MINI)
    golden = load_golden(golden_path(MINI))
    judgement = run_golden(criteria, golden)[0].judgement
    assert judgement is not None
    wrong = Expect.model_validate(
        {
            "outcomes": {"O1": "0/1"},
            "questions": {"1.1-01": "unanswered"},
            "findings": [{"code": "applicable_unanswered", "question": "2.1-02"}],
        }
    )
    diffs = check_expectations(judgement, wrong)
    assert any(d.startswith("outcome O1: expected 0/1, got") for d in diffs)
    assert any(d.startswith("question 1.1-01: expected unanswered, got") for d in diffs)
    assert "finding expected but not produced: applicable_unanswered on 2.1-02" in diffs
