"""Tokenizer for the full CEL lexis.

Every scan is a single left-to-right pass driven by precompiled regular
expressions whose patterns cannot backtrack, so the cost is linear in the
length of the source even for multi-megabyte string literals.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ._errors import ConditionError, clip

__all__ = ["RESERVED", "Lexer", "Token", "TokenKind"]

TokenKind = Literal[
    "int", "uint", "double", "string", "bytes", "ident", "quoted_ident", "op", "eof"
]


class Token(NamedTuple):
    kind: TokenKind
    # int/uint -> int, double -> float, string -> str, bytes -> bytes,
    # ident/quoted_ident/op -> the name or operator text.
    value: object
    offset: int
    # For number literals: the literal's text (needed to range-check negated literals).
    text: str = ""


# Reserved for embedding in host languages; "true", "false", "null" and "in" are
# also reserved but are handled as literals and an operator.
RESERVED = frozenset(
    {
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
        "void",
        "while",
    }
)

_SPACE = re.compile(r"(?:[ \t\n\r\f]+|//[^\n]*)*")
_IDENT = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_QUOTED_IDENT = re.compile(r"`([_a-zA-Z0-9./\- ]+)`")
_NUMBER = re.compile(
    r"""
    (?P<hex>0[xX][0-9a-fA-F]+)(?P<hexu>[uU])?
  | (?P<double>
        [0-9]+\.[0-9]+(?:[eE][+-]?[0-9]+)?
      | [0-9]+[eE][+-]?[0-9]+
      | \.[0-9]+(?:[eE][+-]?[0-9]+)?
    )
  | (?P<dec>[0-9]+)(?P<decu>[uU])?
    """,
    re.VERBOSE,
)
_OPERATORS_2 = frozenset({"==", "!=", "<=", ">=", "&&", "||"})
_OPERATORS_1 = frozenset("<>!?:+-*/%()[]{}.,")
_LOOKALIKES = {"=": "==", "&": "&&", "|": "||"}
_STRING_PREFIXES = frozenset({"r", "b", "br", "rb"})

# One pattern per (quote, raw) pair finds the next character that matters inside
# a single-line literal: the closing quote, a newline, or (unless raw) a backslash.
_SINGLE_STOP = {
    ("'", False): re.compile(r"['\\\n\r]"),
    ('"', False): re.compile(r'["\\\n\r]'),
    ("'", True): re.compile(r"['\n\r]"),
    ('"', True): re.compile(r'["\n\r]'),
}
_TRIPLE_STOP = {
    ("'", False): re.compile(r"\\|'''"),
    ('"', False): re.compile(r'\\|"""'),
    ("'", True): re.compile(r"'''"),
    ('"', True): re.compile(r'"""'),
}
_ESCAPE = re.compile(
    r"""\\(?:
        (?P<simple>[abfnrtv"'\\?`])
      | (?P<oct>[0-3][0-7][0-7])
      | [xX](?P<hex>[0-9a-fA-F]{2})
      | u(?P<u4>[0-9a-fA-F]{4})
      | U(?P<u8>[0-9a-fA-F]{8})
      | (?P<bad>.?)
    )""",
    re.VERBOSE | re.DOTALL,
)
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    '"': '"',
    "'": "'",
    "\\": "\\",
    "?": "?",
    "`": "`",
}


def _syntax(message: str, offset: int) -> ConditionError:
    return ConditionError("condition_syntax", message, offset)


class Lexer:
    """Produces tokens on demand, so that a parse error (or the depth limit) stops
    the work at the point of failure instead of after tokenizing the whole input."""

    __slots__ = ("end", "pos", "src")

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.end = len(src)

    def next(self) -> Token:
        src = self.src
        end = self.end
        space = _SPACE.match(src, self.pos)
        assert space is not None  # the pattern matches the empty string too
        pos = space.end()
        if pos >= end:
            self.pos = end
            return Token("eof", "", end)
        ch = src[pos]
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            m = _IDENT.match(src, pos)
            assert m is not None
            word = m.group()
            nxt = m.end()
            if nxt < end and src[nxt] in "'\"" and word.lower() in _STRING_PREFIXES:
                lowered = word.lower()
                token, self.pos = _string(
                    src, pos, nxt, raw="r" in lowered, is_bytes="b" in lowered
                )
                return token
            self.pos = nxt
            return Token("ident", word, pos)
        if "0" <= ch <= "9" or (ch == "." and pos + 1 < end and "0" <= src[pos + 1] <= "9"):
            token, self.pos = _number(src, pos)
            return token
        if ch in "'\"":
            token, self.pos = _string(src, pos, pos, raw=False, is_bytes=False)
            return token
        if ch == "`":
            m = _QUOTED_IDENT.match(src, pos)
            if m is None:
                raise _syntax("malformed `quoted` identifier", pos)
            self.pos = m.end()
            return Token("quoted_ident", m.group(1), pos)
        pair = src[pos : pos + 2]
        if pair in _OPERATORS_2:
            self.pos = pos + 2
            return Token("op", pair, pos)
        if ch in _OPERATORS_1:
            self.pos = pos + 1
            return Token("op", ch, pos)
        if ch in _LOOKALIKES:
            raise ConditionError(
                "condition_syntax",
                f"unexpected character {ch!r}",
                pos,
                f"did you mean {_LOOKALIKES[ch]}?",
            )
        raise _syntax(f"unexpected character {ch!r}", pos)


def _number(src: str, pos: int) -> tuple[Token, int]:
    m = _NUMBER.match(src, pos)
    assert m is not None
    text = m.group()
    if m.group("double") is not None:
        return Token("double", float(text), pos, text), m.end()
    if m.group("hex") is not None:
        digits, base, width = m.group("hex")[2:], 16, 16
        unsigned = m.group("hexu") is not None
    else:
        digits, base, width = m.group("dec"), 10, 20
        unsigned = m.group("decu") is not None
    # Bounding the digit count first keeps int() linear and inside Python's
    # limit on integer string conversion.
    significant = digits.lstrip("0")
    # Too many digits is out of range for every integer type: reported below or by the parser.
    value = 1 << 64 if len(significant) > width else int(significant or "0", base)
    if unsigned:
        if value > 0xFFFF_FFFF_FFFF_FFFF:
            raise _syntax(f"unsigned integer literal {clip(text)} is out of range", pos)
        return Token("uint", value, pos, text), m.end()
    # The range check for signed literals happens in the parser, because
    # -9223372036854775808 is valid although 9223372036854775808 is not.
    return Token("int", value, pos, text), m.end()


def _string(
    src: str, start: int, quote_pos: int, *, raw: bool, is_bytes: bool
) -> tuple[Token, int]:
    quote = src[quote_pos]
    triple = src.startswith(quote * 3, quote_pos)
    body_start = quote_pos + (3 if triple else 1)
    stop = (_TRIPLE_STOP if triple else _SINGLE_STOP)[(quote, raw)]
    pos = body_start
    while True:
        m = stop.search(src, pos)
        if m is None:
            raise _syntax("unterminated string literal", start)
        found = m.group()
        if found == "\\":
            # Skip the escaped character so an escaped quote does not end the literal;
            # whether the escape is valid is decided when the body is decoded.
            pos = m.start() + 2
            continue
        if found in "\n\r":
            raise _syntax("newline in a single-quoted string literal", m.start())
        break
    body = src[body_start : m.start()]
    end = m.end()
    if is_bytes:
        data = body.encode("utf-8", "surrogatepass") if raw else _decode_bytes(body, body_start)
        return Token("bytes", data, start), end
    text = body if raw else _decode_string(body, body_start)
    return Token("string", text, start), end


def _decode_string(body: str, base: int) -> str:
    if "\\" not in body:
        return body
    pieces: list[str] = []
    last = 0
    pending_high: tuple[int, int] | None = None  # (code unit, offset) of a \uD8xx escape
    for m in _ESCAPE.finditer(body):
        if pending_high is None and m.lastgroup == "simple":
            pieces.append(body[last : m.start()])
            pieces.append(_SIMPLE_ESCAPES[m.group("simple")])
            last = m.end()
            continue
        if pending_high is not None and m.start() != last:
            raise _syntax("unpaired surrogate in \\u escape", base + pending_high[1])
        pieces.append(body[last : m.start()])
        last = m.end()
        code = _escape_code(m, base, for_bytes=False)
        if pending_high is not None:
            if m.group("u4") is None or not 0xDC00 <= code <= 0xDFFF:
                raise _syntax("unpaired surrogate in \\u escape", base + pending_high[1])
            code = 0x10000 + ((pending_high[0] - 0xD800) << 10) + (code - 0xDC00)
            pending_high = None
        elif 0xD800 <= code <= 0xDBFF and m.group("u4") is not None:
            # CEL lets a code point outside the BMP be written as a \u surrogate pair.
            pending_high = (code, m.start())
            continue
        elif 0xD800 <= code <= 0xDFFF:
            raise _syntax("unpaired surrogate in \\u escape", base + m.start())
        pieces.append(chr(code))
    if pending_high is not None:
        raise _syntax("unpaired surrogate in \\u escape", base + pending_high[1])
    pieces.append(body[last:])
    return "".join(pieces)


def _decode_bytes(body: str, base: int) -> bytes:
    if "\\" not in body:
        return body.encode("utf-8", "surrogatepass")
    out = bytearray()
    last = 0
    for m in _ESCAPE.finditer(body):
        out += body[last : m.start()].encode("utf-8", "surrogatepass")
        last = m.end()
        code = _escape_code(m, base, for_bytes=True)
        if m.group("simple") is not None:
            out += chr(code).encode("ascii")
        else:
            out.append(code)
    out += body[last:].encode("utf-8", "surrogatepass")
    return bytes(out)


def _escape_code(m: re.Match[str], base: int, *, for_bytes: bool) -> int:
    simple = m.group("simple")
    if simple is not None:
        return ord(_SIMPLE_ESCAPES[simple])
    octal = m.group("oct")
    if octal is not None:
        return int(octal, 8)
    hexa = m.group("hex")
    if hexa is not None:
        return int(hexa, 16)
    uni = m.group("u4") or m.group("u8")
    if uni is not None:
        if for_bytes:
            raise _syntax("\\u and \\U escapes are not allowed in bytes literals", base + m.start())
        code = int(uni, 16)
        if code > 0x10FFFF:
            raise _syntax(f"\\U{uni} is not a Unicode code point", base + m.start())
        return code
    bad = m.group("bad")
    shown = repr(bad)[1:-1] if bad else "end of literal"
    raise _syntax(f"invalid escape sequence \\{shown}", base + m.start())
