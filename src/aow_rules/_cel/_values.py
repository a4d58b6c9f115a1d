"""Run-time values and the CEL operations on them.

CEL values are plain Python objects: ``bool``, ``int`` (int64), ``float`` (double),
``str``, ``list``/``tuple`` (list) and ``dict`` or any other ``Mapping`` (map).
Because ``bool`` is a subclass of ``int`` in Python, every type test here uses
``type(x) is ...`` rather than ``isinstance``: in CEL ``true == 1`` is false.

Errors are values (:class:`CelError`), never exceptions, so that ``&&``, ``||`` and
the ``exists``/``all`` folds can absorb them the way CEL specifies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CelError",
    "Value",
    "cel_eq",
    "cel_ge",
    "cel_gt",
    "cel_has",
    "cel_in",
    "cel_index",
    "cel_le",
    "cel_lt",
    "cel_select",
    "cel_size",
    "no_overload",
    "type_name",
]


@dataclass(frozen=True, slots=True)
class CelError:
    """A run-time error, carried as a value through evaluation."""

    message: str


Value = Any
"""A CEL value at run time. Dynamically typed: each operation tests the exact class it was
given (``type(x) is int``, never ``isinstance``, as above) and acts on what it found. mypy
follows none of those tests through a class held in a variable, so a value is `Any` and the
tests in each operation are its types."""

_SEQ = (list, tuple)


def type_name(value: object) -> str:
    kind = type(value)
    if kind is bool:
        return "bool"
    if kind is int:
        return "int"
    if kind is float:
        return "double"
    if kind is str:
        return "string"
    if kind is bytes:
        return "bytes"
    if value is None:
        return "null_type"
    if kind in _SEQ:
        return "list"
    if isinstance(value, Mapping):
        return "map"
    return kind.__name__


def no_overload(op: str, *args: object) -> CelError:
    types = ", ".join(type_name(a) for a in args)
    return CelError(f"no matching overload for {op} applied to ({types})")


def _is_num(kind: type) -> bool:
    return kind is int or kind is float


def cel_eq(left: Value, right: Value) -> bool:
    """CEL heterogeneous equality: values of different types are simply unequal,
    except that int and double compare by numeric value."""
    tl = type(left)
    tr = type(right)
    if tl is tr:
        if tl is list or tl is tuple:
            return _seq_eq(left, right)
        if tl is dict:
            return _map_eq(left, right)
        return bool(left == right)
    if _is_num(tl) and _is_num(tr):
        return bool(left == right)
    if tl in _SEQ and tr in _SEQ:
        return _seq_eq(left, right)
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return _map_eq(left, right)
    return False


def _seq_eq(
    left: list[object] | tuple[object, ...], right: list[object] | tuple[object, ...]
) -> bool:
    # Python's own list equality short-cuts on identity, which would make a NaN
    # element equal to itself; CEL says NaN is never equal.
    if len(left) != len(right):
        return False
    return all(cel_eq(a, b) for a, b in zip(left, right, strict=True))


def _map_lookup(mapping: Mapping[object, object], key: object) -> tuple[bool, object]:
    if type(key) is str:
        try:
            return True, mapping[key]
        except KeyError:
            return False, None
    # Non-string keys need CEL equality (1 and 1.0 match, true and 1 do not).
    for candidate, value in mapping.items():
        if cel_eq(key, candidate):
            return True, value
    return False, None


def _map_eq(left: Mapping[object, object], right: Mapping[object, object]) -> bool:
    if len(left) != len(right):
        return False
    for key, value in left.items():
        found, other = _map_lookup(right, key)
        if not found or not cel_eq(value, other):
            return False
    return True


def _orderable(left: object, right: object) -> bool:
    tl = type(left)
    tr = type(right)
    if tl is tr:
        return tl is int or tl is float or tl is str or tl is bool
    return _is_num(tl) and _is_num(tr)


def cel_lt(left: Value, right: Value) -> bool | CelError:
    if _orderable(left, right):
        result: bool = left < right
        return result
    return no_overload("_<_", left, right)


def cel_le(left: Value, right: Value) -> bool | CelError:
    if _orderable(left, right):
        result: bool = left <= right
        return result
    return no_overload("_<=_", left, right)


def cel_gt(left: Value, right: Value) -> bool | CelError:
    if _orderable(left, right):
        result: bool = left > right
        return result
    return no_overload("_>_", left, right)


def cel_ge(left: Value, right: Value) -> bool | CelError:
    if _orderable(left, right):
        result: bool = left >= right
        return result
    return no_overload("_>=_", left, right)


def cel_in(item: Value, container: Value) -> bool | CelError:
    kind = type(container)
    if kind is list or kind is tuple:
        if type(item) is str:
            # Safe for strings: Python's == between str and any other builtin is False.
            found: bool = item in container
            return found
        return any(cel_eq(item, elem) for elem in container)
    if isinstance(container, Mapping):
        return _map_lookup(container, item)[0]
    return no_overload("@in", item, container)


def cel_size(value: Value) -> int | CelError:
    kind = type(value)
    # len() of a str counts code points, which is what CEL's size() means.
    if kind is str or kind is list or kind is tuple or kind is dict:
        return len(value)
    if isinstance(value, Mapping):
        return len(value)
    return no_overload("size", value)


def cel_index(container: Value, index: Value) -> Value:
    kind = type(container)
    if kind is list or kind is tuple:
        ik = type(index)
        if ik is int:
            pos: int = index
        elif ik is float and index.is_integer():
            pos = int(index)
        else:
            return no_overload("_[_]", container, index)
        if 0 <= pos < len(container):
            return container[pos]
        return CelError(f"index out of range: {pos} (list of size {len(container)})")
    if isinstance(container, Mapping):
        found, value = _map_lookup(container, index)
        if found:
            return value
        return CelError(f"no such key: {index!r}")
    return no_overload("_[_]", container, index)


def cel_select(container: object, field: str) -> object:
    if isinstance(container, Mapping):
        try:
            return container[field]
        except KeyError:
            return CelError(f"no such key: {field!r}")
    return CelError(f"type '{type_name(container)}' does not support field selection")


def cel_has(container: object, field: str) -> bool | CelError:
    if isinstance(container, Mapping):
        return field in container
    return CelError(f"type '{type_name(container)}' does not support field selection")
