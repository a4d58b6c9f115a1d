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

__all__ = [
    "CelError",
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


def cel_eq(left: object, right: object) -> bool:
    """CEL heterogeneous equality: values of different types are simply unequal,
    except that int and double compare by numeric value."""
    tl = type(left)
    tr = type(right)
    if tl is tr:
        if tl is list or tl is tuple:
            return _seq_eq(left, right)  # type: ignore[arg-type]
        if tl is dict:
            return _map_eq(left, right)  # type: ignore[arg-type]
        return bool(left == right)
    if _is_num(tl) and _is_num(tr):
        return bool(left == right)
    if tl in _SEQ and tr in _SEQ:
        return _seq_eq(left, right)  # type: ignore[arg-type]
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


def cel_lt(left: object, right: object) -> bool | CelError:
    if _orderable(left, right):
        return left < right  # type: ignore[operator,no-any-return]
    return no_overload("_<_", left, right)


def cel_le(left: object, right: object) -> bool | CelError:
    if _orderable(left, right):
        return left <= right  # type: ignore[operator,no-any-return]
    return no_overload("_<=_", left, right)


def cel_gt(left: object, right: object) -> bool | CelError:
    if _orderable(left, right):
        return left > right  # type: ignore[operator,no-any-return]
    return no_overload("_>_", left, right)


def cel_ge(left: object, right: object) -> bool | CelError:
    if _orderable(left, right):
        return left >= right  # type: ignore[operator,no-any-return]
    return no_overload("_>=_", left, right)


def cel_in(item: object, container: object) -> bool | CelError:
    kind = type(container)
    if kind is list or kind is tuple:
        if type(item) is str:
            # Safe for strings: Python's == between str and any other builtin is False.
            return item in container  # type: ignore[operator]
        return any(cel_eq(item, elem) for elem in container)  # type: ignore[attr-defined]
    if isinstance(container, Mapping):
        return _map_lookup(container, item)[0]
    return no_overload("@in", item, container)


def cel_size(value: object) -> int | CelError:
    kind = type(value)
    # len() of a str counts code points, which is what CEL's size() means.
    if kind is str or kind is list or kind is tuple or kind is dict:
        return len(value)  # type: ignore[arg-type]
    if isinstance(value, Mapping):
        return len(value)
    return no_overload("size", value)


def cel_index(container: object, index: object) -> object:
    kind = type(container)
    if kind is list or kind is tuple:
        seq: list[object] | tuple[object, ...] = container  # type: ignore[assignment]
        ik = type(index)
        if ik is int:
            pos: int = index  # type: ignore[assignment]
        elif ik is float and index.is_integer():  # type: ignore[attr-defined]
            pos = int(index)  # type: ignore[call-overload]
        else:
            return no_overload("_[_]", container, index)
        if 0 <= pos < len(seq):
            return seq[pos]
        return CelError(f"index out of range: {pos} (list of size {len(seq)})")
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
