"""Recursive-descent parser for CEL's full grammar.

Nesting is bounded while parsing: every construct that nests (parentheses, list,
map and message literals, call arguments, indexing, operators, unary chains) adds
one level, and more than ``MAX_DEPTH`` levels is ``condition_too_deep``. The bound
is enforced before each recursive step, so hostile input such as 100,000 opening
parentheses fails fast instead of exhausting Python's stack. Operator chains are
parsed with loops, not recursion.
"""

from __future__ import annotations

from ._ast import (
    Binary,
    Call,
    Comprehension,
    Expr,
    Has,
    Ident,
    Index,
    ListLit,
    Literal,
    Logical,
    MacroName,
    MapLit,
    Select,
    StructLit,
    Ternary,
    Unary,
)
from ._errors import MAX_DEPTH, ConditionError, clip
from ._lexer import RESERVED, Lexer, Token

__all__ = ["parse"]

_INT64_MAX = (1 << 63) - 1
_KEYWORDS = frozenset({"true", "false", "null", "in"})
_PRECEDENCE = {
    "==": 1,
    "!=": 1,
    "<": 1,
    "<=": 1,
    ">": 1,
    ">=": 1,
    "in": 1,
    "+": 2,
    "-": 2,
    "*": 3,
    "/": 3,
    "%": 3,
}
_MACROS_2: dict[str, MacroName] = {
    "all": "all",
    "exists": "exists",
    "exists_one": "exists_one",
    "filter": "filter",
    "map": "map",
}


def parse(src: str, *, macros: bool = True) -> Expr:
    """Parse ``src`` into an AST. Raises ConditionError (syntax or depth)."""
    return _Parser(src, macros).parse()


def _describe(tok: Token) -> str:
    if tok.kind == "eof":
        return "end of input"
    if tok.kind in ("op", "ident"):
        return f"'{clip(str(tok.value))}'"
    if tok.kind == "quoted_ident":
        return f"`{clip(str(tok.value))}`"
    if tok.kind in ("string", "bytes"):
        return f"{tok.kind} literal"
    return f"number {clip(tok.text)}"


def _syntax(message: str, offset: int, suggestion: str | None = None) -> ConditionError:
    return ConditionError("condition_syntax", message, offset, suggestion)


class _Parser:
    def __init__(self, src: str, macros: bool) -> None:
        self.lexer = Lexer(src)
        self.tok = self.lexer.next()
        self.macros = macros
        self.nest = 0

    # -- token helpers -------------------------------------------------------

    def peek(self) -> Token:
        return self.tok

    def at_op(self, op: str) -> bool:
        tok = self.tok
        return tok.kind == "op" and tok.value == op

    def advance(self) -> Token:
        tok = self.tok
        if tok.kind != "eof":
            self.tok = self.lexer.next()
        return tok

    def expect_op(self, op: str, context: str) -> Token:
        tok = self.tok
        if tok.kind == "op" and tok.value == op:
            self.tok = self.lexer.next()
            return tok
        raise _syntax(f"expected '{op}' {context}, found {_describe(tok)}", tok.offset)

    def deeper(self, depth: int, offset: int) -> int:
        if depth > MAX_DEPTH:
            raise ConditionError(
                "condition_too_deep",
                f"expression is nested more than {MAX_DEPTH} levels deep",
                offset,
            )
        return depth

    # -- grammar -------------------------------------------------------------

    def parse(self) -> Expr:
        node, _ = self.expr()
        tok = self.peek()
        if tok.kind != "eof":
            raise _syntax(f"unexpected {_describe(tok)}", tok.offset)
        return node

    def expr(self) -> tuple[Expr, int]:
        # Each recursive entry below the top level sits inside a construct that adds
        # one level of depth, so this guard fires no later than the depth check would.
        self.nest += 1
        if self.nest > MAX_DEPTH + 1:
            self.deeper(self.nest - 1, self.peek().offset)
        cond, depth = self.chain("||")
        if self.at_op("?"):
            self.advance()
            then, d_then = self.chain("||")
            self.expect_op(":", "in a ?: conditional")
            otherwise, d_else = self.expr()
            cond = Ternary(cond.offset, cond, then, otherwise)
            depth = self.deeper(max(depth, d_then, d_else) + 1, cond.offset)
        self.nest -= 1
        return cond, depth

    def chain(self, op: str) -> tuple[Expr, int]:
        first, depth = self.chain("&&") if op == "||" else self.binary()
        if not self.at_op(op):
            return first, depth
        args = [first]
        while self.at_op(op):
            self.advance()
            arg, d_arg = self.chain("&&") if op == "||" else self.binary()
            args.append(arg)
            depth = max(depth, d_arg)
        node = Logical(first.offset, "||" if op == "||" else "&&", tuple(args))
        return node, self.deeper(depth + 1, node.offset)

    def binary(self) -> tuple[Expr, int]:
        operands = [self.unary()]
        ops: list[tuple[str, int]] = []
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.value in _PRECEDENCE:
                op = str(tok.value)
            elif tok.kind == "ident" and tok.value == "in":
                op = "in"
            else:
                break
            self.advance()
            prec = _PRECEDENCE[op]
            while ops and _PRECEDENCE[ops[-1][0]] >= prec:
                self.reduce(operands, ops)
            ops.append((op, tok.offset))
            operands.append(self.unary())
        while ops:
            self.reduce(operands, ops)
        return operands[0]

    def reduce(self, operands: list[tuple[Expr, int]], ops: list[tuple[str, int]]) -> None:
        right, d_right = operands.pop()
        left, d_left = operands.pop()
        op, op_offset = ops.pop()
        node = Binary(left.offset, op, left, right, op_offset)
        operands.append((node, self.deeper(max(d_left, d_right) + 1, node.offset)))

    def unary(self) -> tuple[Expr, int]:
        tok = self.peek()
        if tok.kind != "op" or tok.value not in ("!", "-"):
            return self.member()
        op = tok.value
        offsets: list[int] = []
        while self.at_op(str(op)):
            offsets.append(self.advance().offset)
            if len(offsets) > MAX_DEPTH:
                self.deeper(len(offsets), offsets[0])
        nxt = self.peek()
        if op == "-" and nxt.kind in ("int", "double"):
            # A minus sign directly before a number literal is part of the literal.
            self.advance()
            literal = self.number(nxt, offsets.pop())
            node, depth = self.postfix(literal, 0, None)
        else:
            node, depth = self.member()
        for offset in reversed(offsets):
            node = Unary(offset, "!" if op == "!" else "-", node)
            depth = self.deeper(depth + 1, offset)
        return node, depth

    def number(self, tok: Token, minus_offset: int | None) -> Literal:
        value = tok.value
        assert isinstance(value, int | float)
        if minus_offset is not None:
            value = -value
        if tok.kind == "double":
            return Literal(tok.offset if minus_offset is None else minus_offset, "double", value)
        assert isinstance(value, int)
        if not -_INT64_MAX - 1 <= value <= _INT64_MAX:
            text = tok.text if minus_offset is None else "-" + tok.text
            raise _syntax(f"integer literal {clip(text)} is out of the 64-bit range", tok.offset)
        return Literal(tok.offset if minus_offset is None else minus_offset, "int", value)

    def member(self) -> tuple[Expr, int]:
        node, depth, qualified = self.primary()
        return self.postfix(node, depth, qualified)

    def postfix(self, node: Expr, depth: int, qualified: str | None) -> tuple[Expr, int]:
        # ``qualified`` is the dotted name read so far while the member is still a bare
        # (possibly qualified) name: only then can ``{`` start a message literal.
        while True:
            tok = self.peek()
            if tok.kind != "op":
                return node, depth
            if tok.value == ".":
                self.advance()
                name_tok = self.advance()
                if name_tok.kind == "quoted_ident":
                    node = Select(node.offset, node, str(name_tok.value), name_tok.offset)
                    qualified = None
                    depth = self.deeper(depth + 1, node.offset)
                    continue
                if name_tok.kind != "ident" or name_tok.value in _KEYWORDS:
                    raise _syntax(
                        f"expected a field or method name after '.', found {_describe(name_tok)}",
                        name_tok.offset,
                    )
                name = str(name_tok.value)
                if self.at_op("("):
                    args, d_args = self.call_args()
                    node = self.method(node, name, args, name_tok.offset)
                    qualified = None
                    depth = self.deeper(max(depth, d_args) + 1, node.offset)
                else:
                    node = Select(node.offset, node, name, name_tok.offset)
                    qualified = None if qualified is None else f"{qualified}.{name}"
                    depth = self.deeper(depth + 1, node.offset)
            elif tok.value == "[":
                self.advance()
                index, d_index = self.expr()
                self.expect_op("]", "to close the index")
                node = Index(node.offset, node, index)
                qualified = None
                depth = self.deeper(max(depth, d_index) + 1, node.offset)
            elif tok.value == "{" and qualified is not None:
                node, depth = self.message(qualified, node.offset)
                qualified = None
            else:
                return node, depth

    def method(self, target: Expr, name: str, args: tuple[Expr, ...], name_offset: int) -> Expr:
        macro = _MACROS_2.get(name) if self.macros else None
        if macro is not None and (len(args) == 2 or (macro == "map" and len(args) == 3)):
            var = args[0]
            if not isinstance(var, Ident) or var.leading_dot:
                raise _syntax(
                    f"the first argument of {name}() must be a simple variable name",
                    var.offset,
                )
            return Comprehension(
                target.offset,
                macro,
                target,
                var.name,
                var.offset,
                args[1:],
                name_offset,
            )
        return Call(target.offset, name, args, target, name_offset)

    def call_args(self) -> tuple[tuple[Expr, ...], int]:
        self.expect_op("(", "to start the arguments")
        args: list[Expr] = []
        depth = 0
        if not self.at_op(")"):
            while True:
                arg, d_arg = self.expr()
                args.append(arg)
                depth = max(depth, d_arg)
                if not self.at_op(","):
                    break
                self.advance()
        self.expect_op(")", "to close the arguments")
        return tuple(args), depth

    def primary(self) -> tuple[Expr, int, str | None]:
        tok = self.advance()
        kind = tok.kind
        if kind in ("int", "double"):
            return self.number(tok, None), 0, None
        if kind == "uint":
            assert isinstance(tok.value, int)
            return Literal(tok.offset, "uint", tok.value), 0, None
        if kind == "string":
            return Literal(tok.offset, "string", str(tok.value)), 0, None
        if kind == "bytes":
            assert isinstance(tok.value, bytes)
            return Literal(tok.offset, "bytes", tok.value), 0, None
        if kind == "ident":
            name = str(tok.value)
            if name in ("true", "false"):
                return Literal(tok.offset, "bool", name == "true"), 0, None
            if name == "null":
                return Literal(tok.offset, "null", None), 0, None
            self.check_name(tok)
            if self.at_op("("):
                return (*self.global_call(name, tok.offset, leading_dot=False), None)
            return Ident(tok.offset, name), 0, name
        if kind == "op":
            if tok.value == "(":
                node, depth = self.expr()
                self.expect_op(")", "to close the parenthesis")
                return node, self.deeper(depth + 1, tok.offset), None
            if tok.value == "[":
                elems, depth = self.expr_list("]", "list literal")
                node = ListLit(tok.offset, elems)
                return node, self.deeper(depth + 1, tok.offset), None
            if tok.value == "{":
                return (*self.map_literal(tok.offset), None)
            if tok.value == ".":
                name_tok = self.advance()
                if name_tok.kind != "ident":
                    raise _syntax(
                        f"expected a name after leading '.', found {_describe(name_tok)}",
                        name_tok.offset,
                    )
                self.check_name(name_tok)
                name = str(name_tok.value)
                if self.at_op("("):
                    return (*self.global_call(name, tok.offset, leading_dot=True), None)
                return Ident(tok.offset, name, leading_dot=True), 0, "." + name
        if kind == "eof":
            raise _syntax("unexpected end of input", tok.offset)
        raise _syntax(f"unexpected {_describe(tok)}", tok.offset)

    def check_name(self, tok: Token) -> None:
        if tok.value in RESERVED or tok.value in _KEYWORDS:
            raise _syntax(
                f"'{tok.value}' is a reserved word and cannot be used as a name", tok.offset
            )

    def global_call(self, name: str, offset: int, *, leading_dot: bool) -> tuple[Expr, int]:
        args, depth = self.call_args()
        node: Expr
        if self.macros and name == "has" and len(args) == 1 and not leading_dot:
            arg = args[0]
            if not isinstance(arg, Select):
                raise _syntax("has() needs a field selection such as has(case.name)", arg.offset)
            node = Has(offset, arg.operand, arg.field, arg.field_offset)
        else:
            node = Call(offset, name, args, None, offset + (1 if leading_dot else 0), leading_dot)
        return node, self.deeper(depth + 1, offset)

    def expr_list(self, close: str, what: str) -> tuple[tuple[Expr, ...], int]:
        items: list[Expr] = []
        depth = 0
        while not self.at_op(close):
            item, d_item = self.expr()
            items.append(item)
            depth = max(depth, d_item)
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op(close, f"to close the {what}")
        return tuple(items), depth

    def map_literal(self, offset: int) -> tuple[Expr, int]:
        entries: list[tuple[Expr, Expr]] = []
        depth = 0
        while not self.at_op("}"):
            key, d_key = self.expr()
            self.expect_op(":", "between a map key and its value")
            value, d_value = self.expr()
            entries.append((key, value))
            depth = max(depth, d_key, d_value)
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op("}", "to close the map literal")
        return MapLit(offset, tuple(entries)), self.deeper(depth + 1, offset)

    def message(self, type_name: str, offset: int) -> tuple[Expr, int]:
        self.expect_op("{", "to start the message literal")
        fields: list[tuple[str, Expr]] = []
        depth = 0
        while not self.at_op("}"):
            name_tok = self.advance()
            if name_tok.kind != "ident" or name_tok.value in _KEYWORDS:
                raise _syntax(
                    f"expected a field name, found {_describe(name_tok)}", name_tok.offset
                )
            self.expect_op(":", "after the field name")
            value, d_value = self.expr()
            fields.append((str(name_tok.value), value))
            depth = max(depth, d_value)
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op("}", "to close the message literal")
        return StructLit(offset, type_name, tuple(fields)), self.deeper(depth + 1, offset)
