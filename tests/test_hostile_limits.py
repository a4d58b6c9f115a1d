"""Cost attacks: each limit of docs/limits.md stops its input with its own code, after work
bounded by the limit rather than by the input (issue 13: eight nested macros took 77 s in
`check`, a million unknown answer keys over a minute, 200,000 questions 69 s).

The tests assert the code and that the run finished; the work is bounded by the limits, so
no test needs a clock. One generous sanity bound (`_BOUND`, far above the measured
tenths of a second) catches a limit that stops being applied early.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import aow_rules
from aow_rules import CaseError, Code

from .support import FIXTURES, MINI, run_cli

MINI_TEXT = MINI.read_text()
MINI_C = aow_rules.load_criteria(MINI)
GOOD_CASE = json.loads((FIXTURES / "case-good.json").read_text())
_BOUND = 20.0  # seconds: a sanity bound only; each run takes well under one


def _with_set_fact(condition: str, options: int = 8) -> str:
    names = ", ".join(f"o{i}" for i in range(options))
    text = MINI_TEXT.replace(
        "  - {id: months, title: Months supervised, type: int, min: 0, max: 600}\n",
        "  - {id: months, title: Months supervised, type: int, min: 0, max: 600}\n"
        f"  - {{id: needs, title: Needs, type: set, options: [{names}]}}\n",
    )
    return text.replace(
        '    applies_if: case.report != "none"\n', f"    applies_if: {json.dumps(condition)}\n", 1
    )


def _nested_exists(depth: int) -> str:
    inner = "x0 == 'o1' && x0 == 'o2'"  # never true: every loop runs to its end
    for i in reversed(range(depth)):
        inner = f"case.needs.exists(x{i}, {inner})"
    return inner


def _check(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "attack.yaml"
    path.write_text(text)
    started = time.monotonic()
    code, _, err = run_cli("check", str(path))
    assert time.monotonic() - started < _BOUND
    return code, err


def test_eight_nested_exists_macros(tmp_path: Path) -> None:
    code, err = _check(tmp_path, _with_set_fact(_nested_exists(8)))
    assert code == 3
    assert "condition_too_complex" in err
    assert "more than 3 macros are nested" in err


def test_macros_over_long_lists_are_bounded_by_their_steps(tmp_path: Path) -> None:
    # Three macros may nest, but not over lists whose lengths multiply past the limit.
    code, err = _check(tmp_path, _with_set_fact(_nested_exists(3), options=40))
    assert code == 3
    assert "steps" in err
    assert "condition_too_complex" in err
    # Within the limits, a nested macro is fine, and lint searches it.
    code, err = _check(tmp_path, _with_set_fact(_nested_exists(2)))
    assert code == 0, err


def test_a_condition_too_large(tmp_path: Path) -> None:
    # Its size is bounded as any text of a criteria file is...
    condition = " || ".join(f"case.months == {i % 600}" for i in range(2_000))
    code, err = _check(tmp_path, _with_set_fact(condition))
    assert code == 3
    assert "value_too_long" in err
    # ...and within it, its steps are: 200 terms, each over a list of 40 options.
    condition = " || ".join("case.needs.exists(x, x == 'o1')" for _ in range(200))
    code, err = _check(tmp_path, _with_set_fact(condition, options=40))
    assert code == 3
    assert "condition_too_complex" in err


def test_200000_questions(tmp_path: Path) -> None:
    head = MINI_TEXT[: MINI_TEXT.index("questions:")]
    questions = "".join(
        f'  - {{id: "q{i}", criterion: "1.1", text: x, scale: yes_no}}\n' for i in range(200_000)
    )
    code, err = _check(tmp_path, head + "questions:\n" + questions)
    assert code == 3
    assert "too_many_questions" in err
    assert "5,000" in err


def test_a_million_unknown_answer_keys(tmp_path: Path) -> None:
    data = {**GOOD_CASE, "answers": {f"x{i}": "yes" for i in range(1_000_000)}}
    started = time.monotonic()
    with pytest.raises(CaseError) as caught:
        aow_rules.parse_case(data, MINI_C)
    assert [p.code for p in caught.value.problems] == [Code.TOO_MANY_ANSWERS]
    assert caught.value.headline.location == "$.answers"
    # As a file it is over the bytes limit before it is decoded.
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data))
    code, _, err = run_cli("evaluate", str(path), "--criteria", str(MINI))
    assert code == 3
    assert "input_too_large" in err
    assert time.monotonic() - started < _BOUND


def test_did_you_mean_stops_after_a_few_dozen_unknown_keys() -> None:
    data = {**GOOD_CASE, "answers": {f"1.1-0{i}": "yes" for i in range(3, 3000)}}
    with pytest.raises(CaseError) as caught:
        aow_rules.parse_case(data, MINI_C)
    unknown = [p for p in caught.value.problems if p.code == Code.CASE_UNKNOWN_QUESTION]
    assert len(unknown) == 2997  # every unknown key is named...
    assert sum(p.suggestion is not None for p in unknown) <= 25  # ...few get a search
    data = {**GOOD_CASE, **{f"extra{i}": 1 for i in range(10_000)}}
    with pytest.raises(CaseError) as caught:
        aow_rules.parse_case(data, MINI_C)
    assert len(caught.value.problems) == 26
    assert "and 9,975 more unknown keys" in caught.value.problems[-1].message


def test_too_many_facts_and_evidence_entries() -> None:
    for key, code in (("facts", Code.TOO_MANY_FACTS), ("evidence", Code.TOO_MANY_ANSWERS)):
        data = {**GOOD_CASE, key: {f"k{i}": "x" for i in range(20_000)}}
        with pytest.raises(CaseError) as caught:
            aow_rules.parse_case(data, MINI_C)
        assert code in {p.code for p in caught.value.problems}


def test_long_lines_and_files(tmp_path: Path) -> None:
    line = json.dumps({**GOOD_CASE, "note": "n" * 5_000_000})
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(GOOD_CASE) + "\n" + line + "\n" + json.dumps(GOOD_CASE) + "\n")
    sample = aow_rules.read_sample(path, MINI_C)
    assert len(sample.cases) == 2
    (rejected,) = sample.rejected
    assert rejected.source == f"{path}:2"
    assert rejected.problems[0].code == Code.INPUT_TOO_LARGE
    big = tmp_path / "big.yaml"
    big.write_text(MINI_TEXT + "#" + "x" * (17 * 1024 * 1024) + "\n")
    code, _, err = run_cli("check", str(big))
    assert code == 3
    assert "input_too_large" in err


@pytest.mark.parametrize(
    ("scalar", "code"),
    [
        ("1" + "0" * 5000, "number_out_of_range"),
        ("1e999999999", "number_out_of_range"),
        ("12345678901234567890123", "number_out_of_range"),
    ],
)
def test_numbers_too_large_for_exact_arithmetic(tmp_path: Path, scalar: str, code: str) -> None:
    text = MINI_TEXT.replace('credit: "1/2"', f"credit: {scalar}")
    got, err = _check(tmp_path, text)
    assert got == 3
    assert code in err


def test_duplicate_rule_conditions_are_warned_about(tmp_path: Path) -> None:
    # Library path: two consistency rules on one condition passed without a word.
    rule = MINI_TEXT[MINI_TEXT.index("  - code: late_without_report") :]
    copy = rule.replace("late_without_report", "late_again")
    path = tmp_path / "dup.yaml"
    path.write_text(MINI_TEXT + copy)
    result = aow_rules.check(path)
    assert result.ok
    (warning,) = [w for w in result.warnings if w.code == "duplicate_rule_condition"]
    assert warning.id == "late_again"
    assert "same condition as late_without_report" in warning.message
