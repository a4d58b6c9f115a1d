"""Compile-time errors raised by the CEL front end."""

from __future__ import annotations

from typing import Literal

__all__ = ["MAX_DEPTH", "ConditionError", "ErrorCode", "clip"]

ErrorCode = Literal[
    "condition_syntax",
    "condition_too_deep",
    "condition_outside_subset",
    "condition_unknown_name",
    "condition_type",
    "condition_unknown_option",
    "condition_too_complex",
]

# Deep nesting is never needed by a real condition, and bounding it keeps every
# recursive pass (parser, checker, compiler, evaluator) far from Python's stack limit.
MAX_DEPTH = 50


def clip(text: str, limit: int = 60) -> str:
    """Source text quoted in a message: a message stays one readable line even when
    the offending literal is megabytes long."""
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ConditionError(Exception):
    """A problem found while compiling a condition; nothing was evaluated."""

    code: ErrorCode
    message: str
    offset: int
    suggestion: str | None

    def __init__(
        self, code: ErrorCode, message: str, offset: int, suggestion: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset
        self.suggestion = suggestion

    def __str__(self) -> str:
        text = f"{self.message} (at offset {self.offset})"
        if self.suggestion:
            text += f"; {self.suggestion}"
        return text

    def __repr__(self) -> str:
        return (
            f"ConditionError(code={self.code!r}, message={self.message!r}, "
            f"offset={self.offset!r}, suggestion={self.suggestion!r})"
        )
