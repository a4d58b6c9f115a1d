"""Strict YAML reading for criteria files: plain data plus the position of every node.

PyYAML resolves scalars with YAML 1.1 rules (``no`` is false, ``010`` is octal, dates become
dates). Criteria files must mean the same thing to every reader, so we read PyYAML's event
stream and resolve scalars ourselves with a small, strict rule set: quoted scalars are strings;
plain scalars are ``true``/``false``, ``null``/``~``/empty, decimal integers, decimal numbers
(kept exact as `Decimal`) or strings. Anything a YAML 1.1 reader would read differently is an
error, as are tags, anchors, aliases, duplicate keys, non-string keys and non-finite numbers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from ..errors import Code, Problem
from ._limits import MAX_FILE_BYTES
from ._lines import read_bytes
from ._text import decode_utf8

__all__ = ["ItemLimits", "Located", "Path", "load_yaml", "read_yaml_file"]

Path = tuple[str | int, ...]
MAX_DEPTH = 64

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_DECIMAL = re.compile(
    r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
)
_NON_FINITE = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_YAML11_BOOL = re.compile(
    r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE"
)
_YAML11_NUMBER = re.compile(
    r"[-+]?0[xob][0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
)
_NULLS = {"null", "~", ""}
# libyaml's parser (shipped in PyYAML's wheels) is about 15 times faster than the pure Python
# one and gives the same events and marks, except that it reads a '?' inside an unquoted value
# in { } or [ ] where the Python parser fails: that is refused below, so a file means the same
# to both (tests/test_yaml_parsers.py). Fall back where PyYAML was built without libyaml.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Located:
    """A YAML document as plain data, with the line and column (1-based) of every node."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path) -> str:
        """``line:column`` of the node at ``path``, or of its nearest ancestor."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(path[:end])
            if pos is not None:
                return f"{pos[0]}:{pos[1]}"
        return ""

    def where_key(self, path: Path) -> str:
        """``line:column`` of the mapping key that names ``path`` (falls back to the value)."""
        pos = self.key_positions.get(path)
        return f"{pos[0]}:{pos[1]}" if pos else self.where(path)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, code: Code, mark: Any, message: str, suggestion: str | None = None) -> None:
        self.problems.append(
            Problem(code, message, self.source, f"{mark.line + 1}:{mark.column + 1}", suggestion)
        )

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        text = event.value
        if event.style:  # quoted, literal or folded: always a string (plain is None or "")
            return text
        if text in ("true", "false"):
            return text == "true"
        if text in _NULLS:
            return None
        if _YAML11_BOOL.fullmatch(text):
            self.problem(
                Code.YAML_IMPLICIT_BOOL,
                event.start_mark,
                f"{text!r} is a boolean to some YAML readers and a string to others",
                f'write true or false, or quote it: "{text}"',
            )
            return text
        if _NON_FINITE.fullmatch(text):
            self.problem(
                Code.YAML_NON_FINITE,
                event.start_mark,
                f"{text!r} is not a finite number",
                "use a finite number, or quote it if a string was meant",
            )
            return None
        if _INT.fullmatch(text):
            if len(text) > 20:  # no leading zeros: 20 digits or more is beyond 64 bits
                return self.out_of_range(event, text)
            return int(text)
        if _LEADING_ZERO.fullmatch(text) or _YAML11_NUMBER.fullmatch(text):
            self.problem(
                Code.YAML_AMBIGUOUS_NUMBER,
                event.start_mark,
                f"{text!r} is read as octal, hexadecimal or base-60 by some YAML readers",
                f'quote it if a string was meant: "{text}"',
            )
            return text
        if _DECIMAL.fullmatch(text):
            number = Decimal(text)
            # Exact arithmetic on 1e999999999 would never end, and a float of 5,000 digits
            # overflows; no real figure is near either.
            if number and (
                not -30 <= number.adjusted() <= 18 or len(number.as_tuple().digits) > 48
            ):
                return self.out_of_range(event, text)
            return number
        return text

    def out_of_range(self, event: yaml.ScalarEvent, text: str) -> None:
        shown = text if len(text) <= 24 else text[:20] + "..."
        self.problem(
            Code.NUMBER_OUT_OF_RANGE,
            event.start_mark,
            f"the number {shown} is out of range",
            "numbers are at most 18 digits before the point and 30 after it",
        )


ItemLimits = Mapping[Path, tuple[int, Code, str]]
"""Lists with a limit on their length: path -> (most items, code, what the items are)."""


def read_yaml_file(
    path: str | os.PathLike[str], items: ItemLimits | None = None
) -> tuple[Located | None, list[Problem]]:
    """Read a YAML file strictly, as `load_yaml` does, after checking its size and encoding."""
    source = str(path)
    raw, problem = read_bytes(path, MAX_FILE_BYTES)
    if problem is not None:
        return None, [problem]
    text = decode_utf8(raw, source)
    if isinstance(text, Problem):
        return None, [text]
    return load_yaml(text, source, items)


def load_yaml(
    text: str, source: str, items: ItemLimits | None = None
) -> tuple[Located | None, list[Problem]]:
    """Read one YAML document strictly. Returns the data (None if unusable) and every problem.

    ``items`` bounds the length of lists at given paths: reading stops at the first list that
    grows past its limit, so a file of a million questions costs no more than the limit.
    """
    reader = _Reader(source)
    limits = items or {}
    located = Located(None)
    # Stack of open collections: (container, path, pending key, pending key mark).
    stack: list[list[Any]] = []
    flows: list[bool] = []  # for each open collection: written in flow style ({ } or [ ])?
    documents = 0
    root_set = False

    def attach(value: Any, mark: Any) -> Path | None:
        nonlocal root_set
        if not stack:
            located.data = value
            located.positions[()] = (mark.line + 1, mark.column + 1)
            root_set = True
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            child: Path = (*path, len(container))
            limit = limits.get(path)
            if limit is not None and len(container) >= limit[0]:
                reader.problem(
                    limit[1],
                    mark,
                    f"more than {limit[0]:,} {limit[2]}",
                    "split the file; docs/limits.md lists the limits",
                )
                raise _Stop
            container.append(value)
        elif top[2] is _NO_KEY:  # this value is a mapping key
            if isinstance(value, (dict, list)):
                reader.problem(
                    Code.YAML_NON_STRING_KEY,
                    mark,
                    "a mapping key must be a string, not a collection",
                )
                top[2] = _BAD_KEY
            elif not isinstance(value, str):
                reader.problem(
                    Code.YAML_NON_STRING_KEY,
                    mark,
                    f"mapping key {_plain(value)} is a {_kind(value)}, not a string",
                    f'quote it: "{_plain(value)}"',
                )
                top[2] = _BAD_KEY
            elif value in container:
                first = located.key_positions.get((*path, value))
                at = f" (first at line {first[0]})" if first else ""
                reader.problem(Code.YAML_DUPLICATE_KEY, mark, f"duplicate key {value!r}{at}")
                top[2] = _BAD_KEY
            else:
                top[2] = value
                top[3] = mark
            return None
        else:
            key = top[2]
            top[2] = _NO_KEY
            if key is _BAD_KEY:
                return None
            child = (*path, key)
            container[key] = value
            km = top[3]
            located.key_positions[child] = (km.line + 1, km.column + 1)
        located.positions[child] = (mark.line + 1, mark.column + 1)
        return child

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    reader.problem(
                        Code.YAML_MULTIPLE_DOCUMENTS,
                        event.start_mark,
                        "the file holds more than one YAML document",
                        "keep one document per file; remove the '---' separator",
                    )
                continue
            if documents > 1:
                continue
            if isinstance(event, yaml.AliasEvent):
                reader.problem(
                    Code.YAML_ANCHOR,
                    event.start_mark,
                    f"alias *{event.anchor} is not allowed",
                    "write the value out in full",
                )
                attach(None, event.start_mark)  # keep the key/item slot aligned
                continue
            if isinstance(
                event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
            ):
                if event.anchor is not None:
                    reader.problem(
                        Code.YAML_ANCHOR,
                        event.start_mark,
                        f"anchor &{event.anchor} is not allowed",
                        "write values out in full",
                    )
                if event.tag is not None and event.tag != "!":
                    reader.problem(
                        Code.YAML_TAG,
                        event.start_mark,
                        f"tag {event.tag} is not allowed",
                        "remove the tag; values are typed by the criteria format",
                    )
            if isinstance(event, yaml.ScalarEvent):
                if not event.style and "?" in event.value and any(flows):
                    # libyaml reads "Is it?, next: 1" inside { } as one value; PyYAML's own
                    # parser (used where it was built without libyaml) stops at the '?' and
                    # fails. Refused here, a file means the same on every install.
                    reader.problem(
                        Code.YAML_SYNTAX,
                        event.start_mark,
                        f"{event.value!r} holds a '?' unquoted inside {{ }} or [ ], which "
                        "YAML readers read differently",
                        f"quote it: {_quoted(event.value)}",
                    )
                attach(reader.scalar(event), event.start_mark)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    reader.problem(
                        Code.YAML_TOO_DEEP,
                        event.start_mark,
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "flatten the structure",
                    )
                    return None, reader.problems
                new: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                path = attach(new, event.start_mark)
                if path is None:  # a collection used as a key, or under a rejected key
                    path = ("?",)
                stack.append([new, path, _NO_KEY, None])
                flows.append(bool(event.flow_style))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                flows.pop()
    except _Stop:
        return None, reader.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        reader.problems.append(Problem(Code.YAML_SYNTAX, what or str(exc), source, where))
        return None, reader.problems
    except yaml.YAMLError as exc:  # reader errors (e.g. control characters) carry no mark
        reader.problems.append(Problem(Code.YAML_SYNTAX, str(exc).splitlines()[0], source))
        return None, reader.problems
    if not root_set or located.data is None:
        reader.problems.append(
            Problem(Code.YAML_EMPTY, "the file holds no YAML document", source, "1:1")
        )
        return None, reader.problems
    return located, reader.problems


class _Stop(Exception):
    """A limit was reached: reading stops, with the problem already recorded."""


class _Sentinel:
    def __repr__(self) -> str:
        return "<sentinel>"


_NO_KEY: Any = _Sentinel()
_BAD_KEY: Any = _Sentinel()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
