"""Whatever bytes arrive, loading gives a judgement or a CriteriaError / CaseError: never
another exception (which the CLI would turn into an internal error)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import CaseError, CriteriaError

from .support import FIXTURES, MINI

MINI_TEXT = MINI.read_text()
MINI_CRITERIA = aow_rules.load_criteria(MINI)
GOOD_CASE = json.loads((FIXTURES / "case-good.json").read_text())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the criteria files the examples write. Module-scoped: hypothesis refuses
    a function-scoped fixture, which would not be reset between examples."""
    return tmp_path_factory.mktemp("robustness")


def _load(path: Path, text: str) -> tuple[aow_rules.Problem, ...]:
    """The problems of ``text`` written to ``path`` and loaded by path, as a user loads it."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        aow_rules.load_criteria(path)
    except CriteriaError as exc:
        return exc.problems
    return ()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400))
def test_any_text_as_criteria(scratch: Path, text: str) -> None:
    path = scratch / "fuzz.yaml"
    problems = _load(path, text)
    assert all(p.source == str(path) and p.message for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.integers(0, len(MINI_TEXT) - 1),
    length=st.integers(1, 40),
    insert=st.text(max_size=12),
)
def test_mutated_criteria(scratch: Path, start: int, length: int, insert: str) -> None:
    text = MINI_TEXT[:start] + insert + MINI_TEXT[start + length :]
    path = scratch / "mutated.yaml"
    problems = _load(path, text)
    assert all(p.source == str(path) and p.message for p in problems)


def _patched(path: list[str], value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(GOOD_CASE))
    target = data
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    return data


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(
        [
            ["facts", "report"],
            ["facts", "victim"],
            ["facts", "months"],
            ["facts", "new"],
            ["answers", "1.1-01"],
            ["answers", "0-01"],
            ["answers", "x"],
            ["evidence", "2.1-01"],
            ["case_id"],
            ["criteria"],
            ["assessor"],
            ["facts"],
            ["answers"],
            ["format"],
            ["extra"],
        ]
    ),
    json_values,
)
def test_any_value_anywhere_in_a_case(path: list[str], value: Any) -> None:
    data = _patched(path, value)
    try:
        case = aow_rules.parse_case(data, MINI_CRITERIA)
    except CaseError as exc:
        problems = exc.problems
    else:
        problems = ()
        assert aow_rules.evaluate(MINI_CRITERIA, case).to_json()
    assert all(p.location for p in problems)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_as_a_case(value: Any) -> None:
    try:
        aow_rules.parse_case(value, MINI_CRITERIA)
    except CaseError as exc:
        problems = exc.problems
    else:
        problems = ()
    assert all(p.code and p.message for p in problems)
