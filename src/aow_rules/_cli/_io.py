"""What every verb is given: the three streams, and writing an output file with a clear error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .._report import Progress
from ..errors import CaseError, Code, Problem
from ._progress import progress

__all__ = ["Streams", "write_file"]


@dataclass(frozen=True, slots=True)
class Streams:
    """stdout, stderr and stdin of one run: tests pass StringIO, the console script sys.*."""

    out: IO[str]
    err: IO[str]
    inp: IO[str]

    def progress(self, label: str) -> Progress:
        """A `Progress` hook drawing a bar on stderr when it is a terminal."""

        def hook(items: Iterable[Any], total: int | None) -> Iterable[Any]:
            return progress(items, total, label, self.err)

        return hook


def write_file(path: Path, text: str) -> None:
    """Write an output file, making its folder; a path that cannot be written is an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CaseError(
            [Problem(Code.FILE_UNREADABLE, f"cannot write: {exc.strerror}", str(path))]
        ) from None
