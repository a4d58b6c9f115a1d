"""Compile a checked AST into nested Python closures.

Every closure has the signature ``ev(f, a, s=())``: ``f`` holds facts (or, for a
general expression, the variable bindings), ``a`` holds answers, and ``s`` holds the
values of enclosing comprehension variables by position. Because ``s`` defaults to
``()``, the root closure is directly callable as ``fn(facts, answers)`` with no
wrapper frame.

Results are CEL values or :class:`CelError` instances; nothing raises. Hot shapes
get dedicated closures (see ``_fastpath``); everything else goes through the
generic operations in ``_values``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import _fastpath as fp
from . import _logic as lg
from ._ast import (
    Binary,
    Call,
    Comprehension,
    Expr,
    Has,
    Index,
    ListLit,
    Literal,
    Logical,
    Select,
    Ternary,
    Unary,
)
from ._check import Analysis, Ref
from ._fastpath import Ev, Scope, Vars
from ._values import (
    CelError,
    cel_eq,
    cel_ge,
    cel_gt,
    cel_has,
    cel_in,
    cel_index,
    cel_le,
    cel_lt,
    cel_select,
    cel_size,
    no_overload,
)

__all__ = ["bool_result", "compile_tree"]

_ORDER = {"<": cel_lt, "<=": cel_le, ">": cel_gt, ">=": cel_ge}
_SCALAR_KINDS = ("bool", "int", "double", "string")


def compile_tree(root: Expr, analysis: Analysis, *, general: bool) -> Ev:
    """``general``: variables are top-level bindings rather than facts and answers."""
    return _Compiler(analysis, general).compile(root)


class _Compiler:
    def __init__(self, analysis: Analysis, general: bool) -> None:
        self.refs = analysis.refs
        self.presence = analysis.presence
        self.general = general

    # -- helpers -------------------------------------------------------------

    def direct(self, node: Expr) -> Ref | None:
        """The variable ``node`` reads straight from ``f`` or ``a``, if it is one."""
        ref = self.refs.get(node)
        if ref is not None and ref.source != "s":
            return ref
        return None

    def missing(self, ref: Ref) -> CelError:
        # Precomputed once: a missing variable costs no allocation at run time.
        if self.general:
            return CelError(f"undeclared reference to '{ref.key}'")
        return CelError(f"no such key: {ref.label}")

    # -- dispatch ------------------------------------------------------------

    def compile(self, node: Expr) -> Ev:
        ref = self.refs.get(node)
        if ref is not None:
            if ref.source == "s":
                return fp.scope_read(int(ref.key))
            return fp.read(ref.source, str(ref.key), self.missing(ref))
        presence = self.presence.get(node)
        if presence is not None:
            return fp.present(presence.source, str(presence.key))
        if isinstance(node, Literal):
            return fp.const(node.value)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Logical):
            return self.logical(node)
        if isinstance(node, Unary):
            return self.negation(node)
        if isinstance(node, Ternary):
            return lg.ternary(
                self.compile(node.cond), self.compile(node.then), self.compile(node.otherwise)
            )
        if isinstance(node, ListLit):
            return self.list_literal(node)
        if isinstance(node, Select):
            field = node.field
            return _apply(self.compile(node.operand), lambda v: cel_select(v, field))
        if isinstance(node, Has):
            field = node.field
            return _apply(self.compile(node.operand), lambda v: cel_has(v, field))
        if isinstance(node, Index):
            return lg.generic_binary(
                self.compile(node.operand), self.compile(node.index), cel_index
            )
        if isinstance(node, Call):
            return _apply(
                self.compile(node.target if node.target is not None else node.args[0]), cel_size
            )
        if isinstance(node, Comprehension):
            target = self.compile(node.target)
            pred = self.compile(node.args[0])
            return lg.fold(target, pred, decisive=node.macro == "exists")
        # Identifiers are always resolved to a Ref by the checker; other nodes are
        # rejected by the subset check.
        raise AssertionError(f"cannot compile {type(node).__name__}")

    # -- operators -----------------------------------------------------------

    def binary(self, node: Binary, missing: object = None) -> Ev:
        """``missing`` replaces the no-such-key error of a direct read (see ``logical``)."""
        op = node.op
        left, right = node.left, node.right
        if op == "in":
            return self.membership(node, missing)
        lit_right = isinstance(right, Literal) and right.kind in _SCALAR_KINDS
        lit_left = isinstance(left, Literal) and left.kind in _SCALAR_KINDS
        if lit_left and not lit_right:
            left, right = right, left
            op = fp.FLIPPED[op]
            lit_right = True
        if lit_right:
            assert isinstance(right, Literal)
            ref = self.direct(left)
            if ref is not None:
                made = fp.read_compare(
                    ref.source,
                    str(ref.key),
                    op,
                    right.value,
                    self.missing(ref) if missing is None else missing,
                )
                if made is not None:
                    return made
            if missing is None:
                return fp.compare_const(self.compile(left), op, right.value)
        if missing is not None:
            raise _NotFusable
        cl = self.compile(left)
        cr = self.compile(right)
        if op == "==":
            return lg.generic_eq(cl, cr, negate=False, eq=cel_eq)
        if op == "!=":
            return lg.generic_eq(cl, cr, negate=True, eq=cel_eq)
        return lg.generic_binary(cl, cr, _ORDER[op])

    def membership(self, node: Binary, missing: object) -> Ev:
        left, right = node.left, node.right
        if (
            isinstance(right, ListLit)
            and right.elements
            and all(
                isinstance(e, Literal) and e.kind in ("int", "double", "string")
                for e in right.elements
            )
        ):
            values = frozenset(e.value for e in right.elements if isinstance(e, Literal))
            guard = any(type(v) is not str for v in values)
            ref = self.direct(left)
            if ref is not None:
                return fp.read_in_set(
                    ref.source,
                    str(ref.key),
                    values,
                    guard,
                    self.missing(ref) if missing is None else missing,
                )
            if missing is None:
                return fp.value_in_set(self.compile(left), values, guard)
        ref = self.direct(right)
        if ref is not None and isinstance(left, Literal) and left.kind == "string":
            return fp.const_in_read(
                ref.source,
                str(ref.key),
                left.value,
                self.missing(ref) if missing is None else missing,
            )
        if missing is not None:
            raise _NotFusable
        return lg.generic_binary(self.compile(left), self.compile(right), cel_in)

    def guarded_leaf(self, guard: Expr, leaf: Expr, if_absent: bool) -> Ev | None:
        """Fuse ``P && leaf`` (or ``!P || leaf``) where P tests the presence of the
        very variable ``leaf`` reads: one lookup whose KeyError yields the answer the
        pair would give when the variable is absent."""
        presence = self.presence.get(guard)
        if presence is None or not isinstance(leaf, Binary):
            return None
        reads = {self.direct(leaf.left), self.direct(leaf.right)} - {None}
        if reads != {presence}:
            return None
        try:
            return self.binary(leaf, missing=if_absent)
        except _NotFusable:
            return None

    def logical(self, node: Logical) -> Ev:
        is_and = node.op == "&&"
        args = list(node.args)
        parts: list[Ev] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if i + 1 < len(args):
                guard = arg if is_and else (arg.operand if isinstance(arg, Unary) else None)
                fused = None if guard is None else self.guarded_leaf(guard, args[i + 1], not is_and)
                if fused is not None:
                    parts.append(fused)
                    i += 2
                    continue
            parts.append(self.compile(arg))
            i += 1
        if len(parts) == 1:
            # Only a fused pair collapses to one part, and it yields a bool or an error.
            return parts[0]
        return lg.junction(parts, decisive=not is_and)

    def negation(self, node: Unary) -> Ev:
        presence = self.presence.get(node.operand)
        if presence is not None:
            return fp.absent(presence.source, str(presence.key))
        return lg.logical_not(self.compile(node.operand))

    def list_literal(self, node: ListLit) -> Ev:
        if all(isinstance(e, Literal) for e in node.elements):
            return fp.const(tuple(e.value for e in node.elements if isinstance(e, Literal)))
        return lg.make_list(tuple(self.compile(e) for e in node.elements))


class _NotFusable(Exception):
    pass


def _apply(operand: Ev, fn: Callable[[object], object]) -> Ev:
    """``fn`` of the operand's value; an error passes through."""

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        value = operand(f, a, s)
        if value.__class__ is CelError:
            return value
        return fn(value)

    return ev


def bool_result(fn: Ev) -> Ev:
    """Guard a root whose value is not necessarily a bool (say ``case.flag``):
    a condition must give true, false or an error."""

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        value = fn(f, a, s)
        if value is True or value is False or value.__class__ is CelError:
            return value
        return no_overload("condition", value)

    return ev
