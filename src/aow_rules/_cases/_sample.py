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

from .._criteria._model import Criteria
from ..errors import AowError, CaseError, Code, Problem
from ._csv import read_csv_cases, write_csv
from ._parse import Case, parse_case, read_case_json

__all__ = ["Rejected", "Sample", "iter_sample", "read_sample", "write_csv"]

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
    def of(cls, cases: Sample | Iterable[Case]) -> Sample:
        """``cases`` as a sample: a `Sample` as it is; cases, each named by its case id."""
        if isinstance(cases, Sample):
            return cases
        held = tuple(cases)
        return cls(held, tuple(c.case_id for c in held), ())


def _one(text: str, source: str, criteria: Criteria) -> Case | Rejected:
    try:
        return parse_case(read_case_json(text, source), criteria, source=source)
    except AowError as exc:
        return Rejected(source, exc.problems)


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in _CASE_FILES + _LINE_FILES + _CSV_FILES
    )


def _read_text(file: Path, csv_file: bool) -> str:
    if not csv_file:
        return file.read_text(encoding="utf-8")
    # Excel writes a byte-order mark at the start of "CSV UTF-8" files; newline="" keeps the
    # line ends inside quoted cells as written, as the csv module requires.
    with file.open(encoding="utf-8-sig", newline="") as stream:
        return stream.read()


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
        try:
            if lines and not csv_file:
                # newline="": split at \n, \r\n and \r only, as JSON Lines are; never at
                # U+2028 and the like, which JSON allows raw inside strings.
                with file.open(encoding="utf-8", newline="") as stream:
                    for number, line in enumerate(stream, start=1):
                        if line.strip():
                            source = f"{file}:{number}"
                            yield source, _one(line, source, criteria)
                continue
            text = _read_text(file, csv_file)
        except (OSError, UnicodeDecodeError) as exc:
            yield (
                str(file),
                Rejected(str(file), (Problem(Code.FILE_UNREADABLE, str(exc), str(file)),)),
            )
            continue
        if csv_file:
            for source, got in read_csv_cases(text, str(file), criteria):
                yield source, got if isinstance(got, Case) else Rejected(source, got)
        else:
            yield str(file), _one(text, str(file), criteria)


def read_sample(path: str | Path, criteria: Criteria) -> Sample:
    """Read every case of a sample against ``criteria``: a JSON Lines file (one case a
    line), a ``.csv`` file (one case a row), or a folder of ``.json``, ``.jsonl`` and ``.csv``
    files, read in name order.

    Raises `CaseError` only when the sample itself cannot be read: no such file, a folder
    with no case files, or a CSV file whose header is missing or wrong (an unknown column
    is a problem for every row). Problems with single cases are returned in
    `Sample.rejected`, with the source ``file`` or ``file:line``.
    """
    read = list(iter_sample(path, criteria))
    cases = tuple(c for _, c in read if isinstance(c, Case))
    kept = tuple(s for s, c in read if isinstance(c, Case))
    return Sample(cases, kept, tuple(c for _, c in read if isinstance(c, Rejected)))
