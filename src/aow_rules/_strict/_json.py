"""Strict JSON reading: every defect a `Problem` with a JSON path, never another exception.

JSON allows what a case may not hold, and Python's reader accepts more than JSON: duplicate
keys (the last one silently wins), ``NaN`` and ``Infinity``, numbers too large for any reader
to agree on, nesting deep enough to exhaust the stack. `loads` reads with hooks that turn each
of these into a marker, then walks the result once to name every marker by its path.

`fast` is the common case's shortcut: orjson reads a line about four times faster than the
standard library, but keeps the last of two duplicate keys and reads integers beyond 64 bits
as floats. A caller may take its result only when it also proves that no key was dropped:
`key_bound` counts, in the raw bytes, an upper bound of the keys the text holds; when the
decoded objects hold that many keys, none was a duplicate. Anything else goes through `loads`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ..errors import Code, Problem
from ._limits import MAX_BYTES, MAX_DEPTH
from ._text import decode_utf8

__all__ = ["MAX_INT", "MIN_INT", "fast", "json_path", "key_bound", "loads", "too_large"]

MAX_INT = 2**63 - 1
_KEY_END = re.compile(rb'"[ \t\r\n]*:')
_SPACED_KEY_END = re.compile(rb'"[ \t\r\n]+:')
MIN_INT = -(2**63)

_fast: Callable[[bytes], Any] | None
try:  # orjson is a core dependency; the standard library alone still reads every case
    from orjson import loads as _fast
except ImportError:  # pragma: no cover - only without orjson
    _fast = None


def fast(raw: bytes) -> Any:
    """The decoded value of ``raw``, or None when the quick reader refuses it (then `loads`
    says why). The result may have lost a duplicate key: see `key_bound`."""
    if _fast is None:
        return None
    try:
        return _fast(raw)
    except ValueError:  # orjson.JSONDecodeError
        return None


def key_bound(raw: bytes) -> int:
    """At least as many as the keys of all objects in the JSON text ``raw``.

    A key is a string followed by ``:``, so each ends in a quote followed (after optional
    whitespace) by a colon, and each such quote ends at most one key. Where no quote is
    followed by whitespace and a colon, counting ``":`` is enough (one scan each, measured
    cheaper than counting every quote with a regular expression).
    """
    if _SPACED_KEY_END.search(raw) is None:
        return raw.count(b'":')
    return len(_KEY_END.findall(raw))


class _Marker:
    """A value the hooks could not accept, kept in place so that the walk can name its path."""

    __slots__ = ("code", "message", "suggestion")

    def __init__(self, code: Code, message: str, suggestion: str | None = None) -> None:
        self.code = code
        self.message = message
        self.suggestion = suggestion


class _Pairs(dict[str, Any]):
    """An object in which a key appeared more than once: ``repeated`` names them."""

    repeated: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # one C call; a key seen twice shows as a shorter dict
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    repeated: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    marked = _Pairs(out)
    marked.repeated = repeated
    return marked


def _constant(name: str) -> _Marker:
    return _Marker(Code.CASE_NON_FINITE, f"{name} is not a finite number", "use a finite number")


def _int(text: str) -> int | _Marker:
    # Python refuses to convert more than 4,300 digits (and would be slow before that); no
    # reader agrees on integers beyond 64 bits anyway.
    if len(text) <= 18:
        return int(text)
    value = int(text) if len(text) <= 40 else None
    if value is None or not MIN_INT <= value <= MAX_INT:
        shown = text if len(text) <= 24 else text[:20] + "..."
        return _Marker(
            Code.NUMBER_OUT_OF_RANGE,
            f"the integer {shown} is outside the 64-bit range",
            f"integers must lie between {MIN_INT:,} and {MAX_INT:,}",
        )
    return value


def _float(text: str) -> float | _Marker:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        shown = text if len(text) <= 24 else text[:20] + "..."
        return _Marker(
            Code.NUMBER_OUT_OF_RANGE,
            f"the number {shown} is too large to be held as a number",
            "use a smaller number",
        )
    return value


_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_int, parse_float=_float
)


def json_path(path: tuple[str | int, ...]) -> str:
    """``$.facts.months``, ``$.answers["1.1-01"]``: a key that is a plain name follows a dot,
    others are quoted (ASCII only, so a path can always be printed), as are a case's answer and
    evidence keys, which are question ids."""
    out = "$"
    for i, step in enumerate(path):
        if isinstance(step, int):
            out += f"[{step}]"
        elif step.isidentifier() and step.isascii() and not (i == 1 and path[0] in _QUOTED):
            out += f".{step}"
        else:
            out += "[" + json.dumps(step) + "]"
    return out


_QUOTED = frozenset({"answers", "evidence"})


def too_large(
    size: int, source: str, what: str, location: str = "", limit: int = MAX_BYTES
) -> Problem:
    """The problem of an input of ``size`` bytes over its ``limit``."""
    return Problem(
        Code.INPUT_TOO_LARGE,
        f"{what} is {size:,} bytes long; at most {limit:,} are read",
        source,
        location,
        "split it, or shorten its free text",
    )


def loads(raw: bytes | str, source: str) -> tuple[Any, list[Problem]]:
    """Read one JSON document strictly: its value, and every problem (the value is unusable
    when there is any). ``raw`` is UTF-8 bytes or text."""
    size = len(raw)
    if isinstance(raw, str) and size > MAX_BYTES // 4:  # a character is 1 to 4 bytes
        size = len(raw.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return None, [too_large(size, source, "the JSON text")]
    text = decode_utf8(raw, source) if isinstance(raw, bytes) else raw
    if isinstance(text, Problem):
        return None, [text]
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(Code.CASE_JSON_SYNTAX, exc.msg, source, f"{exc.lineno}:{exc.colno}")]
    except RecursionError:
        return None, [_too_deep(source, "$")]
    problems: list[Problem] = []
    _walk(value, source, problems)
    return value, problems


def _too_deep(source: str, where: str) -> Problem:
    return Problem(
        Code.INPUT_TOO_DEEP,
        f"objects and lists are nested more than {MAX_DEPTH} levels deep",
        source,
        where,
        "a case is at most three levels deep: facts, answers and evidence",
    )


def _walk(value: Any, source: str, problems: list[Problem]) -> None:
    # Iterative, so that however deep the value is (the decoder's own recursion bounds it),
    # walking it cannot exhaust the stack. Most values hold no container below depth 3.
    todo: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while todo:
        node, path = todo.pop()
        if isinstance(node, dict):
            if len(path) >= MAX_DEPTH:
                problems.append(_too_deep(source, json_path(path)))
                continue
            if isinstance(node, _Pairs):
                for key in node.repeated:
                    problems.append(
                        Problem(
                            Code.CASE_DUPLICATE_KEY,
                            f"duplicate key {key!r}",
                            source,
                            json_path((*path, key)),
                            "each key may appear once per object",
                        )
                    )
            todo.extend((v, (*path, k)) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            if len(path) >= MAX_DEPTH:
                problems.append(_too_deep(source, json_path(path)))
                continue
            todo.extend((v, (*path, i)) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, _Marker):
            problems.append(
                Problem(node.code, node.message, source, json_path(path), node.suggestion)
            )
