"""Closure builders, including the specialised shapes that make common conditions fast.

A typical condition is a variable compared with a literal, or tested against a
literal list, joined by ``&&``/``||``. Those shapes read the mapping directly
instead of calling one closure per operand, testing ``key in mapping`` first: absent
answers are common (a question that does not apply is left blank), and a raised
KeyError costs four times a membership test. The hottest shapes exist twice, once
reading facts (``f``) and once reading answers (``a``), so that no per-call branch
picks the mapping.

Python's ``True == 1`` is true; CEL's ``true == 1`` is false. Whenever a literal is
numeric, the shapes check ``v.__class__ is bool``, and only on the path where plain
Python comparison would otherwise give the wrong answer.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from ._values import CelError, Value, cel_eq, cel_ge, cel_gt, cel_le, cel_lt

__all__ = [
    "FLIPPED",
    "Ev",
    "Scope",
    "Vars",
    "absent",
    "compare_const",
    "const",
    "const_in_read",
    "present",
    "read",
    "read_compare",
    "read_in_set",
    "scope_read",
    "value_in_set",
]

Vars = Mapping[str, Value]
"""Facts or answers, by name: each read gives a CEL value (dynamically typed)."""
Scope = tuple[Value, ...]


class Ev(Protocol):
    def __call__(self, f: Vars, a: Vars, s: Scope = (), /) -> object: ...


FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_PY_ORDER: dict[str, Callable[[Any, Any], object]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_CEL_ORDER: dict[str, Callable[[object, object], object]] = {
    "<": cel_lt,
    "<=": cel_le,
    ">": cel_gt,
    ">=": cel_ge,
}
_IN_OVERLOAD = CelError("no matching overload for @in: right operand must be a list or map")


# -- leaves --------------------------------------------------------------------


def const(value: object) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        return value

    return ev


def scope_read(index: int) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        return s[index]

    return ev


def read(source: str, key: str, missing: CelError) -> Ev:
    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key in f:
            return f[key]
        return missing

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key in a:
            return a[key]
        return missing

    return ev_f if source == "f" else ev_a


def present(source: str, key: str) -> Ev:
    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        return key in f

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        return key in a

    return ev_f if source == "f" else ev_a


def absent(source: str, key: str) -> Ev:
    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        return key not in f

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        return key not in a

    return ev_f if source == "f" else ev_a


# -- a variable compared with a literal -------------------------------------------


def read_compare(source: str, key: str, op: str, lit: object, missing: object) -> Ev | None:
    """``var <op> literal`` for a variable read straight from ``f`` or ``a``.

    ``missing`` is what an absent variable gives: normally its no-such-key error.
    """
    kind = type(lit)
    if kind is str:
        if op == "==":
            return _eq_str(source, key, lit, missing)
        if op == "!=":
            return _ne_str(source, key, lit, missing)
        return _order(source, key, _PY_ORDER[op], lit, missing, need=str)
    if kind is bool:
        if op in ("==", "!="):
            return _same_bool(source, key, lit, op == "==", missing)
        return None
    if op == "==":
        return _eq_num(source, key, lit, missing)
    if op == "!=":
        return _ne_num(source, key, lit, missing)
    if source == "f":
        return _order_num_fact(key, op, lit, missing)
    return _order(source, key, _PY_ORDER[op], lit, missing, need=None)


def _eq_str(source: str, key: str, lit: object, missing: object) -> Ev:
    # Python's == between a str and any other builtin value is False, which is
    # exactly CEL's heterogeneous equality, so no type test is needed.
    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key in f:
            return f[key] == lit
        return missing

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key in a:
            return a[key] == lit
        return missing

    return ev_f if source == "f" else ev_a


def _ne_str(source: str, key: str, lit: object, missing: object) -> Ev:
    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key in f:
            return f[key] != lit
        return missing

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key in a:
            return a[key] != lit
        return missing

    return ev_f if source == "f" else ev_a


def _same_bool(source: str, key: str, lit: object, equal: bool, missing: object) -> Ev:
    # Bools are singletons; identity keeps 1 from matching true.
    from_f = source == "f"

    def ev_is(f: Vars, a: Vars, s: Scope = ()) -> object:
        d = f if from_f else a
        if key in d:
            return d[key] is lit
        return missing

    def ev_is_not(f: Vars, a: Vars, s: Scope = ()) -> object:
        d = f if from_f else a
        if key in d:
            return d[key] is not lit
        return missing

    return ev_is if equal else ev_is_not


def _eq_num(source: str, key: str, lit: object, missing: object) -> Ev:
    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key not in f:
            return missing
        v = f[key]
        return v == lit and v.__class__ is not bool

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key not in a:
            return missing
        v = a[key]
        return v == lit and v.__class__ is not bool

    return ev_f if source == "f" else ev_a


def _ne_num(source: str, key: str, lit: object, missing: object) -> Ev:
    from_f = source == "f"

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        d = f if from_f else a
        if key not in d:
            return missing
        v = d[key]
        return v != lit or v.__class__ is bool

    return ev


def _order(
    source: str,
    key: str,
    op: Callable[[Any, Any], object],
    lit: object,
    missing: object,
    *,
    need: type | None,
) -> Ev:
    """Ordering against a literal; ``need`` is the value class required (None: any
    number). Mixed types are CEL's no-matching-overload error."""
    from_f = source == "f"
    bad = CelError("no matching overload: values of different types cannot be ordered")

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        d = f if from_f else a
        if key not in d:
            return missing
        v = d[key]
        cls = v.__class__
        if (need is not None and cls is not need) or cls is bool:
            return bad
        try:
            return op(v, lit)
        except TypeError:
            return bad

    return ev


def _order_num_fact(key: str, op: str, lit: object, missing: object) -> Ev:
    bad = CelError("no matching overload: values of different types cannot be ordered")
    # One closure per operator: going through operator.ge would add a call per evaluation.
    if op == ">=":

        def ev_ge(f: Vars, a: Vars, s: Scope = ()) -> object:
            if key not in f:
                return missing
            v = f[key]
            try:
                return bad if v.__class__ is bool else v >= lit
            except TypeError:
                return bad

        return ev_ge
    if op == ">":

        def ev_gt(f: Vars, a: Vars, s: Scope = ()) -> object:
            if key not in f:
                return missing
            v = f[key]
            try:
                return bad if v.__class__ is bool else v > lit
            except TypeError:
                return bad

        return ev_gt
    if op == "<=":

        def ev_le(f: Vars, a: Vars, s: Scope = ()) -> object:
            if key not in f:
                return missing
            v = f[key]
            try:
                return bad if v.__class__ is bool else v <= lit
            except TypeError:
                return bad

        return ev_le

    def ev_lt(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key not in f:
            return missing
        v = f[key]
        try:
            return bad if v.__class__ is bool else v < lit
        except TypeError:
            return bad

    return ev_lt


def compare_const(operand: Ev, op: str, lit: object) -> Ev:
    """``expr <op> literal`` for any other left operand (a macro variable, say)."""
    if op in ("<", "<=", ">", ">="):
        cel_op = _CEL_ORDER[op]

        def ev_order(f: Vars, a: Vars, s: Scope = ()) -> object:
            v = operand(f, a, s)
            if v.__class__ is CelError:
                return v
            return cel_op(v, lit)

        return ev_order
    negate = op == "!="
    if type(lit) is str:

        def ev_str(f: Vars, a: Vars, s: Scope = ()) -> object:
            v = operand(f, a, s)
            if v.__class__ is CelError:
                return v
            return (v != lit) if negate else (v == lit)

        return ev_str

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        v = operand(f, a, s)
        if v.__class__ is CelError:
            return v
        return cel_eq(v, lit) is not negate

    return ev


# -- membership ----------------------------------------------------------------------


def read_in_set(
    source: str, key: str, values: frozenset[object], guard: bool, missing: object
) -> Ev:
    """``var in [literals]`` as a hash lookup. A value that cannot be hashed (a list,
    a map) equals no scalar literal, so TypeError means false. ``guard`` is set when
    some literal is a number, which a bool value must not match."""

    def ev_f(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key not in f:
            return missing
        try:
            return f[key] in values
        except TypeError:
            return False

    def ev_a(f: Vars, a: Vars, s: Scope = ()) -> object:
        if key not in a:
            return missing
        try:
            return a[key] in values
        except TypeError:
            return False

    if not guard:
        return ev_f if source == "f" else ev_a
    from_f = source == "f"

    def ev_guarded(f: Vars, a: Vars, s: Scope = ()) -> object:
        d = f if from_f else a
        if key not in d:
            return missing
        v = d[key]
        try:
            return v in values and v.__class__ is not bool
        except TypeError:
            return False

    return ev_guarded


def value_in_set(operand: Ev, values: frozenset[object], guard: bool) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        v = operand(f, a, s)
        if v.__class__ is CelError:
            return v
        try:
            return v in values and not (guard and v.__class__ is bool)
        except TypeError:
            return False

    return ev


def const_in_read(source: str, key: str, lit: object, missing: object) -> Ev:
    """``"x" in var`` where var is a list (or map: then it tests the keys)."""
    from_f = source == "f"

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        d = f if from_f else a
        if key not in d:
            return missing
        container = d[key]
        if container.__class__ is str:
            # Python would test for a substring; CEL has no such overload.
            return _IN_OVERLOAD
        try:
            return lit in container
        except TypeError:
            return _IN_OVERLOAD

    return ev
