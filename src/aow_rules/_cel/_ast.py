"""Abstract syntax tree for the whole of CEL's syntax.

Nodes compare by identity (``eq=False``) so that later passes can key
dictionaries on them. ``offset`` is always where the node's source text starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal as TypingLiteral

__all__ = [
    "Binary",
    "Call",
    "Comprehension",
    "Expr",
    "Has",
    "Ident",
    "Index",
    "ListLit",
    "Literal",
    "LiteralKind",
    "Logical",
    "MacroName",
    "MapLit",
    "Select",
    "StructLit",
    "Ternary",
    "Unary",
    "children",
]

LiteralKind = TypingLiteral["bool", "int", "uint", "double", "string", "bytes", "null"]
MacroName = TypingLiteral["all", "exists", "exists_one", "map", "filter"]


@dataclass(frozen=True, slots=True, eq=False)
class Literal:
    offset: int
    kind: LiteralKind
    value: bool | int | float | str | bytes | None


@dataclass(frozen=True, slots=True, eq=False)
class Ident:
    offset: int
    name: str
    leading_dot: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Select:
    offset: int
    operand: Expr
    field: str
    field_offset: int


@dataclass(frozen=True, slots=True, eq=False)
class Index:
    offset: int
    operand: Expr
    index: Expr


@dataclass(frozen=True, slots=True, eq=False)
class Call:
    """A function call ``f(args)`` or, with ``target``, a method call ``target.f(args)``."""

    offset: int
    function: str
    args: tuple[Expr, ...]
    target: Expr | None = None
    name_offset: int = 0
    leading_dot: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Unary:
    offset: int
    op: TypingLiteral["!", "-"]
    operand: Expr


@dataclass(frozen=True, slots=True, eq=False)
class Binary:
    """Relations (``== != < <= > >= in``) and arithmetic (``+ - * / %``)."""

    offset: int
    op: str
    left: Expr
    right: Expr
    op_offset: int


@dataclass(frozen=True, slots=True, eq=False)
class Logical:
    """A flat chain ``a && b && c`` (or ``||``); parentheses keep chains apart."""

    offset: int
    op: TypingLiteral["&&", "||"]
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Ternary:
    offset: int
    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True, slots=True, eq=False)
class ListLit:
    offset: int
    elements: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, eq=False)
class MapLit:
    offset: int
    entries: tuple[tuple[Expr, Expr], ...]


@dataclass(frozen=True, slots=True, eq=False)
class StructLit:
    offset: int
    type_name: str
    fields: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True, eq=False)
class Has:
    """The ``has(operand.field)`` macro: a presence test, not a read."""

    offset: int
    operand: Expr
    field: str
    field_offset: int


@dataclass(frozen=True, slots=True, eq=False)
class Comprehension:
    """A receiver-style macro: ``target.all(var, args[0])``, ``target.map(var, ...)``..."""

    offset: int
    macro: MacroName
    target: Expr
    var: str
    var_offset: int
    args: tuple[Expr, ...]
    name_offset: int


Expr = (
    Literal
    | Ident
    | Select
    | Index
    | Call
    | Unary
    | Binary
    | Logical
    | Ternary
    | ListLit
    | MapLit
    | StructLit
    | Has
    | Comprehension
)


def children(node: Expr) -> tuple[Expr, ...]:
    """Direct sub-expressions, in source order."""
    if isinstance(node, Literal | Ident):
        return ()
    if isinstance(node, Select | Has | Unary):
        return (node.operand,)
    if isinstance(node, Index):
        return (node.operand, node.index)
    if isinstance(node, Call):
        return node.args if node.target is None else (node.target, *node.args)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Logical):
        return node.args
    if isinstance(node, Ternary):
        return (node.cond, node.then, node.otherwise)
    if isinstance(node, ListLit):
        return node.elements
    if isinstance(node, MapLit):
        return tuple(part for entry in node.entries for part in entry)
    if isinstance(node, StructLit):
        return tuple(value for _, value in node.fields)
    return (node.target, *node.args)
