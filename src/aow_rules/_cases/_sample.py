"""Reading a sample of cases: a JSON Lines file, a CSV file, or a folder of case files.

One bad case never loses the others: every case that fails is kept as a `Rejected` entry
with its problems, and the rest are returned in input order (files sorted by name). The CSV
form (one row per case, see `_csv`) gives the same `Case` objects as the same cases written
as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .._criteria._model import Criteria
from .._strict._lines import json_lines, read_bytes, sniff
from .._strict._text import id_problem
from ..errors import CaseError, Code, Problem
from ._bulk import bulk
from ._csv import read_csv_cases, write_csv
from ._parse import Case, checked
from ._read import case_from_bytes

__all__ = [
    "Rejected",
    "Sample",
    "iter_lines",
    "iter_sample",
    "iter_stream",
    "read_sample",
    "read_stream",
    "write_csv",
]

_CASE_FILES = (".json",)
_LINE_FILES = (".jsonl", ".ndjson")
_CSV_FILES = (".csv",)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A case that could not be read, and why."""

    source: str
    """Where it was: ``file`` or ``file:line``."""
    problems: tuple[Problem, ...]

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "problems": [p.to_dict() for p in self.problems]}


@dataclass(frozen=True, slots=True)
class Sample:
    """The valid cases of a sample, where each came from, and the rejected ones."""

    cases: tuple[Case, ...]
    sources: tuple[str, ...]
    """``file`` or ``file:line`` of each case, aligned with ``cases``."""
    rejected: tuple[Rejected, ...]

    @classmethod
    def of(cls, cases: Sample | Iterable[Case], criteria: Criteria) -> Sample:
        """``cases`` as a sample of ``criteria``: a `Sample`, or cases, each named by its case
        id. A case `parse_case` did not build for ``criteria`` (one built by hand) is checked
        now, and rejected if invalid, as it would have been when read."""
        if isinstance(cases, Sample):
            if all(c._checked_for is criteria for c in cases.cases):
                return cases
            held, sources = cases.cases, cases.sources
            rejected = list(cases.rejected)
        else:
            held = tuple(cases)
            if all(c._checked_for is criteria for c in held):
                return cls(held, tuple(c.case_id for c in held), ())
            sources = tuple(_name(c) for c in held)
            rejected = []
        kept: list[Case] = []
        kept_sources: list[str] = []
        for case, source in zip(held, sources, strict=True):
            try:
                kept.append(checked(case, criteria))
            except CaseError as exc:
                rejected.append(Rejected(source, exc.problems))
            else:
                kept_sources.append(source)
        return cls(tuple(kept), tuple(kept_sources), tuple(rejected))


def _one(raw: bytes, source: str, criteria: Criteria) -> Case | Rejected:
    got = case_from_bytes(raw, source, criteria)
    return got if isinstance(got, Case) else Rejected(source, got)


def _name(case: Case) -> str:
    case_id = case.case_id
    if isinstance(case_id, str) and id_problem(case_id) is None:
        return case_id
    return ascii(case_id)  # shown escaped, so that it can always be printed


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in _CASE_FILES + _LINE_FILES + _CSV_FILES
    )


def _root_files(path: str | Path) -> tuple[Path, list[Path]]:
    root = Path(path)
    if root.is_dir():
        files = _files(root)
        if not files:
            raise CaseError(
                [
                    Problem(
                        Code.FILE_NOT_FOUND,
                        "the folder holds no .json, .jsonl or .csv case files",
                        str(root),
                    )
                ]
            )
        return root, files
    if root.is_file():
        return root, [root]
    raise CaseError([Problem(Code.FILE_NOT_FOUND, "no such file or folder", str(root))])


def iter_sample(path: str | Path, criteria: Criteria) -> Iterator[tuple[str, Case | Rejected]]:
    """The cases of a sample one at a time, each with its source (``file`` or
    ``file:line``): a JSON Lines file is read a line at a time, so memory stays bounded
    however long it is. CSV files and case files are read whole, one at a time.

    Raises `CaseError` as `read_sample` does, before yielding anything.
    """
    root, files = _root_files(path)
    return _iter_files(root, files, criteria)


def _iter_files(
    root: Path, files: list[Path], criteria: Criteria
) -> Iterator[tuple[str, Case | Rejected]]:
    for file in files:
        csv_file = file.suffix in _CSV_FILES
        lines = file.suffix in _LINE_FILES or (file is root and file.suffix not in _CASE_FILES)
        if lines and not csv_file:
            try:
                with file.open("rb") as stream:
                    yield from iter_lines(stream, str(file), criteria)
            except OSError as exc:
                yield str(file), _unreadable(file, exc)
            continue
        raw, problem = read_bytes(file)
        if problem is not None:
            yield str(file), Rejected(str(file), (problem,))
        elif csv_file:
            yield from iter_csv(raw, str(file), criteria)
        else:
            yield str(file), _one(raw, str(file), criteria)


def _unreadable(file: Path, exc: OSError) -> Rejected:
    problem = Problem(Code.FILE_UNREADABLE, exc.strerror or str(exc), str(file))
    return Rejected(str(file), (problem,))


def iter_lines(
    stream: BinaryIO, name: str, criteria: Criteria
) -> Iterator[tuple[str, Case | Rejected]]:
    """The cases of a JSON Lines stream, a line at a time: a bad line is one `Rejected`."""
    for source, raw in json_lines(stream, name):
        if isinstance(raw, Problem):
            yield source, Rejected(source, (raw,))
        else:
            yield source, _one(raw, source, criteria)


def iter_csv(raw: bytes, name: str, criteria: Criteria) -> Iterator[tuple[str, Case | Rejected]]:
    """The cases of a CSV file's bytes, a row at a time. Raises `CaseError` for a header that
    cannot be read (see `read_csv_cases`)."""
    for source, got in read_csv_cases(raw, name, criteria):
        yield source, got if isinstance(got, Case) else Rejected(source, got)


def iter_stream(
    stream: BinaryIO, name: str, criteria: Criteria
) -> Iterator[tuple[str, Case | Rejected]]:
    """The cases of a sample on a stream (standard input): JSON Lines, read a line at a time,
    or CSV, read whole (see `_strict._lines.sniff`)."""
    kind, whole = sniff(stream)
    if kind == "jsonl":
        yield from iter_lines(whole, name, criteria)
    else:
        yield from iter_csv(whole.read(), name, criteria)


@bulk
def read_sample(path: str | Path, criteria: Criteria) -> Sample:
    """Read every case of a sample against ``criteria``: a JSON Lines file (one case a
    line), a ``.csv`` file (one case a row), or a folder of ``.json``, ``.jsonl`` and ``.csv``
    files, read in name order.

    Raises `CaseError` only when the sample itself cannot be read: no such file, a folder
    with no case files, or a CSV file whose header is missing or wrong (an unknown column
    is a problem for every row). Problems with single cases are returned in
    `Sample.rejected`, with the source ``file`` or ``file:line``.
    """
    return _held(iter_sample(path, criteria))


@bulk
def read_stream(stream: BinaryIO, name: str, criteria: Criteria) -> Sample:
    """Read every case of a sample on a binary stream (standard input), as `read_sample`
    reads a file: JSON Lines, or CSV (see `iter_stream`); ``name`` names it in sources."""
    return _held(iter_stream(stream, name, criteria))


def _held(items: Iterable[tuple[str, Case | Rejected]]) -> Sample:
    read = list(items)
    cases = tuple(c for _, c in read if isinstance(c, Case))
    kept = tuple(s for s, c in read if isinstance(c, Case))
    return Sample(cases, kept, tuple(c for _, c in read if isinstance(c, Rejected)))
