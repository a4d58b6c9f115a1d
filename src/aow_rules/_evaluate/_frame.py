"""A sample as one polars frame: the input of the columnar engine (`_columnar`).

A column per fact, per answer and per evidence rule, named ``f:<fact>``, ``a:<question>`` and
``e:<question>``, so no fact or question id can clash with ``case_id``, ``assessor`` or
``synthetic``. Answers and choice facts are enums of their declared options: integer codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._cases._parse import Case
from .._criteria._model import Criteria

if TYPE_CHECKING:
    import polars

__all__ = [
    "SET_SEPARATOR",
    "answer_column",
    "evidence_column",
    "fact_column",
    "np_",
    "pl",
    "to_frame",
]

SET_SEPARATOR = "\x1f"
"""Joins the values of a set fact into one cell (options never contain it)."""
_INT64 = (-(1 << 63), (1 << 63) - 1)


def pl() -> Any:
    import polars  # noqa: PLC0415 - optional dependency, imported only on this path

    return polars


def np_() -> Any:
    import numpy  # noqa: PLC0415 - optional dependency, imported only on this path

    return numpy


def fact_column(name: str) -> str:
    return f"f:{name}"


def answer_column(name: str) -> str:
    return f"a:{name}"


def evidence_column(name: str) -> str:
    return f"e:{name}"


def to_frame(criteria: Criteria, cases: Sequence[Case]) -> polars.DataFrame:
    """The cases as one frame (see the module's docstring), rows in the order of ``cases``."""
    polars_ = pl()
    facts = list(criteria.facts.values())
    fact_ids = [f.id for f in facts]
    question_ids = [q.id for q in criteria.questions]
    evidenced = [q.id for q in criteria.questions if q.evidence_when]
    blank = ("",) * len(evidenced)
    none_given = (False,) * len(evidenced)
    # One pass over the cases, each case's mappings read once, then a transpose: a pass per
    # column would fetch every case from memory once per column, and at 10^5 cases and more
    # that costs more than the reading itself.
    fact_rows = []
    answer_rows = []
    evidence_rows = []
    for case in cases:
        fact_rows.append(tuple(map(case.facts.get, fact_ids)))
        answer_rows.append(tuple(map(case.answers.get, question_ids)))
        evidence = case.evidence
        evidence_rows.append(
            tuple(map(bool, map(str.strip, map(evidence.get, evidenced, blank))))
            if evidence
            else none_given
        )
    fact_columns = list(zip(*fact_rows, strict=True)) if cases else [()] * len(facts)
    answer_columns = list(zip(*answer_rows, strict=True)) if cases else [()] * len(question_ids)
    evidence_columns = dict(
        zip(
            evidenced,
            zip(*evidence_rows, strict=True) if cases else [()] * len(evidenced),
            strict=True,
        )
    )
    del fact_rows, answer_rows, evidence_rows
    cols: dict[str, Any] = {
        "case_id": polars_.Series([c.case_id for c in cases], dtype=polars_.String),
        "assessor": polars_.Series([c.assessor for c in cases], dtype=polars_.String),
        "synthetic": polars_.Series([c.synthetic for c in cases], dtype=polars_.Boolean),
    }
    for f, column in zip(facts, fact_columns, strict=True):
        values: Sequence[Any] = column
        if f.type == "set":
            values = [None if v is None else SET_SEPARATOR.join(v) for v in values]
        if f.type == "choice":
            dtype = polars_.Enum(list(f.options or ()))
        elif f.type == "int" and any(
            v is not None and not _INT64[0] <= v <= _INT64[1] for v in values
        ):
            # Python integers have no bounds; beyond 64 bits the column holds their text.
            values = [None if v is None else str(v) for v in values]
            dtype = polars_.String
        else:
            dtype = {"bool": polars_.Boolean, "int": polars_.Int64}.get(f.type, polars_.String)
        cols[fact_column(f.id)] = polars_.Series(values, dtype=dtype)
    for q, column in zip(criteria.questions, answer_columns, strict=True):
        options = [o.value for o in q.scale.options] if q.scale else []
        dtype = polars_.Enum(options) if options else polars_.String
        cols[answer_column(q.id)] = polars_.Series(column, dtype=dtype)
        if q.evidence_when:
            cols[evidence_column(q.id)] = polars_.Series(
                evidence_columns[q.id], dtype=polars_.Boolean
            )
    frame: polars.DataFrame = polars_.DataFrame(cols)
    return frame
