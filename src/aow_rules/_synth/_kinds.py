"""What a draw of a synthetic profile gives, and whether a fact of the criteria can record it.

In: the values a compiled draw can give (`VarType`) and the criteria's `Fact`s. Out: how
conditions see each drawn name (`VarDecl`) and, for a fact, why its draw does not fit (wrong
kind, out of bounds). Options outside a choice or set are found where they are written, by
`_draws`. Called by `_draws` and `_profile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .._cel import VarDecl
from .._criteria import Fact
from .._strict._text import is_iso_date
from ..errors import Code

__all__ = ["VarType", "fact_decl", "fact_mismatch"]

_FACT_KINDS: dict[str, Literal["bool", "int", "string", "list"]] = {
    "bool": "bool",
    "int": "int",
    "choice": "string",
    "set": "list",
    "date": "string",
    "text": "string",
}


@dataclass(frozen=True, slots=True)
class VarType:
    """What a draw can give: its kind and, for strings and sets, every value it can take."""

    kind: Literal["bool", "int", "string", "set", "date"]
    values: tuple[str, ...] | None = None
    """Strings and sets: the closed list of values (None: open text)."""
    low: int | None = None
    high: int | None = None

    def decl(self) -> VarDecl:
        """How a condition sees a value of this type."""
        if self.kind == "set":
            return VarDecl("list", self.values)
        if self.kind == "date":  # an ISO date computed by the draw: a string to conditions
            return VarDecl("string", None)
        return VarDecl(self.kind, self.values if self.kind == "string" else None)

    def __or__(self, other: VarType) -> VarType | None:
        """A type that holds both (None when the kinds differ)."""
        if self.kind != other.kind:
            return None
        values = None
        if self.values is not None and other.values is not None:
            values = tuple(dict.fromkeys(self.values + other.values))
        low = None if self.low is None or other.low is None else min(self.low, other.low)
        high = None if self.high is None or other.high is None else max(self.high, other.high)
        return VarType(self.kind, values, low, high)


def fact_decl(fact: Fact) -> VarDecl:
    """How a condition sees a fact of the criteria (its declared type, every option)."""
    return VarDecl(_FACT_KINDS[fact.type], fact.options)


def fact_mismatch(fact: Fact, kind: VarType) -> tuple[Code, str] | None:
    """Why values of ``kind`` cannot be recorded as ``fact``, with its code (None: they can).

    Options outside a choice or set are reported where they are written (`DrawCompiler`)."""
    want = {"bool": "bool", "int": "int", "choice": "string", "set": "set"}.get(fact.type, "string")
    if fact.type == "date" and kind.kind == "date":
        return None  # computed by months_before from a date drawn above: always a date
    if kind.kind != want:
        return (
            Code.WRONG_TYPE,
            f"fact {fact.id} is of type {fact.type}, but this draw gives a {kind.kind}",
        )
    if fact.type == "int":
        if fact.min is not None and (kind.low is None or kind.low < fact.min):
            return (
                Code.INVALID_VALUE,
                f"fact {fact.id} is at least {fact.min}, but this draw can give {kind.low}",
            )
        if fact.max is not None and (kind.high is None or kind.high > fact.max):
            return (
                Code.INVALID_VALUE,
                f"fact {fact.id} is at most {fact.max}, but this draw can give {kind.high}",
            )
    if fact.type in ("choice", "date") and kind.values is None:
        return (
            Code.WRONG_TYPE,
            f"fact {fact.id} is of type {fact.type}: a text template cannot give its values",
        )
    if fact.type == "date" and kind.values is not None:
        for value in kind.values:
            if not is_iso_date(value):
                return (
                    Code.INVALID_VALUE,
                    f"fact {fact.id} is a date (YYYY-MM-DD), but this draw can give {value!r}",
                )
    return None
