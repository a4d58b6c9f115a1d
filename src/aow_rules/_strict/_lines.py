"""Reading files and streams a line at a time, so that one bad line costs one row.

A JSON Lines file is split into lines as bytes and each line is decoded on its own: a byte
that is not UTF-8 rejects its line, never the rest of the file. A line longer than
`MAX_BYTES` is skipped without being held in memory. A CSV file is decoded line by line too:
the lines that are not UTF-8 are named, and the rows that hold them are rejected.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

from ..errors import Code, Problem
from ._limits import MAX_BYTES
from ._text import decode_utf8

__all__ = ["csv_text", "json_lines", "read_bytes", "sniff"]


def read_bytes(
    path: str | os.PathLike[str], limit: int = MAX_BYTES
) -> tuple[bytes, Problem | None]:
    """The bytes of a file of at most ``limit`` bytes, or the problem that stops reading it."""
    source = str(path)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(limit + 1)
            if len(raw) > limit:
                size = os.fstat(stream.fileno()).st_size
                return b"", Problem(
                    Code.INPUT_TOO_LARGE,
                    f"the file is {max(size, len(raw)):,} bytes long; at most {limit:,} are read",
                    source,
                    suggestion="split it, or check that it is the file meant",
                )
    except FileNotFoundError:
        return b"", Problem(Code.FILE_NOT_FOUND, "no such file", source)
    except OSError as exc:
        return b"", Problem(Code.FILE_UNREADABLE, exc.strerror or str(exc), source)
    return raw, None


def json_lines(stream: BinaryIO, name: str) -> Iterator[tuple[str, bytes | Problem]]:
    """Each line of a JSON Lines stream that is not blank: its source (``name:line``) and its
    bytes, or the problem of a line over `MAX_BYTES`. Lines end at ``\\n``, ``\\r\\n`` or
    ``\\r``; only ``\\n`` may end a line of more than `MAX_BYTES`."""
    number = 0
    readline = stream.readline
    while True:
        chunk = readline(MAX_BYTES + 1)
        if not chunk:
            return
        if len(chunk) > MAX_BYTES and not chunk.endswith(b"\n"):
            size = len(chunk)
            while not chunk.endswith(b"\n"):  # skip the rest of the line, a piece at a time
                chunk = readline(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
            number += 1
            source = f"{name}:{number}"
            yield (
                source,
                Problem(
                    Code.INPUT_TOO_LARGE,
                    f"the line is {size:,} bytes long; at most {MAX_BYTES:,} are read",
                    source,
                    suggestion="one case a line; shorten its free text",
                ),
            )
            continue
        for line in chunk.splitlines() if b"\r" in chunk else (chunk,):
            number += 1
            if line and not line.isspace():
                yield f"{name}:{number}", line


def csv_text(raw: bytes, name: str) -> tuple[str, dict[int, Problem]]:
    """The text of a CSV file, and the problem of each line (by number) that is not UTF-8.

    A leading byte-order mark (as Excel writes) is dropped. The bytes of a bad line are kept
    as lone surrogates (``surrogateescape``), so that quoting and line numbers stay as they
    are; every row holding such a line must be rejected.
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), {}
    except UnicodeDecodeError:
        pass
    bad: dict[int, Problem] = {}
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        got = decode_utf8(line, f"{name}:{number}")
        if isinstance(got, Problem):
            bad[number] = got
    return raw.decode("utf-8", "surrogateescape"), bad


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of the stream they came from."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sniff(stream: BinaryIO) -> tuple[Literal["jsonl", "csv"], BinaryIO]:
    """Whether a sample on a stream (standard input) is JSON Lines or CSV, and the whole
    stream to read it from. CSV when its first line that is not blank (after a byte-order
    mark) names a ``case_id`` column and does not start with ``{``: a CSV sample's header
    must; JSON Lines otherwise, so that a first line that is neither only costs that line."""
    prefix = b""
    while True:
        chunk = stream.read(1 << 16)
        prefix += chunk
        if not chunk or len(prefix) > MAX_BYTES or b"\n" in prefix.lstrip():
            break
    first = prefix.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
    csv = not first.startswith(b"{") and b"case_id" in first
    whole = io.BufferedReader(_Prefixed(prefix, stream))
    return ("csv" if csv else "jsonl"), whole
