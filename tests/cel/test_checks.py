"""Static checks: every ConditionError code, with its offset and suggestion."""

from __future__ import annotations

import pytest

from aow_rules._cel import ConditionError, compile_condition  # private: the CEL subset alone

from ._decls import DECLS


def _error(source: str) -> ConditionError:
    with pytest.raises(ConditionError) as info:
        compile_condition(source, DECLS)
    return info.value


@pytest.mark.parametrize(
    ("source", "offset", "suggestion"),
    [
        ('case.court_reprot != "none"', 0, "did you mean case.court_report?"),
        ('x == 1 || case.rossh == "low"', 0, None),
        ('true && case.rossh == "low"', 8, "did you mean case.rosh?"),
        ('answers["3.1-O1"] == "yes"', 8, 'did you mean "3.1-01"?'),
        ('"3.1-O1" in answers', 0, 'did you mean "3.1-01"?'),
        ("has(case.monthssupervised)", 0, "did you mean case.months_supervised?"),
        ('cas.rosh == "low"', 0, "did you mean case?"),
        ('answer["3.1-01"] == "yes"', 0, "did you mean answers?"),
        ('case.needs.exists(need, ned == "drugs")', 24, "did you mean need?"),
    ],
)
def test_unknown_names(source: str, offset: int, suggestion: str | None) -> None:
    err = _error(source)
    assert err.code == "condition_unknown_name"
    assert err.offset == offset
    assert err.suggestion == suggestion
    assert "\n" not in err.message


def test_unknown_fact_message() -> None:
    err = _error('case.court_reprot != "none"')
    assert err.message == "case.court_reprot is not a declared fact"


@pytest.mark.parametrize(
    ("source", "offset", "suggestion"),
    [
        ('case.rosh == "hihg"', 13, 'did you mean "high"?'),
        ('"hihg" != case.rosh', 0, 'did you mean "high"?'),
        ('case.rosh in ["low", "meduim"]', 21, 'did you mean "medium"?'),
        ('"drgus" in case.needs', 0, 'did you mean "drugs"?'),
        ('case.needs.exists(n, n == "drgus")', 26, 'did you mean "drugs"?'),
        ('case.needs == ["drugs", "employmnt"]', 24, 'did you mean "employment"?'),
        ('answers["3.1-01"] == "yse"', 21, 'did you mean "yes"?'),
        ('answers["3.1-01"] in ["yes", "maybe"]', 29, None),
    ],
)
def test_unknown_options(source: str, offset: int, suggestion: str | None) -> None:
    err = _error(source)
    assert err.code == "condition_unknown_option"
    assert err.offset == offset
    assert err.suggestion == suggestion


def test_unknown_option_message_lists_options() -> None:
    err = _error('case.rosh == "hihg"')
    assert err.message == (
        '"hihg" is not an option of case.rosh (options: low, medium, high, very_high)'
    )


def test_strings_without_options_take_any_literal() -> None:
    compile_condition('case.name == "anything at all"', DECLS)


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ('case.months_supervised >= "6"', 0, "cannot compare case.months_supervised (int)"),
        ("case.is_youth == 1", 0, "cannot compare case.is_youth (bool) with int"),
        ("true == 1", 0, "cannot compare bool with int"),
        ("case.rosh < 3", 0, "cannot compare"),
        ("case.rosh", 0, "must be true or false, but case.rosh is a value of type string"),
        ("size(case.needs)", 0, "must be true or false"),
        ("case", 0, "case cannot be used on its own"),
        ("size(case) > 1", 5, "case cannot be used on its own"),
        ('answers == "x"', 0, "answers cannot be used on its own"),
        ('answers[case.rosh] == "yes"', 8, "quoted literal"),
        ("case.rosh in answers", 0, "quoted literal"),
        ('answers.x == "yes"', 0, 'answers["<question id>"]'),
        ('case["rosh"] == "low"', 0, "case.<name>"),
        ("has(answers.x)", 0, "in answers"),
        ("!case.months_supervised", 1, "must be true or false"),
        ("case.is_youth && case.score", 17, "must be true or false"),
        ('case.is_youth ? 1 : "a" ', 0, "different types"),
        ("size(case.score) > 0", 0, "size() needs a string, list or map"),
        ("case.score.x > 0", 0, "has no fields"),
        ("case.months_supervised[0] == 1", 0, "cannot be indexed"),
        ('case.needs["x"] == "drugs"', 11, "list index must be an int"),
        ('case.rosh.exists(x, x == "a")', 0, "needs a list or map"),
        ("case.needs.exists(x, x)", 21, "must be true or false"),
        ("1 in case.needs", 0, "can never be in"),
        ('"a" in case.rosh', 7, "needs a list or map"),
    ],
)
def test_type_errors(source: str, offset: int, fragment: str) -> None:
    err = _error(source)
    assert err.code == "condition_type", err
    assert err.offset == offset
    assert fragment in err.message


def test_numeric_comparisons_mix_int_and_double() -> None:
    compile_condition("case.months_supervised > 2.5 && case.score == 2", DECLS)
    compile_condition("case.months_supervised in [1, 2.5]", DECLS)


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ("case.months_supervised + 1 > 6", 23, "arithmetic operator '+'"),
        ("-case.months_supervised < 0", 0, "arithmetic negation"),
        ("case.months_supervised > 1u", 25, "unsigned integer literals"),
        ("case.name == b'x'", 13, "bytes literals"),
        ("case.name == null", 13, "null"),
        ('{"a": 1}.a == 1', 0, "map literals"),
        ("Msg{a: 1}.a == 1", 0, "message construction"),
        ('case.rosh.startsWith("h")', 10, "string function .startsWith()"),
        ("int(case.score) > 1", 0, "type conversion int()"),
        ("dyn(case.score) > 1", 0, "type conversion dyn()"),
        ('matches(case.rosh, "h")', 0, "function matches()"),
        ('case.needs.exists_one(n, n == "drugs")', 11, "exists_one() macro"),
        ('case.needs.filter(n, n == "drugs") == []', 11, "filter() macro"),
        ("case.needs.map(n, true) == []", 11, "map() macro"),
        (".case.rosh == 'low'", 0, "leading-dot names"),
        ("size(case.needs, 1) > 0", 0, "size() is supported only"),
        ("case.needs.count() > 0", 11, "method .count()"),
    ],
)
def test_outside_subset(source: str, offset: int, fragment: str) -> None:
    err = _error(source)
    assert err.code == "condition_outside_subset"
    assert err.offset == offset
    assert fragment in err.message


@pytest.mark.parametrize(
    ("source", "offset", "suggestion"),
    [
        ('case.rosh = "low"', 10, "did you mean ==?"),
        ("case.is_youth & true", 14, "did you mean &&?"),
        ('case.rosh == "low', 13, None),
        ("case.rosh ==", 12, None),
        ("(case.is_youth", 14, None),
        ("case.is_youth)", 13, None),
        ("case.", 5, None),
        ("case.if == 1", 5, None),  # 'if' may be a field name, but not a fact here
        ("if == 1", 0, None),
        ("case.is_youth true", 14, None),
        ('"bad \\q escape" == case.name', 5, None),
        ('"\\ud800" == case.name', 1, None),
        ("9223372036854775808 > case.months_supervised", 0, None),
        ("18446744073709551616u > 1u", 0, None),
        ("case.needs.exists(1, true)", 18, None),
        ("has(case)", 4, None),
        ('"line\nbreak" == case.name', 5, None),
        ("#", 0, None),
    ],
)
def test_syntax_errors(source: str, offset: int, suggestion: str | None) -> None:
    err = _error(source)
    if source == "case.if == 1":
        assert err.code == "condition_unknown_name"
        return
    assert err.code == "condition_syntax", err
    assert err.offset == offset
    assert err.suggestion == suggestion


def test_reads_are_listed_in_order_of_first_appearance() -> None:
    cond = compile_condition(
        'answers["4.1-02"] == "met" || (case.rosh == "low" && "3.1-01" in answers)'
        ' || has(case.needs) && case.rosh != "high" && case.needs.exists(n, n == "drugs")'
        ' && answers["4.1-02"] != "partly"',
        DECLS,
    )
    assert cond.facts == ("rosh", "needs")
    assert cond.questions == ("4.1-02", "3.1-01")


def test_macro_variable_may_shadow_case() -> None:
    cond = compile_condition('case.needs.exists(case, case == "drugs")', DECLS)
    assert cond.fn({"needs": ["drugs"]}, {}) is True
    assert cond.facts == ("needs",)


def test_error_str_is_one_line() -> None:
    err = _error('case.court_reprot != "none"')
    assert str(err) == (
        "case.court_reprot is not a declared fact (at offset 0); did you mean case.court_report?"
    )
    assert "condition_unknown_name" in repr(err)
