"""Reading one case: from a file, from bytes or text, always through the strict JSON reader.

In: a path, or the bytes of one case (a file, a line of JSON Lines). Out: a checked `Case`, or
`CaseError` / `Rejected` naming where it came from. Called by the CLI's ``evaluate``, the public
`load_case` and the sample readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._strict._json import loads
from .._strict._lines import read_bytes
from ..errors import CaseError, Problem
from ._fast import fast_case
from ._model import Case
from ._parse import parse_case

if TYPE_CHECKING:
    from .._criteria import Criteria

__all__ = ["case_from_bytes", "load_case", "read_json_file"]


def read_json_file(path: str | Path) -> Any:
    """Decoded JSON of a case file; raises `CaseError` naming the file."""
    raw, problem = read_bytes(path)
    if problem is not None:
        raise CaseError([problem])
    data, problems = loads(raw, str(path))
    if problems:
        raise CaseError(problems)
    return data


def load_case(path: str | Path, criteria: Criteria) -> Case:
    """Read and check one ``aow-case/1`` JSON file against ``criteria``."""
    return parse_case(read_json_file(path), criteria, source=str(path))


def case_from_bytes(raw: bytes, source: str, criteria: Criteria) -> Case | tuple[Problem, ...]:
    """The case in the JSON bytes ``raw`` (a file, a line), or its problems."""
    case = fast_case(raw, criteria)
    if case is not None:
        return case
    data, problems = loads(raw, source)
    if problems:
        return tuple(problems)
    try:
        return parse_case(data, criteria, source=source)
    except CaseError as exc:
        return exc.problems
