"""Public entry points: conditions over facts and answers, and general expressions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, cast

from ._ast import Binary, Comprehension, Expr, Has, Logical, Unary
from ._ast import Literal as LiteralNode
from ._check import analyze
from ._compile import bool_result, compile_tree
from ._cost import cost
from ._errors import ConditionError
from ._fastpath import Ev
from ._parser import parse
from ._subset import check_subset
from ._types import CelType
from ._values import CelError

__all__ = [
    "CompiledCondition",
    "Declarations",
    "Program",
    "VarDecl",
    "VarKind",
    "compile_condition",
    "compile_expression",
]

_EMPTY: Mapping[str, object] = MappingProxyType({})


VarKind = Literal["bool", "int", "double", "string", "list"]
"""The CEL type of a declared variable; ``list`` is a list of strings."""


@dataclass(frozen=True, slots=True)
class VarDecl:
    kind: VarKind
    # The closed set of values a string (or each element of a list) may take.
    options: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Declarations:
    facts: Mapping[str, VarDecl]  # readable as case.<name>
    answers: Mapping[str, tuple[str, ...]]  # question id -> option values


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    source: str
    facts: tuple[str, ...]  # fact names read, in order of first appearance
    questions: tuple[str, ...]  # question ids read, in order of first appearance
    fn: Callable[[Mapping[str, object], Mapping[str, str]], bool | CelError] = field(repr=False)
    cost: int = 1  # the most steps one evaluation takes (see `_cost`)


def _fact_type(name: str, decl: VarDecl) -> CelType:
    label = f"case.{name}"
    if decl.kind in ("bool", "int", "double"):
        return CelType(decl.kind, label=label)
    string = CelType("string", options=decl.options or None, label=label)
    if decl.kind == "string":
        return string
    if decl.kind == "list":
        return CelType("list", (string,), label=label)
    raise ValueError(f"fact {name!r} has unknown kind {decl.kind!r}")


def _answer_type(qid: str, options: tuple[str, ...]) -> CelType:
    # A question without options has already been reported elsewhere; treating it as
    # an open string avoids a second, confusing error about every literal.
    return CelType("string", options=tuple(options) or None, label=f'answers["{qid}"]')


# The types of every fact and answer, made once per set of declarations: a criteria file's
# conditions all share one, and making them per condition made compiling quadratic.
_TYPES: dict[int, tuple[Declarations, dict[str, CelType], dict[str, CelType]]] = {}


def _types(decls: Declarations) -> tuple[dict[str, CelType], dict[str, CelType]]:
    hit = _TYPES.get(id(decls))
    if hit is not None and hit[0] is decls:
        return hit[1], hit[2]
    facts = {name: _fact_type(name, decl) for name, decl in decls.facts.items()}
    answers = {qid: _answer_type(qid, opts) for qid, opts in decls.answers.items()}
    if len(_TYPES) >= 8:  # a few files at a time; holding decls keeps its id unique
        _TYPES.clear()
    _TYPES[id(decls)] = (decls, facts, answers)
    return facts, answers


def _always_bool(root: Expr) -> bool:
    if isinstance(root, LiteralNode):
        return root.kind == "bool"
    return isinstance(root, Binary | Logical | Unary | Has | Comprehension)


def compile_condition(source: str, decls: Declarations) -> CompiledCondition:
    """Parse, subset-check, type-check (the result must be bool) and compile a
    condition. Raises ConditionError; the compiled ``fn(facts, answers)`` never
    raises, returning a bool or a CelError."""
    root = parse(source)
    check_subset(root)
    facts, answers = _types(decls)
    analysis = analyze(root, facts=facts, answers=answers)
    steps = cost(root, analysis, facts, len(answers))
    result = analysis.result
    if result.kind != "bool":
        what = f"{result.label} is" if result.label else "this one gives"
        raise ConditionError(
            "condition_type",
            f"a condition must be true or false, but {what} a value of type {result}",
            root.offset,
        )
    fn = compile_tree(root, analysis, general=False)
    if root not in analysis.presence and not _always_bool(root):
        fn = bool_result(fn)
    return CompiledCondition(
        source=source,
        facts=analysis.facts,
        questions=analysis.questions,
        cost=steps,
        fn=cast(Callable[[Mapping[str, object], Mapping[str, str]], "bool | CelError"], fn),
    )


@dataclass(frozen=True, slots=True)
class Program:
    """A compiled general CEL expression over simple variables."""

    source: str
    type: CelType | None  # the checked result type; None when checking was disabled
    _fn: Ev = field(repr=False)

    def evaluate(self, bindings: Mapping[str, object] | None = None) -> object:
        """The value of the expression (a Python value, lists as list or tuple, maps as
        dicts), or a CelError. Never raises."""
        return self._fn(_EMPTY if bindings is None else bindings, _EMPTY)


def compile_expression(
    source: str,
    variables: Mapping[str, CelType] | None = None,
    *,
    check: bool = True,
    macros: bool = True,
) -> Program:
    """Compile any in-subset CEL expression over ``variables`` (name -> CelType).

    With ``check=False`` nothing is type-checked and undeclared names are looked
    up in the bindings at run time, as CEL's unchecked evaluation does.
    """
    root = parse(source, macros=macros)
    check_subset(root)
    analysis = analyze(root, variables=variables or {}, checked=check)
    fn = compile_tree(root, analysis, general=True)
    return Program(source, analysis.result if check else None, fn)
