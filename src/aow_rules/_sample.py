"""Reading a sample of cases: a JSON Lines file, a CSV file, or a folder of case files.

One bad case never loses the others: every case that fails is kept as a `Rejected` entry
with its problems, and the rest are returned in input order (files sorted by name). The CSV
form (one row per case, see `_csv`) gives the same `Case` objects as the same cases written
as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ._case import Case, parse_case, read_case_json
from ._criteria import Criteria
from ._csv import read_csv_cases, write_csv
from .errors import AowError, CaseError, Code, Problem

__all__ = ["Rejected", "Sample", "read_sample", "write_csv"]

_CASE_FILES = (".json",)
_LINE_FILES = (".jsonl", ".ndjson")
_CSV_FILES = (".csv",)
# JSON Lines are separated by \n (or \r\n). str.splitlines would also split at U+2028,
# U+0085 and others, which JSON allows raw inside strings.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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


def read_sample(path: str | Path, criteria: Criteria) -> Sample:
    """Read every case of a sample against ``criteria``: a JSON Lines file (one case a
    line), a ``.csv`` file (one case a row), or a folder of ``.json``, ``.jsonl`` and ``.csv``
    files, read in name order.

    Raises `CaseError` only when the sample itself cannot be read: no such file, a folder
    with no case files, or a CSV file whose header is missing or wrong (an unknown column
    is a problem for every row). Problems with single cases are returned in
    `Sample.rejected`, with the source ``file`` or ``file:line``.
    """
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
    elif root.is_file():
        files = [root]
    else:
        raise CaseError([Problem(Code.FILE_NOT_FOUND, "no such file or folder", str(root))])
    read: list[Case | Rejected] = []
    sources: list[str] = []
    for file in files:
        csv_file = file.suffix in _CSV_FILES
        try:
            text = _read_text(file, csv_file)
        except (OSError, UnicodeDecodeError) as exc:
            read.append(Rejected(str(file), (Problem(Code.FILE_UNREADABLE, str(exc), str(file)),)))
            sources.append(str(file))
            continue
        if csv_file:
            for source, got in read_csv_cases(text, str(file), criteria):
                read.append(got if isinstance(got, Case) else Rejected(source, got))
                sources.append(source)
        elif file.suffix in _LINE_FILES or (file is root and file.suffix not in _CASE_FILES):
            for number, line in enumerate(_LINE_BREAK.split(text), start=1):
                if line.strip():
                    source = f"{file}:{number}"
                    read.append(_one(line, source, criteria))
                    sources.append(source)
        else:
            read.append(_one(text, str(file), criteria))
            sources.append(str(file))
    cases = tuple(c for c in read if isinstance(c, Case))
    kept = tuple(s for c, s in zip(read, sources, strict=True) if isinstance(c, Case))
    return Sample(cases, kept, tuple(r for r in read if isinstance(r, Rejected)))
