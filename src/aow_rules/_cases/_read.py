"""Reading one case file: strict JSON decoding, then `parse_case`.

In: a path. Out: a checked `Case`, or `CaseError` naming the file. Called by the CLI's
``evaluate`` and by the public `load_case`; samples are read by `_sample`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._criteria import Criteria
from ..errors import CaseError, Code, Problem
from ._parse import Case, parse_case, read_case_json

__all__ = ["load_case", "read_json_file"]


def read_json_file(path: str | Path) -> Any:
    """Decoded JSON of a case file; raises `CaseError` naming the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseError([Problem(Code.FILE_NOT_FOUND, "no such file", str(p))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError([Problem(Code.FILE_UNREADABLE, str(exc), str(p))]) from None
    return read_case_json(text, str(p))


def load_case(path: str | Path, criteria: Criteria) -> Case:
    """Read and check one ``aow-case/1`` JSON file against ``criteria``."""
    return parse_case(read_json_file(path), criteria, source=str(path))
