"""The official CEL conformance tests, for every test inside the subset.

Each test is classified: run (and must pass), skipped as outside the subset (it
needs a CEL feature the subset leaves out), or skipped as out of scope (it needs
protobuf messages or a container). tests/conftest.py prints per-file counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from aow_rules._cel import (  # private: the CEL subset on its own, against cel-spec
    CelError,
    CelType,
    ConditionError,
    compile_expression,
)

from ._conformance import (
    Case,
    OutOfScope,
    OutsideSubset,
    cel_same,
    convert_type,
    convert_value,
    load_cases,
    spec_dir,
)
from ._textproto import Message

_DIR = spec_dir()
_CASES = load_cases(_DIR) if _DIR.is_dir() else []
_PARAMS = [pytest.param(case, id=case.id) for case in _CASES] or [
    pytest.param(
        None,
        id="missing",
        marks=pytest.mark.skip(reason=f"CEL conformance data not found at {_DIR}"),
    )
]

_ERROR = object()  # marks an expected evaluation error


def _expected(test: Message) -> object:
    if test.has("value"):
        return convert_value(_msg(test.one("value")))
    if test.has("typed_result"):
        result = _msg(test.one("typed_result")).msg("result")
        return True if result is None else convert_value(result)
    if test.has("eval_error") or test.has("any_eval_errors"):
        return _ERROR
    if test.has("unknown") or test.has("any_unknowns"):
        raise OutOfScope("unknown-value evaluation results")
    return True


def _msg(value: object) -> Message:
    assert isinstance(value, Message)
    return value


def _variables(test: Message) -> dict[str, CelType]:
    variables: dict[str, CelType] = {}
    for item in test.all("type_env"):
        decl = _msg(item)
        ident = decl.msg("ident")
        if ident is None:
            raise OutOfScope("function declarations in the type environment")
        t = ident.msg("type")
        assert t is not None
        variables[decl.text("name")] = convert_type(t)
    return variables


def _bindings(test: Message) -> dict[str, object]:
    bindings: dict[str, object] = {}
    for item in test.all("bindings"):
        entry = _msg(item)
        expr_value = entry.msg("value")
        assert expr_value is not None
        value = expr_value.msg("value")
        if value is None:
            raise OutOfScope("bindings to errors or unknowns")
        bindings[entry.text("key")] = convert_value(value)
    return bindings


def _classify(record: Callable[[str, object], None], kind: str, reason: str) -> None:
    record("cel_spec_skip", kind)
    prefix = "outside the subset" if kind == "outside" else "out of scope"
    pytest.skip(f"{prefix}: {reason}")


@pytest.mark.parametrize("case", _PARAMS)
def test_conformance(case: Case | None, record_property: Any) -> None:
    assert case is not None
    record_property("cel_spec_file", case.file)
    test = case.test
    try:
        if test.text("container"):
            raise OutOfScope(f"name resolution in container {test.text('container')}")
        variables = _variables(test)
    except OutsideSubset as exc:
        _classify(record_property, "outside", str(exc))
    except OutOfScope as exc:
        _classify(record_property, "scope", str(exc))
    source = test.text("expr")
    check = test.one("disable_check") not in ("true", 1)
    macros = test.one("disable_macros") not in ("true", 1)
    try:
        program = compile_expression(source, variables, check=check, macros=macros)
    except ConditionError as exc:
        if exc.code == "condition_outside_subset":
            _classify(record_property, "outside", exc.message)
        program = None
        failure = exc
    try:
        bindings = _bindings(test)
        expected = _expected(test)
    except OutsideSubset as exc:
        _classify(record_property, "outside", str(exc))
    except OutOfScope as exc:
        _classify(record_property, "scope", str(exc))
    if program is None:
        # A syntax or type error found before evaluation satisfies an expected error;
        # hitting the depth limit never does (the spec requires 32 levels).
        assert expected is _ERROR, f"expected {expected!r}, got {failure!r}"
        assert failure.code != "condition_too_deep", failure
        record_property("cel_spec_static_error", failure.code)
        return
    result = program.evaluate(bindings)
    if expected is _ERROR:
        assert isinstance(result, CelError), f"expected an error, got {result!r}"
    else:
        assert not isinstance(result, CelError), f"expected {expected!r}, got {result!r}"
        assert cel_same(expected, result), f"expected {expected!r}, got {result!r}"
