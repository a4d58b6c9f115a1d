"""Run-time semantics: CEL's error absorption, types kept apart, the fast paths."""

from __future__ import annotations

import pytest

from aow_rules._cel import (  # private: the CEL subset's run-time semantics, on its own
    DYN,
    INT,
    STRING,
    CelError,
    ConditionError,
    compile_condition,
    compile_expression,
    list_of,
    map_of,
)

from ._decls import ANSWERS, DECLS, FACTS

# Facts and answers declared in DECLS but absent here: reading them is an error.
SPARSE_FACTS: dict[str, object] = {"rosh": "high", "months_supervised": 7, "is_youth": True}
SPARSE_ANSWERS: dict[str, str] = {"3.1-01": "yes"}


def run(
    source: str, facts: dict[str, object] | None = None, answers: dict[str, str] | None = None
) -> object:
    cond = compile_condition(source, DECLS)
    return cond.fn(
        SPARSE_FACTS if facts is None else facts, SPARSE_ANSWERS if answers is None else answers
    )


MISSING = 'case.court_report == "psr"'  # an error: the fact is absent


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f"false && {MISSING}", False),
        (f"{MISSING} && false", False),
        (f"true || {MISSING}", True),
        (f"{MISSING} || true", True),
        (f"true && {MISSING}", CelError),
        (f"{MISSING} && true", CelError),
        (f"false || {MISSING}", CelError),
        (f"{MISSING} || false", CelError),
        (f"{MISSING} && {MISSING}", CelError),
        (f"true && {MISSING} && false", False),
        (f"false || {MISSING} || true", True),
        (f"true && true && {MISSING}", CelError),
        (f"!({MISSING})", CelError),
        (f"{MISSING} ? true : false", CelError),
        (f"true ? true : {MISSING}", True),
        (f"({MISSING}) == true", CelError),
        (f"case.needs.exists(n, {MISSING})", CelError),
        (f'["a", "b"].exists(x, x == "b" || {MISSING})', True),
        (f'["a", "b"].exists(x, {MISSING} || x == "b")', True),
        (f'["a", "b"].exists(x, x == "c" && {MISSING})', False),
        (f'["a", "b"].exists(x, x == "a" && {MISSING})', CelError),
        (f'["a", "b"].all(x, x == "a" && {MISSING})', False),
        (f'["a", "b"].all(x, x != "c" || {MISSING})', True),
        (f'["a", "b"].all(x, x == "a" || {MISSING})', CelError),
        (f"[].all(x, {MISSING})", True),
        (f"[].exists(x, {MISSING})", False),
        ('answers["3.1-02"] == "yes"', CelError),
        ('"3.1-02" in answers && answers["3.1-02"] == "yes"', False),
        ('"3.1-01" in answers && answers["3.1-01"] == "yes"', True),
        ('"3.1-01" in answers && answers["3.1-01"] == "no"', False),
        ('!("3.1-02" in answers) || answers["3.1-02"] == "no"', True),
        ('!("3.1-01" in answers) || answers["3.1-01"] == "no"', False),
        ('has(case.court_report) && case.court_report == "psr"', False),
        ("has(case.rosh) && case.rosh in ['high', 'low']", True),
        ("!has(case.score) || case.score > 1", True),
        ("has(case.score) && case.score > 1 && case.rosh == 'high'", False),
        ("has(case.needs) || case.needs.size() > 0", CelError),
    ],
)
def test_error_absorption(source: str, expected: object) -> None:
    result = run(source)
    if expected is CelError:
        assert isinstance(result, CelError), result
    else:
        assert result is expected


def test_missing_key_messages() -> None:
    assert run('answers["3.1-02"] == "yes"') == CelError('no such key: answers["3.1-02"]')
    assert run(MISSING) == CelError("no such key: case.court_report")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("size(case.name) == 3", True),  # "Zoë": three code points, four UTF-8 bytes
        ("case.name.size() == 3", True),
        ('size("πέντε") == 5', True),
        ('size("\\U0001F431") == 1', True),
        ("size(case.needs) == 2", True),
        ("size([]) == 0", True),
        ("size([[1], [2, 3]]) == 2", True),
    ],
)
def test_size(source: str, expected: bool) -> None:
    assert run(source, FACTS, ANSWERS) is expected


@pytest.mark.parametrize(
    ("source", "facts", "expected"),
    [
        # Python's True == 1 must not leak into CEL.
        ("case.months_supervised == 1", {"months_supervised": True}, False),
        ("case.months_supervised != 1", {"months_supervised": True}, True),
        ("case.months_supervised in [1, 2]", {"months_supervised": True}, False),
        ("case.score == 1.0", {"score": True}, False),
        ("case.is_youth == true", {"is_youth": 1}, False),
        ("case.is_youth != true", {"is_youth": 1}, True),
        ("case.months_supervised >= 1", {"months_supervised": True}, CelError),
        ("case.months_supervised >= 1", {"months_supervised": "7"}, CelError),
        ('case.rosh < "m"', {"rosh": 3}, CelError),
        ('case.rosh in ["low"]', {"rosh": ["low"]}, False),
        ('"drugs" in case.needs', {"needs": "drugs"}, CelError),
        ('"drugs" in case.needs', {"needs": 5}, CelError),
        ("case.is_youth", {"is_youth": "yes"}, CelError),
        ("case.is_youth ? true : false", {"is_youth": 1}, CelError),
        ("!case.is_youth", {"is_youth": 0}, CelError),
        # Heterogeneous numeric comparison is by value.
        ("case.months_supervised == 7.0", {"months_supervised": 7}, True),
        ("case.months_supervised < 7.5", {"months_supervised": 7}, True),
        ("case.score == 2", {"score": 2.0}, True),
        ("case.score in [1, 2]", {"score": 2.0}, True),
        (
            "case.months_supervised == 9007199254740993",
            {"months_supervised": 9007199254740993},
            True,
        ),
        ("case.score == 9007199254740993", {"score": 9007199254740992.0}, False),
    ],
)
def test_types_are_kept_apart(source: str, facts: dict[str, object], expected: object) -> None:
    result = run(source, facts, {})
    if expected is CelError:
        assert isinstance(result, CelError), result
    else:
        assert result is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('case.court_report != "none"', True),
        ('case.rosh in ["medium", "high", "very_high"]', True),
        ('"3.1-01" in answers && answers["3.1-01"] == "yes"', True),
        ("case.months_supervised >= 6", True),
        ("6 <= case.months_supervised", True),
        ("case.months_supervised > 7", False),
        ("case.months_supervised < 8", True),
        ("case.months_supervised <= 6", False),
        ("case.score > 2.4", True),
        ('case.rosh > "a"', True),
        ('"z" > case.rosh', True),
        ('answers["4.1-02"] in ["met", "partly"]', True),
        ('answers["4.1-02"] != "met"', True),
        ('answers["4.1-02"] < "q"', True),
        ('"drugs" in case.needs', True),
        ('"accommodation" in case.needs', False),
        ('case.needs == ["drugs", "employment"]', True),
        ('case.needs != ["employment", "drugs"]', True),
        ("case.is_youth == false", True),
        ("case.is_youth != false", False),
        ("!case.is_youth", True),
        ("case.needs.exists(n, n == 'drugs') && case.needs.all(n, n != 'accommodation')", True),
        ("case.needs.exists(a, case.needs.exists(b, a != b))", True),
        ("case.needs.all(a, case.needs.all(b, a == b))", False),
        ("case.needs[0] == 'drugs' && case.needs[1] == 'employment'", True),
        ("[case.rosh, case.court_report][1] == 'psr'", True),
        ("case.is_youth ? case.rosh == 'low' : case.rosh == 'high'", True),
        ("(case.months_supervised > 6) == (case.score > 2)", True),
        ("(case.months_supervised > 6) != true", False),
        ("case.rosh in ['low'] || case.rosh in ['high']", True),
        ("true", True),
        ("false || false", False),
    ],
)
def test_fast_paths_agree_with_general_evaluation(source: str, expected: bool) -> None:
    assert run(source, FACTS, ANSWERS) is expected
    # The same expression over map variables goes through the generic closures.
    program = compile_expression(
        source, {"case": map_of(STRING, DYN), "answers": map_of(STRING, STRING)}
    )
    assert program.evaluate({"case": FACTS, "answers": ANSWERS}) is expected


def test_index_errors() -> None:
    assert isinstance(run("case.needs[5] == 'drugs'", FACTS, {}), CelError)
    assert isinstance(run("case.needs[-1] == 'drugs'", FACTS, {}), CelError)


def test_list_value_may_be_a_tuple() -> None:
    facts = {"needs": ("drugs",)}
    assert run('"drugs" in case.needs', facts, {}) is True
    assert run('case.needs == ["drugs"]', facts, {}) is True
    assert run('case.needs.exists(n, n == "drugs")', facts, {}) is True


def test_general_expressions() -> None:
    program = compile_expression("x.exists(i, i > limit)", {"x": list_of(INT), "limit": INT})
    assert program.type is not None
    assert str(program.type) == "bool"
    assert program.evaluate({"x": [1, 5], "limit": 3}) is True
    assert program.evaluate({"x": [1, 2], "limit": 3}) is False
    assert isinstance(program.evaluate({"x": [1, 2]}), CelError)
    assert compile_expression("[1, 2.5, 'a']").evaluate() == (1, 2.5, "a")
    unchecked = compile_expression("y.z || true", check=False)
    assert unchecked.type is None
    assert unchecked.evaluate({}) is True
    assert compile_expression("m['k'] == 1", {"m": map_of(STRING, INT)}).evaluate({"m": {"k": 1}})
    assert compile_expression("1 in m", {"m": map_of(INT, INT)}).evaluate({"m": {True: 1}}) is False
    assert compile_expression("[1.0] == [1]", check=False).evaluate() is True
    nan = float("nan")
    assert compile_expression("x == x", {"x": list_of(DYN)}).evaluate({"x": [nan]}) is False


def test_macros_can_be_disabled() -> None:
    # Without macro expansion .exists() is an ordinary method call, which the subset lacks.
    with pytest.raises(ConditionError) as info:
        compile_expression("[1].exists(x, true)", macros=False, check=False)
    assert info.value.code == "condition_outside_subset"
    assert "method .exists()" in info.value.message
