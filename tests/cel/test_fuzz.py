"""Arbitrary text never crashes the compiler: it compiles or raises ConditionError."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from aow_rules._cel import (  # private: the CEL subset's compiler on arbitrary text
    CelError,
    CompiledCondition,
    ConditionError,
    compile_condition,
    compile_expression,
)

from ._decls import ANSWERS, DECLS, FACTS

_PIECES = [
    "case",
    "answers",
    ".",
    "rosh",
    "needs",
    "months_supervised",
    "is_youth",
    "score",
    "name",
    '"3.1-01"',
    '"high"',
    "'low'",
    "r'x'",
    "b'x'",
    '"""t"""',
    "1",
    "-2",
    "2.5",
    "1u",
    "0x1F",
    "true",
    "false",
    "null",
    "in",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "&&",
    "||",
    "!",
    "?",
    ":",
    "+",
    "-",
    "*",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "has",
    "size",
    "exists",
    "all",
    "map",
    "x",
    " ",
    "`a-b`",
    "\\",
    "'",
    '"',
    "//c\n",
    "=",
    "&",
    "@",
]


def _compile(source: str) -> CompiledCondition | ConditionError:
    try:
        return compile_condition(source, DECLS)
    except ConditionError as err:
        return err


def _check(source: str) -> None:
    outcome = _compile(source)
    if isinstance(outcome, ConditionError):
        assert 0 <= outcome.offset <= len(source)
        assert outcome.message
        assert "\n" not in outcome.message
    else:
        result = outcome.fn(FACTS, ANSWERS)
        assert result is True or result is False or isinstance(result, CelError)
        assert isinstance(outcome.fn({}, {}), bool | CelError)
    with contextlib.suppress(ConditionError):
        compile_expression(source, check=False).evaluate({"case": FACTS, "answers": ANSWERS})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_token_soup(source: str) -> None:
    _check(source)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text(source: str) -> None:
    _check(source)
