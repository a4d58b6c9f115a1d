"""Differential test against an independent CEL implementation.

``common-expression-language`` (import name ``cel``, a test-only dependency) is
a separate implementation; on generated in-subset conditions over generated
declarations and values, including absent facts and answers, both must give the
same bool or both must fail. ``cel`` reports errors by raising; we compare
error-versus-value, not messages. Strings stay ASCII because ``cel``'s size()
counts UTF-8 bytes rather than code points.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aow_rules._cel import (  # private: the CEL subset against another implementation
    DYN,
    STRING,
    CelError,
    Declarations,
    VarDecl,
    compile_condition,
    compile_expression,
    map_of,
)

cel = pytest.importorskip("cel")

_FACT_NAMES = ("a", "b", "c", "d", "e")
_OPTIONS = ("x", "y", "z", "w")
_QUESTIONS = ("1.1-01", "1.1-02", "2.3-10")
_ANSWER_OPTIONS = ("yes", "no", "na")
_KINDS = ("bool", "int", "double", "string", "list")
_NUMBERS = ("-2", "0", "1", "3", "2.5", "-1.5", "0.0")
_ORDER_OPS = ("==", "!=", "<", "<=", ">", ">=")


@st.composite
def declarations(draw: Any) -> Declarations:
    kinds = draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=len(_FACT_NAMES)))
    facts = {}
    for name, kind in zip(_FACT_NAMES, kinds, strict=False):
        options = None
        if kind in ("string", "list"):
            options = tuple(draw(st.lists(st.sampled_from(_OPTIONS), min_size=1, unique=True)))
        facts[name] = VarDecl(kind, options)
    questions = draw(st.lists(st.sampled_from(_QUESTIONS), min_size=1, unique=True))
    answers = {
        q: tuple(draw(st.lists(st.sampled_from(_ANSWER_OPTIONS), min_size=1, unique=True)))
        for q in questions
    }
    return Declarations(facts, answers)


def _value(decl: VarDecl) -> st.SearchStrategy[object]:
    if decl.kind == "bool":
        return st.booleans()
    if decl.kind == "int":
        return st.integers(-3, 4)
    if decl.kind == "double":
        return st.sampled_from([-1.5, 0.0, 1.0, 2.5, 3.0])
    assert decl.options is not None
    if decl.kind == "string":
        return st.sampled_from(decl.options)
    return st.lists(st.sampled_from(decl.options), max_size=3)


@st.composite
def bindings(draw: Any, decls: Declarations) -> tuple[dict[str, object], dict[str, str]]:
    facts = {
        name: draw(_value(decl))
        for name, decl in decls.facts.items()
        if draw(st.integers(0, 4))  # absent one time in five
    }
    answers = {
        qid: draw(st.sampled_from(options))
        for qid, options in decls.answers.items()
        if draw(st.integers(0, 3))
    }
    return facts, answers


def _quoted(values: list[str]) -> str:
    return ", ".join(f'"{v}"' for v in values)


class _Generator:
    """Draws a random bool-typed condition that type-checks against ``decls``.

    Written as plain recursive draws: strategies built per example would make
    Hypothesis compute enormous reprs.
    """

    def __init__(self, draw: Any, decls: Declarations) -> None:
        self.draw = draw
        self.decls = decls
        self.lists = [n for n, d in decls.facts.items() if d.kind == "list"]

    def pick(self, values: Any) -> Any:
        return self.draw(st.sampled_from(list(values)))

    def some(self, values: Any, low: int, high: int) -> list[Any]:
        return self.draw(st.lists(st.sampled_from(list(values)), min_size=low, max_size=high))

    def condition(self, budget: int) -> str:
        if budget <= 1 or self.draw(st.integers(0, 2)) == 0:
            return self.leaf()
        half = budget // 2
        choice = self.draw(st.integers(0, 7 if self.lists else 6))
        if choice == 0:
            return f"!({self.condition(budget - 1)})"
        if choice in (1, 2):
            op = " && " if choice == 1 else " || "
            count = self.draw(st.integers(2, 4))
            return op.join(f"({self.condition(budget // count)})" for _ in range(count))
        if choice == 3:
            parts = [self.condition(budget // 3) for _ in range(3)]
            return f"({parts[0]}) ? ({parts[1]}) : ({parts[2]})"
        if choice == 4:
            return f"({self.condition(half)}) == ({self.condition(half)})"
        if choice == 5:
            return f"({self.condition(half)}) != ({self.condition(half)})"
        if choice == 6:
            return self.leaf()
        name = self.pick(self.lists)
        options = self.decls.facts[name].options
        assert options is not None
        macro, joiner = self.pick([("exists", "&&"), ("all", "||")])
        var = self.pick(["x", "case"])  # "case" shadows the fact map inside the macro
        return (
            f'case.{name}.{macro}({var}, {var} == "{self.pick(options)}" {joiner} '
            f"({self.condition(budget - 1) if var == 'x' else 'true'}))"
        )

    def leaf(self) -> str:
        decls = self.decls
        if self.draw(st.integers(0, 3)) == 0:
            return self.answer_leaf(self.pick(decls.answers))
        if self.draw(st.integers(0, 9)) == 0:
            return self.pick(["true", "false"])
        name = self.pick(decls.facts)
        decl = decls.facts[name]
        f = f"case.{name}"
        if self.draw(st.integers(0, 6)) == 0:
            return f"has({f})"
        if decl.kind == "bool":
            return self.pick([f, f"{f} == true", f"{f} != false", f"!{f}"])
        if decl.kind in ("int", "double"):
            shape = self.draw(st.integers(0, 2))
            number = self.pick(_NUMBERS)
            if shape == 0:
                return f"{f} {self.pick(_ORDER_OPS)} {number}"
            if shape == 1:
                return f"{number} {self.pick(_ORDER_OPS)} {f}"
            return f"{f} in [{', '.join(self.some(_NUMBERS, 1, 3))}]"
        assert decl.options is not None
        option = self.pick(decl.options)
        if decl.kind == "string":
            shape = self.draw(st.integers(0, 2))
            if shape == 0:
                return f'{f} {self.pick(_ORDER_OPS)} "{option}"'
            if shape == 1:
                return f"{f} in [{_quoted(self.some(decl.options, 1, 3))}]"
            return f"size({f}) == {self.draw(st.integers(0, 2))}"
        shape = self.draw(st.integers(0, 4))
        if shape == 0:
            return f'"{option}" in {f}'
        if shape == 1:
            macro = self.pick(["exists", "all"])
            return f'{f}.{macro}(x, x {self.pick(["==", "!=", "<"])} "{option}")'
        if shape == 2:
            return f"size({f}) > {self.draw(st.integers(0, 2))}"
        if shape == 3:
            return f"{f}.size() == {self.draw(st.integers(0, 2))}"
        return f"{f} == [{_quoted(self.some(decl.options, 0, 2))}]"

    def answer_leaf(self, qid: str) -> str:
        a = f'answers["{qid}"]'
        options = self.decls.answers[qid]
        option = self.pick(options)
        shape = self.draw(st.integers(0, 4))
        if shape == 0:
            return f'"{qid}" in answers'
        if shape == 1:
            return f'{a} {self.pick(["==", "!="])} "{option}"'
        if shape == 2:
            return f"{a} in [{_quoted(self.some(options, 1, 2))}]"
        if shape == 3:
            return f'"{qid}" in answers && {a} == "{option}"'
        return f'!("{qid}" in answers) || {a} != "{option}"'


@st.composite
def scenarios(draw: Any) -> tuple[Declarations, str, dict[str, object], dict[str, str]]:
    decls = draw(declarations())
    source = _Generator(draw, decls).condition(draw(st.integers(1, 12)))
    facts, answers = draw(bindings(decls))
    return decls, source, facts, answers


def _reference(source: str, facts: dict[str, object], answers: dict[str, str]) -> object:
    try:
        return cel.evaluate(source, {"case": facts, "answers": answers})
    except Exception:  # the reference raises for every kind of evaluation error
        return CelError("error")


_GENERIC_VARS = {"case": map_of(STRING, DYN), "answers": map_of(STRING, STRING)}


@pytest.mark.slow  # generated conditions through two CEL implementations: about 2.5 s
@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(scenarios())
def test_agrees_with_reference_implementation(
    scenario: tuple[Declarations, str, dict[str, object], dict[str, str]],
) -> None:
    decls, source, facts, answers = scenario
    try:
        cond = compile_condition(source, decls)
    except Exception as exc:  # pragma: no cover - the generator only makes valid conditions
        pytest.fail(f"{source!r} did not compile: {exc!r}")
    ours = cond.fn(facts, answers)
    assert ours is True or ours is False or isinstance(ours, CelError), ours
    theirs = _reference(source, facts, answers)
    if isinstance(ours, CelError) or isinstance(theirs, CelError):
        assert isinstance(ours, CelError) == isinstance(theirs, CelError), (ours, theirs)
    else:
        assert ours is theirs
    # The generic (unspecialised) closures must agree with the fast paths.
    generic = compile_expression(source, _GENERIC_VARS).evaluate(
        {"case": facts, "answers": answers}
    )
    if isinstance(ours, CelError):
        assert isinstance(generic, CelError), generic
    else:
        assert generic is ours
