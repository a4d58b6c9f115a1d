"""Name resolution and static type checking.

One pass over the AST resolves every variable read to a :class:`Ref` (which
argument of the compiled function holds it, and under which key) and, when
checking is on, infers types bottom-up and reports type errors.

Conditions have two special names: ``case`` (facts, read as ``case.<fact>``) and
``answers`` (read as ``answers["<question id>"]`` with a literal id). Requiring
literal keys keeps every condition's dependencies statically known.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from ._ast import (
    Binary,
    Call,
    Comprehension,
    Expr,
    Has,
    Ident,
    Index,
    ListLit,
    Literal,
    Logical,
    Select,
    Ternary,
    Unary,
)
from ._errors import ConditionError, ErrorCode, clip
from ._subset import TYPE_NAMES
from ._types import BOOL, DOUBLE, DYN, INT, STRING, CelType, eq_compatible, join, list_of, orderable

__all__ = ["Analysis", "Ref", "analyze"]

_LITERAL_TYPES = {"bool": BOOL, "int": INT, "double": DOUBLE, "string": STRING}

Scope = tuple[tuple[str, CelType], ...]


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a variable lives at run time: ``f`` (facts, or bindings for a general
    expression), ``a`` (answers) or ``s`` (the comprehension scope, by position)."""

    source: TypingLiteral["f", "a", "s"]
    key: str | int
    label: str


@dataclass(frozen=True, slots=True)
class Analysis:
    refs: Mapping[Expr, Ref]
    # has(case.x) and "id" in answers: presence tests of a variable, not reads.
    presence: Mapping[Expr, Ref]
    result: CelType
    facts: tuple[str, ...]
    questions: tuple[str, ...]


def analyze(
    root: Expr,
    *,
    facts: Mapping[str, CelType] | None = None,
    answers: Mapping[str, CelType] | None = None,
    variables: Mapping[str, CelType] | None = None,
    checked: bool = True,
) -> Analysis:
    """Resolve and (if ``checked``) type-check ``root``.

    With ``facts``/``answers`` the expression is a condition; otherwise names are
    looked up in ``variables`` (and, unchecked, unknown names are read at run time).
    """
    checker = _Checker(facts, answers, variables or {}, checked)
    result = checker.visit(root, ())
    return Analysis(
        refs=checker.refs,
        presence=checker.presence,
        result=result,
        facts=_in_order(checker.fact_reads),
        questions=_in_order(checker.question_reads),
    )


def _in_order(reads: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for _, name in sorted(reads)))


def _suggest(name: str, candidates: Iterable[str], template: str = "{}") -> str | None:
    if len(name) > 100:
        # Nothing that long is a typo, and difflib would index every character.
        return None
    matches = difflib.get_close_matches(name, list(candidates), n=1)
    return f"did you mean {template.format(matches[0])}?" if matches else None


def _describe(t: CelType) -> str:
    return f"{t.label} ({t})" if t.label else str(t)


def _is_string_literal(node: Expr) -> bool:
    return isinstance(node, Literal) and node.kind == "string"


class _Checker:
    def __init__(
        self,
        facts: Mapping[str, CelType] | None,
        answers: Mapping[str, CelType] | None,
        variables: Mapping[str, CelType],
        checked: bool,
    ) -> None:
        self.condition = facts is not None
        self.facts: Mapping[str, CelType] = facts or {}
        self.answers: Mapping[str, CelType] = answers or {}
        self.variables = variables
        self.checked = checked or self.condition
        self.refs: dict[Expr, Ref] = {}
        self.presence: dict[Expr, Ref] = {}
        self.fact_reads: list[tuple[int, str]] = []
        self.question_reads: list[tuple[int, str]] = []

    def fail(
        self, code: ErrorCode, message: str, offset: int, suggestion: str | None = None
    ) -> CelType:
        if self.checked:
            raise ConditionError(code, message, offset, suggestion)
        return DYN

    def visit(self, node: Expr, scope: Scope) -> CelType:
        if isinstance(node, Literal):
            return _LITERAL_TYPES.get(node.kind, DYN)
        if isinstance(node, Ident):
            return self.ident(node, scope)
        if isinstance(node, Select):
            return self.select(node, scope)
        if isinstance(node, Has):
            return self.has(node, scope)
        if isinstance(node, Index):
            return self.index(node, scope)
        if isinstance(node, Binary):
            return self.binary(node, scope)
        if isinstance(node, Logical):
            for arg in node.args:
                self.expect_bool(arg, self.visit(arg, scope), f"the operands of {node.op}")
            return BOOL
        if isinstance(node, Unary):
            self.expect_bool(node.operand, self.visit(node.operand, scope), "the operand of !")
            return BOOL
        if isinstance(node, Ternary):
            return self.ternary(node, scope)
        if isinstance(node, ListLit):
            elem: CelType | None = None
            for item in node.elements:
                t = self.visit(item, scope)
                elem = t if elem is None else (join(elem, t) or DYN)
            return list_of(elem or DYN)
        if isinstance(node, Call):
            return self.size(node, scope)
        if isinstance(node, Comprehension):
            return self.comprehension(node, scope)
        # Map and message literals never get here: the subset check rejects them first.
        return DYN

    # -- names ---------------------------------------------------------------

    @staticmethod
    def lookup(name: str, scope: Scope) -> tuple[int, CelType] | None:
        for index in range(len(scope) - 1, -1, -1):
            if scope[index][0] == name:
                return index, scope[index][1]
        return None

    def special(self, node: Expr, scope: Scope) -> str | None:
        """``case`` or ``answers`` when ``node`` names one (and no macro variable hides it)."""
        if (
            self.condition
            and isinstance(node, Ident)
            and node.name in ("case", "answers")
            and self.lookup(node.name, scope) is None
        ):
            return node.name
        return None

    def ident(self, node: Ident, scope: Scope) -> CelType:
        found = self.lookup(node.name, scope)
        if found is not None:
            self.refs[node] = Ref("s", found[0], node.name)
            return found[1]
        name = node.name
        if self.condition:
            if name == "case":
                raise ConditionError(
                    "condition_type",
                    "case cannot be used on its own; read a fact as case.<name>",
                    node.offset,
                )
            if name == "answers":
                raise ConditionError(
                    "condition_type",
                    'answers cannot be used on its own; read an answer as answers["<question id>"]'
                    ' or test "<question id>" in answers',
                    node.offset,
                )
            raise ConditionError(
                "condition_unknown_name",
                f"'{clip(name)}' is not a known name; conditions read case.<fact> and "
                'answers["<question id>"]',
                node.offset,
                _suggest(name, ["case", "answers", *(n for n, _ in scope)]),
            )
        declared = self.variables.get(name)
        if declared is not None:
            self.refs[node] = Ref("f", name, name)
            return declared
        if not self.checked:
            self.refs[node] = Ref("f", name, name)
            return DYN
        if name in TYPE_NAMES:
            raise ConditionError(
                "condition_outside_subset",
                f"type values (such as {name}) are outside the supported subset of CEL",
                node.offset,
            )
        raise ConditionError(
            "condition_unknown_name",
            f"undeclared reference to '{clip(name)}'",
            node.offset,
            _suggest(name, [*self.variables, *(n for n, _ in scope)]),
        )

    def qualified(self, node: Select, scope: Scope) -> str | None:
        """The dotted name ``a.b.c`` if ``node`` is a chain of field selections on a
        plain identifier that is not a macro variable."""
        parts = [node.field]
        current: Expr = node.operand
        while isinstance(current, Select):
            parts.append(current.field)
            current = current.operand
        if not isinstance(current, Ident) or self.lookup(current.name, scope) is not None:
            return None
        parts.append(current.name)
        return ".".join(reversed(parts))

    def fact(self, node: Expr, name: str, offset: int, *, presence: bool) -> CelType:
        t = self.facts.get(name)
        if t is None:
            raise ConditionError(
                "condition_unknown_name",
                f"case.{clip(name)} is not a declared fact",
                offset,
                _suggest(name, self.facts, "case.{}"),
            )
        self.fact_reads.append((offset, name))
        (self.presence if presence else self.refs)[node] = Ref("f", name, f"case.{name}")
        return BOOL if presence else t

    def question(self, node: Expr, key: Expr, *, presence: bool) -> CelType:
        if not _is_string_literal(key):
            usage = '"4.1-02" in answers' if presence else 'answers["4.1-02"]'
            raise ConditionError(
                "condition_type",
                f"a question id must be a quoted literal, such as {usage}",
                key.offset,
            )
        assert isinstance(key, Literal)
        qid = str(key.value)
        t = self.answers.get(qid)
        if t is None:
            raise ConditionError(
                "condition_unknown_name",
                f'no question has the id "{clip(qid)}"',
                key.offset,
                _suggest(qid, self.answers, '"{}"'),
            )
        self.question_reads.append((key.offset, qid))
        (self.presence if presence else self.refs)[node] = Ref("a", qid, f'answers["{qid}"]')
        return BOOL if presence else t

    # -- member access -------------------------------------------------------

    def select(self, node: Select, scope: Scope) -> CelType:
        special = self.special(node.operand, scope)
        if special == "case":
            return self.fact(node, node.field, node.offset, presence=False)
        if special == "answers":
            raise ConditionError(
                "condition_type",
                'answers are read as answers["<question id>"], not answers.<name>',
                node.offset,
            )
        if not self.condition and self.variables:
            name = self.qualified(node, scope)
            if name is not None and name in self.variables:
                # The longest declared prefix wins, so a.b.c beats (a.b).c.
                self.refs[node] = Ref("f", name, name)
                return self.variables[name]
        return self.field_type(self.visit(node.operand, scope), node.field, node.offset)

    def field_type(self, t: CelType, field: str, offset: int) -> CelType:
        if t.kind == "map" and t.key.kind in ("string", "dyn"):
            return t.value
        if t.kind == "dyn":
            return DYN
        return self.fail(
            "condition_type", f"{_describe(t)} has no fields, so .{field} cannot be read", offset
        )

    def has(self, node: Has, scope: Scope) -> CelType:
        special = self.special(node.operand, scope)
        if special == "case":
            return self.fact(node, node.field, node.offset, presence=True)
        if special == "answers":
            raise ConditionError(
                "condition_type",
                'to test whether a question was answered, write "<question id>" in answers',
                node.offset,
            )
        self.field_type(self.visit(node.operand, scope), node.field, node.offset)
        return BOOL

    def index(self, node: Index, scope: Scope) -> CelType:
        special = self.special(node.operand, scope)
        if special == "answers":
            return self.question(node, node.index, presence=False)
        if special == "case":
            raise ConditionError(
                "condition_type", "facts are read as case.<name>, not case[...]", node.offset
            )
        t = self.visit(node.operand, scope)
        ti = self.visit(node.index, scope)
        if t.kind == "list":
            if ti.kind in ("int", "dyn"):
                return t.elem
            return self.fail(
                "condition_type", f"a list index must be an int, not {ti}", node.index.offset
            )
        if t.kind == "map":
            if eq_compatible(t.key, ti):
                return t.value
            return self.fail(
                "condition_type", f"{_describe(t)} has {t.key} keys, not {ti}", node.index.offset
            )
        if t.kind == "dyn":
            return DYN
        return self.fail("condition_type", f"{_describe(t)} cannot be indexed", node.offset)

    def size(self, node: Call, scope: Scope) -> CelType:
        arg = node.target if node.target is not None else node.args[0]
        t = self.visit(arg, scope)
        if t.kind in ("string", "list", "map", "dyn"):
            return INT
        return self.fail(
            "condition_type", f"size() needs a string, list or map, not {_describe(t)}", node.offset
        )

    # -- operators -----------------------------------------------------------

    def expect_bool(self, node: Expr, t: CelType, what: str) -> None:
        if t.kind not in ("bool", "dyn"):
            self.fail(
                "condition_type", f"{what} must be true or false, not {_describe(t)}", node.offset
            )

    def binary(self, node: Binary, scope: Scope) -> CelType:
        op = node.op
        if op == "in" and self.special(node.right, scope) == "answers":
            return self.question(node, node.left, presence=True)
        tl = self.visit(node.left, scope)
        tr = self.visit(node.right, scope)
        if op in ("==", "!="):
            if not eq_compatible(tl, tr):
                return self.fail(
                    "condition_type",
                    f"cannot compare {_describe(tl)} with {_describe(tr)} using {op}",
                    node.offset,
                )
            self.options(node.left, tr)
            self.options(node.right, tl)
            return BOOL
        if op == "in":
            if tr.kind == "list":
                if not eq_compatible(tl, tr.elem):
                    return self.fail(
                        "condition_type",
                        f"{_describe(tl)} can never be in {_describe(tr)}",
                        node.offset,
                    )
                self.options(node.left, tr.elem)
                if isinstance(node.right, ListLit):
                    for item in node.right.elements:
                        self.options(item, tl)
            elif tr.kind == "map":
                if not eq_compatible(tl, tr.key):
                    return self.fail(
                        "condition_type",
                        f"{_describe(tl)} can never be a key of {_describe(tr)}",
                        node.offset,
                    )
            elif tr.kind != "dyn":
                return self.fail(
                    "condition_type",
                    f"'in' needs a list or map on its right, not {_describe(tr)}",
                    node.right.offset,
                )
            return BOOL
        if not orderable(tl, tr):
            return self.fail(
                "condition_type",
                f"cannot compare {_describe(tl)} with {_describe(tr)} using {op}",
                node.offset,
            )
        return BOOL

    def options(self, node: Expr, other: CelType) -> None:
        """A string literal compared with a closed set of options must be one of them."""
        if other.kind == "list" and isinstance(node, ListLit):
            for item in node.elements:
                self.options(item, other.elem)
            return
        if other.options is None or other.kind != "string" or not _is_string_literal(node):
            return
        assert isinstance(node, Literal)
        value = str(node.value)
        if value in other.options:
            return
        raise ConditionError(
            "condition_unknown_option",
            f'"{clip(value)}" is not an option of {other.label or "this value"} '
            f"(options: {', '.join(other.options)})",
            node.offset,
            _suggest(value, other.options, '"{}"'),
        )

    def ternary(self, node: Ternary, scope: Scope) -> CelType:
        self.expect_bool(node.cond, self.visit(node.cond, scope), "the condition of ?:")
        then = self.visit(node.then, scope)
        otherwise = self.visit(node.otherwise, scope)
        joined = join(then, otherwise)
        if joined is None:
            return self.fail(
                "condition_type",
                f"the branches of ?: have different types ({then} and {otherwise})",
                node.offset,
            )
        return joined

    def comprehension(self, node: Comprehension, scope: Scope) -> CelType:
        t = self.visit(node.target, scope)
        if t.kind == "list":
            var_type = t.elem
        elif t.kind == "map":
            var_type = t.key
        elif t.kind == "dyn":
            var_type = DYN
        else:
            var_type = self.fail(
                "condition_type",
                f"{node.macro}() needs a list or map, not {_describe(t)}",
                node.offset,
            )
        inner = (*scope, (node.var, var_type))
        for arg in node.args:
            self.expect_bool(arg, self.visit(arg, inner), f"the predicate of {node.macro}()")
        return BOOL
