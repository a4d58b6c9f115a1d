"""Generic operators, the logical connectives and the exists/all folds.

CEL's ``&&`` and ``||`` are commutative with respect to errors: a decisive operand
(false for ``&&``, true for ``||``) wins wherever it stands; otherwise the first
error, or a non-bool operand (itself an error), is the result. ``exists`` and ``all``
fold their predicate over the elements the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ._fastpath import Ev, Scope, Vars
from ._values import CelError, Value

__all__ = [
    "fold",
    "generic_binary",
    "generic_eq",
    "junction",
    "logical_not",
    "make_list",
    "ternary",
]

_AND_OVERLOAD = CelError("no matching overload for _&&_: operands must be bool")
_OR_OVERLOAD = CelError("no matching overload for _||_: operands must be bool")
_NOT_OVERLOAD = CelError("no matching overload for !_: operand must be bool")
_TERNARY_OVERLOAD = CelError("no matching overload for _?_:_: condition must be bool")
_ITER_OVERLOAD = CelError("no matching overload: only a list or map can be iterated")


def generic_eq(left: Ev, right: Ev, *, negate: bool, eq: Callable[[object, object], bool]) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        lv = left(f, a, s)
        if lv.__class__ is CelError:
            return lv
        rv = right(f, a, s)
        if rv.__class__ is CelError:
            return rv
        return eq(lv, rv) is not negate

    return ev


def generic_binary(left: Ev, right: Ev, fn: Callable[[object, object], object]) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        lv = left(f, a, s)
        if lv.__class__ is CelError:
            return lv
        rv = right(f, a, s)
        if rv.__class__ is CelError:
            return rv
        return fn(lv, rv)

    return ev


def make_list(items: tuple[Ev, ...]) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        out = []
        for item in items:
            v = item(f, a, s)
            if v.__class__ is CelError:
                return v
            out.append(v)
        return out

    return ev


def ternary(cond: Ev, then: Ev, otherwise: Ev) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        c = cond(f, a, s)
        if c is True:
            return then(f, a, s)
        if c is False:
            return otherwise(f, a, s)
        return c if c.__class__ is CelError else _TERNARY_OVERLOAD

    return ev


def logical_not(operand: Ev) -> Ev:
    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        v = operand(f, a, s)
        if v is True:
            return False
        if v is False:
            return True
        return v if v.__class__ is CelError else _NOT_OVERLOAD

    return ev


def junction(parts: list[Ev], *, decisive: bool) -> Ev:
    """``&&`` (decisive false) or ``||`` (decisive true) over ``parts``."""
    overload = _OR_OVERLOAD if decisive else _AND_OVERLOAD
    other = not decisive
    if len(parts) == 2:  # the common case, without a loop
        first, second = parts

        def ev2(f: Vars, a: Vars, s: Scope = ()) -> object:
            lv = first(f, a, s)
            if lv is decisive:
                return lv
            rv = second(f, a, s)
            if rv is decisive:
                return rv
            if lv is other:
                if rv is other:
                    return other
                return rv if rv.__class__ is CelError else overload
            return lv if lv.__class__ is CelError else overload

        return ev2
    items = tuple(parts)

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        error: object = None
        for item in items:
            v = item(f, a, s)
            if v is decisive:
                return v
            if v is not other and error is None:
                error = v if v.__class__ is CelError else overload
        return other if error is None else error

    return ev


def _iterable(value: Value) -> Value:
    """The elements to iterate (a map's keys), the error to return, or None."""
    cls = value.__class__
    if cls is list or cls is tuple or cls is dict or isinstance(value, Mapping):
        return value
    return value if cls is CelError else _ITER_OVERLOAD


def fold(target: Ev, pred: Ev, *, decisive: bool) -> Ev:
    """The ``exists`` (decisive true) or ``all`` (decisive false) macro over ``target``."""
    overload = _OR_OVERLOAD if decisive else _AND_OVERLOAD
    other = not decisive

    def ev(f: Vars, a: Vars, s: Scope = ()) -> object:
        items = _iterable(target(f, a, s))
        if items.__class__ is CelError:
            return items
        error: object = None
        for item in items:
            v = pred(f, a, (*s, item))
            if v is decisive:
                return v
            if v is not other and error is None:
                error = v if v.__class__ is CelError else overload
        return other if error is None else error

    return ev
