"""A small reader for protobuf text format, enough for the CEL conformance data.

There is no compiled descriptor for these messages, so the reader is schema-less:
every field keeps a list of values (a field may be repeated), strings come back as
``bytes`` (text format strings are byte strings; the caller decides whether a field
holds UTF-8 text), enum names and other bare words come back as ``str``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Message", "TextprotoError", "parse"]


class TextprotoError(ValueError):
    pass


@dataclass
class Message:
    fields: dict[str, list[object]] = field(default_factory=dict)

    def add(self, name: str, value: object) -> None:
        self.fields.setdefault(name, []).append(value)

    def has(self, name: str) -> bool:
        return name in self.fields

    def all(self, name: str) -> list[object]:
        return self.fields.get(name, [])

    def one(self, name: str, default: object = None) -> object:
        values = self.fields.get(name)
        # Text format lets a singular field be written twice; the last one wins.
        return values[-1] if values else default

    def msg(self, name: str) -> Message | None:
        value = self.one(name)
        if value is None:
            return None
        if not isinstance(value, Message):
            raise TextprotoError(f"field {name!r} is not a message")
        return value

    def text(self, name: str, default: str = "") -> str:
        value = self.one(name)
        if value is None:
            return default
        if not isinstance(value, bytes):
            raise TextprotoError(f"field {name!r} is not a string")
        return value.decode("utf-8")


_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n\f\v]+|\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<number>[-+]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[fFuU]?)
  | (?P<word>-?[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[{}<>\[\]:;,/.])
    """,
    re.VERBOSE,
)

_SIMPLE_ESCAPES = {
    "a": b"\a",
    "b": b"\b",
    "f": b"\f",
    "n": b"\n",
    "r": b"\r",
    "t": b"\t",
    "v": b"\v",
    "\\": b"\\",
    "'": b"'",
    '"': b'"',
    "?": b"?",
}
_ESCAPE = re.compile(
    r"\\(?:([0-7]{1,3})|[xX]([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))"
)


def _unescape(body: str) -> bytes:
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(body):
        out += body[pos : m.start()].encode("utf-8")
        octal, hexa, uni4, uni8, simple = m.groups()
        if octal is not None:
            out.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            out.append(int(hexa, 16))
        elif uni4 is not None or uni8 is not None:
            out += chr(int(uni4 or uni8, 16)).encode("utf-8", "surrogatepass")
        elif simple in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[simple]
        else:
            raise TextprotoError(f"unknown escape \\{simple}")
        pos = m.end()
    out += body[pos:].encode("utf-8")
    return bytes(out)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            line = text.count("\n", 0, pos) + 1
            raise TextprotoError(f"line {line}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        assert kind is not None
        if kind != "ws":
            out.append((kind, m.group()))
        pos = m.end()
    return out


class _Reader:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise TextprotoError("unexpected end of input")
        self.i += 1
        return tok

    def accept(self, punct: str) -> bool:
        tok = self.peek()
        if tok is not None and tok == ("punct", punct):
            self.i += 1
            return True
        return False

    def expect(self, punct: str) -> None:
        if not self.accept(punct):
            raise TextprotoError(f"expected {punct!r}, found {self.peek()!r}")

    def message_body(self, close: str | None) -> Message:
        msg = Message()
        while True:
            tok = self.peek()
            if tok is None:
                if close is not None:
                    raise TextprotoError(f"missing {close!r}")
                return msg
            if close is not None and tok == ("punct", close):
                self.i += 1
                return msg
            name = self.field_name()
            if self.accept(":"):
                if self.accept("["):
                    if not self.accept("]"):
                        while True:
                            msg.add(name, self.value())
                            if self.accept("]"):
                                break
                            self.expect(",")
                else:
                    msg.add(name, self.value())
            else:
                msg.add(name, self.nested())
            if not self.accept(","):
                self.accept(";")

    def field_name(self) -> str:
        kind, text = self.next()
        if kind == "word":
            return text
        if (kind, text) == ("punct", "["):
            # Extension or Any type URL: [type.googleapis.com/pkg.Type]
            parts: list[str] = []
            while not self.accept("]"):
                parts.append(self.next()[1])
            return "[" + "".join(parts) + "]"
        raise TextprotoError(f"expected a field name, found {text!r}")

    def nested(self) -> Message:
        if self.accept("{"):
            return self.message_body("}")
        if self.accept("<"):
            return self.message_body(">")
        raise TextprotoError(f"expected a message, found {self.peek()!r}")

    def value(self) -> object:
        tok = self.peek()
        if tok is None:
            raise TextprotoError("expected a value")
        kind, text = tok
        if kind == "punct" and text in "{<":
            return self.nested()
        self.i += 1
        if kind == "string":
            parts = [_unescape(text[1:-1])]
            # Adjacent string literals concatenate, as in C.
            while (nxt := self.peek()) is not None and nxt[0] == "string":
                self.i += 1
                parts.append(_unescape(nxt[1][1:-1]))
            return b"".join(parts)
        if kind == "number":
            return _number(text)
        if kind == "word":
            lowered = text.lower().lstrip("-")
            if lowered in ("inf", "infinity", "nan"):
                return float(text)
            return text
        raise TextprotoError(f"unexpected {text!r}")


def _number(text: str) -> int | float:
    body = text.rstrip("uU")
    if body[-1:] in ("f", "F") and not body.lower().startswith(("0x", "-0x", "+0x")):
        return float(body[:-1])
    try:
        return int(body, 0)
    except ValueError:
        return float(body)


def parse(text: str) -> Message:
    return _Reader(text).message_body(None)
