"""Static types understood by the checker (the subset's types plus ``dyn``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "BOOL",
    "DOUBLE",
    "DYN",
    "INT",
    "STRING",
    "CelType",
    "TypeKind",
    "eq_compatible",
    "join",
    "list_of",
    "map_of",
    "orderable",
]

_NUMERIC = ("int", "double")
_ORDERED = ("int", "double", "string", "bool")

TypeKind = Literal["bool", "int", "double", "string", "list", "map", "dyn"]


@dataclass(frozen=True, slots=True)
class CelType:
    """A CEL type: ``list`` has one parameter (element), ``map`` two (key, value).

    ``options`` and ``label`` do not take part in equality: they carry the closed set
    of values a declared string may take, and the source text naming it, so that a
    comparison with an impossible literal can be reported.
    """

    kind: TypeKind
    params: tuple[CelType, ...] = ()
    options: tuple[str, ...] | None = field(default=None, compare=False)
    label: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        if self.params:
            return f"{self.kind}({', '.join(str(p) for p in self.params)})"
        return self.kind

    @property
    def elem(self) -> CelType:
        return self.params[0] if self.kind == "list" else DYN

    @property
    def key(self) -> CelType:
        return self.params[0] if self.kind == "map" else DYN

    @property
    def value(self) -> CelType:
        return self.params[1] if self.kind == "map" else DYN


BOOL = CelType("bool")
INT = CelType("int")
DOUBLE = CelType("double")
STRING = CelType("string")
DYN = CelType("dyn")


def list_of(elem: CelType) -> CelType:
    return CelType("list", (elem,))


def map_of(key: CelType, value: CelType) -> CelType:
    return CelType("map", (key, value))


def eq_compatible(a: CelType, b: CelType) -> bool:
    if a.kind == "dyn" or b.kind == "dyn":
        return True
    if a.kind in _NUMERIC and b.kind in _NUMERIC:
        # CEL compares int and double by numeric value.
        return True
    if a.kind != b.kind:
        return False
    return all(eq_compatible(x, y) for x, y in zip(a.params, b.params, strict=True))


def orderable(a: CelType, b: CelType) -> bool:
    if a.kind == "dyn":
        return b.kind in _ORDERED or b.kind == "dyn"
    if b.kind == "dyn":
        return a.kind in _ORDERED
    if a.kind in _NUMERIC and b.kind in _NUMERIC:
        return True
    return a.kind == b.kind and a.kind in ("string", "bool")


def join(a: CelType, b: CelType) -> CelType | None:
    """The type of a value that is either an ``a`` or a ``b``; None if there is none."""
    if a.kind == "dyn" or b.kind == "dyn":
        return DYN
    if a.kind != b.kind:
        return None
    if not a.params:
        if a.options == b.options and a.label == b.label:
            return a
        return CelType(a.kind)
    params = [join(x, y) for x, y in zip(a.params, b.params, strict=True)]
    if any(p is None for p in params):
        return None
    return CelType(a.kind, tuple(p for p in params if p is not None))
