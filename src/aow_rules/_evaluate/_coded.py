"""The columnar engine's view of a sample: its columns as integer codes, and every condition's
value on every row.

A column becomes codes once (`Encoder`): an enum's own codes, a bool's 0/1, otherwise the
rank of each distinct value. A condition then runs once per distinct combination of the codes
it reads (a sample of a million cases holds a few hundred), through the same compiled closure
as the per-case path, so CEL's semantics (errors and their absorption) are the same by
construction; a lookup gives every row its value (`ConditionValues`). Values are FALSE, ERROR
or TRUE, ordered so that CEL's ``&&`` is their minimum, ``||`` their maximum and ``!`` is
``2 - x``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._criteria._model import Criteria, Node
from ._frame import SET_SEPARATOR, answer_column, fact_column
from ._frame import np_ as _np
from ._frame import pl as _pl

if TYPE_CHECKING:
    import numpy
    import polars

__all__ = ["DIRECT", "ERROR", "FALSE", "TRUE", "Codes", "ConditionValues", "Encoder"]

# Applicability of a question in a row: its condition was false, true, or a CEL error.
# Ordered false < error < true, CEL's && is the minimum of its parts and || the maximum
# (false absorbs an error in &&, true in ||), and ! is 2 - x.
FALSE, ERROR, TRUE = 0, 1, 2
DIRECT = 1 << 22
"""A table of every combination of codes is built when it has at most this many entries;
above it, only the combinations that occur are found (by sorting)."""


@dataclass(frozen=True, slots=True)
class Codes:
    """A column as integer codes: ``codes[row]`` in ``range(size)``; ``values[code]`` is the
    value (None for absent)."""

    codes: numpy.ndarray[Any, Any]
    values: Sequence[Any]

    @property
    def size(self) -> int:
        return len(self.values)


class Encoder:
    """Integer codes of the frame's columns, each made once."""

    def __init__(self, criteria: Criteria, frame: polars.DataFrame) -> None:
        self.criteria = criteria
        self.frame = frame
        self.cache: dict[str, Codes] = {}

    def __call__(self, column: str) -> Codes:
        if column not in self.cache:
            self.cache[column] = self._encode(column)
        return self.cache[column]

    def _encode(self, column: str) -> Codes:
        pl = _pl()
        s = self.frame.get_column(column)
        if isinstance(s.dtype, pl.Enum):
            values: list[Any] = list(s.dtype.categories)
            codes = s.to_physical().fill_null(len(values)).to_numpy()
            return Codes(codes, [*values, None])
        if s.dtype == pl.Boolean:
            codes = s.cast(pl.UInt8).fill_null(2).to_numpy()
            return Codes(codes, [False, True, None])
        # Integers, text, dates, sets: code by the distinct values present.
        present = s.drop_nulls().unique().sort()
        values = present.to_list()
        mapping = dict(zip(values, range(len(values)), strict=True))
        coded = s.replace_strict(mapping, default=len(values), return_dtype=pl.Int32)
        fact = self.criteria.facts.get(column.removeprefix("f:"))
        if column.startswith("f:") and fact is not None and fact.type == "int":
            values = [int(v) for v in values]  # held as text beyond 64 bits
        return Codes(coded.to_numpy(), [*values, None])


def _decode(criteria: Criteria, fact: str, value: Any) -> Any:
    if value is not None and criteria.facts[fact].type == "set":
        return [] if value == "" else value.split(SET_SEPARATOR)
    return value


def _condition(criteria: Criteria, enc: Encoder, node: Node, rows: int) -> numpy.ndarray[Any, Any]:
    """The condition's value on every row: FALSE, TRUE or ERROR (int8)."""
    np = _np()
    names = [(f, True) for f in node.facts] + [(q, False) for q in node.questions]
    columns = [enc(fact_column(n) if is_fact else answer_column(n)) for n, is_fact in names]

    def run(combo: Sequence[int]) -> int:
        facts: dict[str, Any] = {}
        answers: dict[str, str] = {}
        for (name, is_fact), col, code in zip(names, columns, combo, strict=True):
            value = col.values[code]
            if value is None:
                continue
            if is_fact:
                facts[name] = _decode(criteria, name, value)
            else:
                answers[name] = value
        value = node.value(facts, answers)
        return TRUE if value is True else FALSE if value is False else ERROR

    if not columns:
        constant: numpy.ndarray[Any, Any] = np.full(rows, run(()), dtype=np.int8)
        return constant
    size = 1
    for col in columns:
        size *= col.size
    if size >= 1 << 62:  # too many combinations for one int64 key: find those that occur
        uniq_rows, inverse = np.unique(
            np.stack([c.codes for c in columns]), axis=1, return_inverse=True
        )
        found = [run(list(map(int, combo))) for combo in uniq_rows.T]
        by_rows: numpy.ndarray[Any, Any] = np.array(found, dtype=np.int8)[inverse.ravel()]
        return by_rows
    # One integer key per row for the combination of codes it reads (mixed radix).
    key = columns[0].codes
    for col in columns[1:]:
        key = key.astype(np.int64) * col.size + col.codes
    if size <= DIRECT:
        seen = np.flatnonzero(np.bincount(key, minlength=size))
        table = np.zeros(size, dtype=np.int8)
        for k in seen.tolist():
            table[k] = run(_digits(k, columns))
        result: numpy.ndarray[Any, Any] = table[key]
        return result
    uniq, inverse = np.unique(key, return_inverse=True)
    results = np.array([run(_digits(int(k), columns)) for k in uniq], dtype=np.int8)
    combined: numpy.ndarray[Any, Any] = results[inverse]
    return combined


def _combine(kind: str, parts: Sequence[numpy.ndarray[Any, Any]]) -> numpy.ndarray[Any, Any]:
    np = _np()
    if kind == "not":
        (inner,) = parts
        negated: numpy.ndarray[Any, Any] = TRUE - inner
        return negated
    combined: numpy.ndarray[Any, Any] = parts[0].copy()
    join = np.minimum if kind == "all" else np.maximum
    for part in parts[1:]:
        join(combined, part, out=combined)
    return combined


def _digits(key: int, columns: Sequence[Codes]) -> list[int]:
    out = []
    for col in reversed(columns):
        key, digit = divmod(key, col.size)
        out.append(digit)
    return out[::-1]


class ConditionValues:
    """Each distinct condition's value on every row, computed once: questions that share a
    condition share its values. An all/any/not combines its parts' values as CEL's ``&&``,
    ``||`` and ``!`` do, so each part runs over the few combinations it reads."""

    def __init__(self, criteria: Criteria, enc: Encoder, rows: int) -> None:
        self.criteria = criteria
        self.enc = enc
        self.rows = rows
        self.values: dict[str, numpy.ndarray[Any, Any]] = {}

    def __call__(self, node: Node) -> numpy.ndarray[Any, Any]:
        """FALSE, TRUE or ERROR (int8) per row."""
        if node.text not in self.values:
            if node.kind == "cel":
                value = _condition(self.criteria, self.enc, node, self.rows)
            else:
                value = _combine(node.kind, [self(child) for child in node.children])
            self.values[node.text] = value
        return self.values[node.text]
