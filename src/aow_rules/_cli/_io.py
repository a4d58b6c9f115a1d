"""What every verb is given: the three streams, and writing an output file with a clear error."""

from __future__ import annotations

import io as _io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from .._report import Progress
from ..errors import CaseError, Code, Problem
from ._progress import progress

__all__ = ["STDIN", "Streams", "write_file"]

STDIN = "<stdin>"
"""How standard input (``-``) is named in sources and labels."""


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

    def binary_input(self) -> BinaryIO:
        """Standard input as bytes, so that each line is decoded on its own (a test's StringIO
        is encoded back, with any lone surrogate kept as the invalid bytes it stands for)."""
        buffer = getattr(self.inp, "buffer", None)
        if buffer is not None:
            return cast(BinaryIO, buffer)
        text = self.inp.read()
        try:
            return _io.BytesIO(text.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:
            return _io.BytesIO(text.encode("utf-8", "surrogatepass"))


def write_file(path: Path, text: str) -> None:
    """Write an output file, making its folder; a path that cannot be written is an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Input is checked so that no unencodable character reaches an output; should one
        # still come (a file name that is not UTF-8), it is written escaped, never a crash.
        path.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise CaseError(
            [Problem(Code.FILE_UNREADABLE, f"cannot write: {exc.strerror}", str(path))]
        ) from None
