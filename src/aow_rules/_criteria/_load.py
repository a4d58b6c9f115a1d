"""Finding the criteria shipped with the package, and loading a criteria file by id or path.

In: a shipped id or a file path. Out: a compiled `Criteria` (cached by path and bytes).
Called by every verb that names criteria.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from .._strict._limits import MAX_FILE_BYTES
from .._strict._lines import read_bytes
from ..errors import Code, CriteriaError, Problem, did_you_mean
from ._compile import compile_text
from ._model import Criteria

__all__ = ["load_criteria", "parse_criteria", "resolve_criteria", "shipped_criteria"]

_SHIPPED = "shipped"  # package folder holding the files of criteria/ (a link in the source tree)
# Files that sit beside a criteria file and are not criteria: golden cases, synthetic profiles.
_BESIDE = (".cases.yaml", ".synth.yaml")
_cache: dict[tuple[str, bytes], Criteria] = {}
_cache_lock = threading.Lock()


def shipped_criteria() -> dict[str, Path]:
    """Id -> file of every criteria version shipped with aow-rules."""
    folder = resources.files("aow_rules") / _SHIPPED
    found: dict[str, Path] = {}
    if folder.is_dir():
        for entry in folder.iterdir():
            name = entry.name
            if name.endswith(".yaml") and not name.endswith(_BESIDE):
                found[name.removesuffix(".yaml")] = Path(str(entry))
    return dict(sorted(found.items()))


def resolve_criteria(id_or_path: str | Path) -> Path:
    """The file for a shipped criteria id, or the given path. Raises `CriteriaError`."""
    text = str(id_or_path)
    shipped = shipped_criteria()
    if text in shipped:
        return shipped[text]
    path = Path(text)
    if path.is_file():
        return path
    hint = did_you_mean(text, shipped) or f"shipped criteria: {', '.join(shipped) or 'none'}"
    raise CriteriaError(
        [
            Problem(
                Code.FILE_NOT_FOUND,
                f"no shipped criteria with id {text!r} and no file at that path",
                text,
                suggestion=hint,
            )
        ]
    )


def load_criteria(id_or_path: str | Path) -> Criteria:
    """Load and compile a criteria version, named by shipped id or by file path.

    Compiled criteria are immutable, so loading the same bytes twice returns the same object.
    Raises `CriteriaError` listing every problem of the file.
    """
    path = resolve_criteria(id_or_path)
    data, problem = read_bytes(path, MAX_FILE_BYTES)
    if problem is not None:
        raise CriteriaError([problem])
    key = (str(path), data)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    criteria = compile_text(data, str(path))
    with _cache_lock:
        _cache.setdefault(key, criteria)
    return criteria


def parse_criteria(text: str | bytes, *, source: str = "<criteria>") -> Criteria:
    """Compile a criteria file's content (YAML text, or its UTF-8 bytes), not read from disk.

    ``source`` names it in problems (a file name, say). Nothing is cached: each call compiles
    afresh, for content that is generated or edited in memory (use `load_criteria` for files).
    Raises `CriteriaError` listing every problem.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    return compile_text(data, source)
