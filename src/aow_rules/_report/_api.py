"""The public `report`: a sample in any form, its inputs by path, the engine chosen once.

In: a criteria version, a sample (a `Sample`, cases, or the path of a sample file), the
breakdowns, the paths of reference figures and recorded ratings, an engine. Out: a
`SampleReport`. Called by the public API, the CLI's report and demo verbs, and (later) the
service. The builders it calls (`_report`) take everything already read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from io import IOBase
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from .._aggregate import load_recorded, load_reference
from .._aggregate._inspection import Inspection, load_inspection
from .._cases import (
    Case,
    Rejected,
    Sample,
    iter_sample,
    iter_stream,
    read_sample,
    read_stream,
)
from .._cases._bulk import bulk
from .._criteria import Criteria
from .._evaluate import Engine, choose_engine, evaluate
from ..errors import ArgumentError, Code, Problem
from ._model import SampleReport
from ._report import build_columnar_report, build_report, stream_report

__all__ = ["Progress", "report"]

T = TypeVar("T")
Progress = Callable[[Iterable[Any], int | None], Iterable[Any]]
"""A hook that yields the items it is given, and may show how far they have got (the CLI
draws a bar); given the items and their number, when known."""


def _quiet(items: Iterable[T], total: int | None) -> Iterable[T]:
    return items


def _items(
    sample: Sample | Iterable[Case], criteria: Criteria
) -> Iterator[tuple[str, Case | Rejected]]:
    if isinstance(sample, Sample):
        sample = Sample.of(sample, criteria)
        yield from zip(sample.sources, sample.cases, strict=True)
        for rejected in sample.rejected:
            yield rejected.source, rejected
        return
    for case in sample:  # one at a time: a case built by hand is checked as it comes
        held = Sample.of((case,), criteria)
        if held.cases:
            yield held.sources[0], held.cases[0]
        else:
            yield held.rejected[0].source, held.rejected[0]


@bulk
def report(
    criteria: Criteria,
    sample: Sample | Iterable[Case] | str | Path | BinaryIO,
    *,
    by: Sequence[str] | None = None,
    reference: str | Path | None = None,
    ratings: str | Path | None = None,
    engine: Engine = "auto",
    label: str | None = None,
    progress: Progress = _quiet,
    inspection: str | Path | Mapping[str, Any] | Inspection | None = None,
) -> SampleReport:
    """Score every case of ``sample`` under ``criteria`` and report on the sample.

    ``sample``: a `Sample` (from `read_sample`: its rejected cases are listed in the report),
    cases, the path of a sample file or folder, or a binary stream holding a sample (JSON
    Lines or CSV, as on standard input); a path or a stream is read here (with
    ``engine="stream"``, one case at a time). A case built by hand is checked first.
    ``by``: the facts (or ``assessor``) to break scores down by; default: the breakdowns the
    criteria declare, and assessor; ``[]`` for none.
    ``reference``, ``ratings``: files of reference figures (``aow-reference/1``) and of
    ratings recorded by a panel (``aow-ratings/1``).
    ``engine``: ``per-case`` evaluates each case (and can explain each); ``columnar`` scores
    the sample as columns (polars; the same numbers, no per-case explanations); ``stream``
    scores one case at a time and keeps none (bounded memory; totals, no case list);
    ``auto`` picks columnar from 20,000 cases when polars is installed, else per-case.
    ``label``: the sample's name in the outputs; default: its path, when given one.
    ``progress``: called with the cases as they are scored one by one (see `Progress`).
    ``inspection``: the inspection the sample was read for (``aow-inspection/1``): the path
    of a YAML or JSON file, or the record as decoded data; shown in the report's header.
    Read and checked (against ``criteria``) before any case is scored: `CaseError`.
    """
    if not isinstance(inspection, str | Path | Mapping | Inspection | None):
        raise ArgumentError(
            [
                Problem(
                    Code.WRONG_TYPE,
                    f"inspection is a {type(inspection).__name__}; expected the path of an "
                    "aow-inspection/1 file, or its record as a dict",
                    "inspection",
                )
            ]
        )
    record = (
        inspection
        if inspection is None or isinstance(inspection, Inspection)
        else load_inspection(inspection, criteria)
    )
    result = _report(
        criteria,
        sample,
        by=by,
        reference=reference,
        ratings=ratings,
        engine=engine,
        label=label,
        progress=progress,
    )
    return result if record is None else replace(result, inspection=record)


def _report(
    criteria: Criteria,
    sample: Sample | Iterable[Case] | str | Path | BinaryIO,
    *,
    by: Sequence[str] | None,
    reference: str | Path | None,
    ratings: str | Path | None,
    engine: Engine,
    label: str | None,
    progress: Progress,
) -> SampleReport:
    ref = None if reference is None else load_reference(reference, criteria)
    recorded = None if ratings is None else load_recorded(ratings, criteria)
    if isinstance(sample, str | Path):
        name = str(sample) if label is None else label
        if engine == "stream":
            items = progress(iter_sample(sample, criteria), None)
            return stream_report(
                criteria, items, source=name, by=by, reference=ref, recorded=recorded
            )
        sample = read_sample(sample, criteria)
    elif isinstance(sample, IOBase | BinaryIO):
        name = label or ""
        if engine == "stream":
            items = progress(iter_stream(sample, name or "<stream>", criteria), None)
            return stream_report(
                criteria, items, source=name, by=by, reference=ref, recorded=recorded
            )
        sample = read_stream(sample, name or "<stream>", criteria)
    else:
        name = label or ""
    if engine == "stream":
        return stream_report(
            criteria,
            progress(_items(sample, criteria), None),
            source=name,
            by=by,
            reference=ref,
            recorded=recorded,
        )
    held = Sample.of(sample, criteria)
    if choose_engine(engine, len(held.cases), criteria) == "columnar":
        return build_columnar_report(
            criteria,
            held.cases,
            source=name,
            rejected=held.rejected,
            by=by,
            reference=ref,
            recorded=recorded,
        )
    return build_report(
        criteria,
        [evaluate(criteria, c) for c in progress(held.cases, len(held.cases))],
        source=name,
        sources=held.sources,
        rejected=held.rejected,
        by=by,
        reference=ref,
        recorded=recorded,
    )
