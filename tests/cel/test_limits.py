"""Nesting limits and hostile input sizes: errors, never RecursionError or a hang."""

from __future__ import annotations

import time

import pytest

from aow_rules._cel import (  # private: the CEL subset's limits, on its own
    MAX_DEPTH,
    ConditionError,
    compile_condition,
    compile_expression,
)

from ._decls import DECLS, FACTS


def _code(source: str) -> str | None:
    try:
        compile_condition(source, DECLS)
    except ConditionError as err:
        return err.code
    return None


def _parens(depth: int) -> str:
    return "(" * depth + "case.is_youth" + ")" * depth


def _nots(depth: int) -> str:
    return "!" * depth + "case.is_youth"


def _nested_and(depth: int) -> str:
    # case.is_youth && (case.is_youth && (... ))
    return "case.is_youth && (" * depth + "true" + ")" * depth


@pytest.mark.parametrize("make", [_parens, _nots])
def test_depth_limit_is_exact(make: object) -> None:
    assert callable(make)
    # The select case.is_youth is itself one level deep.
    assert _code(make(MAX_DEPTH - 1)) is None
    assert _code(make(MAX_DEPTH)) == "condition_too_deep"


@pytest.mark.parametrize("depth", [600, 100_000])
@pytest.mark.parametrize("make", [_parens, _nots, _nested_and])
def test_deep_nesting_is_rejected(make: object, depth: int) -> None:
    assert callable(make)
    assert _code(make(depth)) == "condition_too_deep"


def test_nested_and_within_the_limit_compiles() -> None:
    cond = compile_condition(_nested_and(20), DECLS)
    assert cond.fn({"is_youth": True}, {}) is True
    assert cond.fn({"is_youth": False}, {}) is False


@pytest.mark.parametrize(
    "source",
    [
        "[" * 100_000 + "]" * 100_000,
        "case.needs" + "[0]" * 100_000 + ' == "drugs"',
        "case.name" + ".x" * 100_000 + ' == "a"',
        "-" * 100_000 + "1 > 0",
        "1 == " * 100_000 + "1",
        "true ? false : " * 100_000 + "true",
        "size(" * 100_000 + "case.needs" + ")" * 100_000 + " > 0",
        "case.needs.exists(x, " * 100_000 + "true" + ")" * 100_000,
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
        "[" * 100_000,
    ],
)
def test_other_deep_shapes_never_recurse(source: str) -> None:
    assert _code(source) == "condition_too_deep"


def test_long_flat_chains_are_not_deep() -> None:
    # && and || chains are flat lists, so a long chain is not nesting.
    source = " || ".join(f'case.rosh == "{v}"' for v in ["low", "medium", "high"] * 200)
    cond = compile_condition(source, DECLS)
    assert cond.fn(FACTS, {}) is True
    source = " && ".join(["case.months_supervised > 1"] * 1000)
    assert compile_condition(source, DECLS).fn(FACTS, {}) is True


def test_conformance_minimums_fit_in_the_limit() -> None:
    # The CEL spec asks for 32 levels of nesting and 32 repetitions of each rule.
    program = compile_expression("(" * 32 + "7" + ")" * 32)
    assert program.evaluate() == 7
    assert compile_expression("!" * 32 + "true").evaluate() is True
    nested = compile_expression("[" * 32 + "1" + "]" * 32).evaluate()
    for _ in range(32):
        assert isinstance(nested, list | tuple)
        (nested,) = nested
    assert nested == 1
    assert compile_expression("[" * 12 + "1" + "]" * 12 + "[0]" * 12).evaluate() == 1


def _timed(fn: object) -> float:
    assert callable(fn)
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_ten_megabyte_string_literal_is_linear() -> None:
    big = "x" * 10_000_000
    elapsed = _timed(lambda: compile_condition(f'case.name == "{big}"', DECLS))
    cond = compile_condition(f'case.name == "{big}"', DECLS)
    assert cond.fn({"name": big}, {}) is True
    assert cond.fn(FACTS, {}) is False
    assert elapsed < 2.0
    escaped = "\\n" * 500_000  # 1 MB of escapes
    program = compile_expression(f"'''{escaped}'''")
    assert program.evaluate() == "\n" * 500_000


def test_huge_inputs_fail_fast_with_short_messages() -> None:
    big = "y" * 10_000_000
    cases = [
        f'case.rosh == "{big}"',  # unknown option
        f'answers["{big}"] == "yes"',  # unknown question
        f"case.{big} == 1",  # unknown fact
        f"{big} == 1",  # unknown name
        "1" * 10_000_000 + " > case.months_supervised",  # integer out of range
        '"' + big,  # unterminated string
    ]
    for source in cases:
        start = time.perf_counter()
        with pytest.raises(ConditionError) as info:
            compile_condition(source, DECLS)
        assert time.perf_counter() - start < 2.0
        assert len(info.value.message) < 200


def test_long_list_literal_is_linear() -> None:
    values = ", ".join(f'"v{i}"' for i in range(50_000))
    cond = compile_condition(f"case.name in [{values}]", DECLS)
    assert cond.fn({"name": "v49999"}, {}) is True
