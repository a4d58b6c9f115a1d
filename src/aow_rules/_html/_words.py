"""Conditions in words: an ``applies_if`` condition (CEL) and the values it read, as English
that names each fact by its title and each option by its title.

Read from the condition's syntax tree (the same parser that compiles it), so the words say
what the engine tests. A form of condition with no phrasing here is shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._cel._ast import (  # private: the syntax tree of a condition, to phrase it
    Binary,
    Call,
    Expr,
    Has,
    Ident,
    Index,
    ListLit,
    Literal,
    Logical,
    Select,
    Unary,
    children,
)
from .._cel._errors import ConditionError
from .._cel._parser import parse

if TYPE_CHECKING:
    from .._criteria._model import Criteria

__all__ = ["condition_words", "read_words", "value_words"]

_COMPARE = {
    "==": "is",
    "!=": "is not",
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
}
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


class _Phrases:
    def __init__(self, criteria: Criteria) -> None:
        self.criteria = criteria

    def fact(self, node: Expr) -> str | None:
        if (
            isinstance(node, Select)
            and isinstance(node.operand, Ident)
            and node.operand.name == "case"
            and node.field in self.criteria.facts
        ):
            return node.field
        return None

    def answer(self, node: Expr) -> str | None:
        if (
            isinstance(node, Index)
            and isinstance(node.operand, Ident)
            and node.operand.name == "answers"
            and isinstance(node.index, Literal)
            and isinstance(node.index.value, str)
        ):
            return node.index.value
        return None

    def fact_title(self, fid: str) -> str:
        return _quote(self.criteria.facts[fid].title)

    def option(self, owner: str, value: object, *, answer: bool = False) -> str:
        """An option by its title (a fact's or a question's scale), quoted; other values as
        they are."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if not isinstance(value, str):
            return str(value)
        title = None
        if answer:
            index = self.criteria.question_index.get(owner)
            scale = None if index is None else self.criteria.questions[index].scale
            option = None if scale is None else scale.option(value)
            title = None if option is None else option.title
        else:
            titles = self.criteria.facts[owner].option_titles or {}
            title = titles.get(value)
        return _quote(title or value)

    def guarded(self, node: Expr) -> tuple[str, str] | None:
        """The key a presence test guards: ``("answer", id)`` for ``"id" in answers``,
        ``("fact", id)`` for ``has(case.id)``."""
        if (
            isinstance(node, Binary)
            and node.op == "in"
            and isinstance(node.left, Literal)
            and isinstance(node.left.value, str)
            and isinstance(node.right, Ident)
            and node.right.name == "answers"
        ):
            return ("answer", node.left.value)
        if isinstance(node, Has):
            fid = self.fact(Select(node.offset, node.operand, node.field, node.field_offset))
            return None if fid is None else ("fact", fid)
        return None

    def reads(self, node: Expr) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        stack = [node]
        while stack:
            n = stack.pop()
            fid, qid = self.fact(n), self.answer(n)
            if fid is not None:
                found.add(("fact", fid))
            if qid is not None:
                found.add(("answer", qid))
            stack.extend(children(n))
        return found

    def words(self, node: Expr, nested: bool = False) -> str | None:
        if isinstance(node, Logical):
            args = list(node.args)
            if node.op == "&&":
                # `"q" in answers && answers["q"] == "yes"`: the guard only keeps the read
                # from failing; the words say the read alone.
                args = [
                    a
                    for i, a in enumerate(args)
                    if (key := self.guarded(a)) is None
                    or not any(key in self.reads(b) for j, b in enumerate(args) if j != i)
                ]
            if len(args) == 1:
                return self.words(args[0], nested)
            parts = [self.words(a, nested=True) for a in args]
            if any(p is None for p in parts):
                return None
            joined = (" and " if node.op == "&&" else " or ").join(p for p in parts if p)
            return f"({joined})" if nested else joined
        if isinstance(node, Unary) and node.op == "!":
            fid = self.fact(node.operand)
            if fid is not None and self.criteria.facts[fid].type == "bool":
                return f"{self.fact_title(fid)} is no"
            if isinstance(node.operand, Has):
                inner = self.words(node.operand)
                return None if inner is None else inner.replace(" is given", " is not given")
            inner = self.words(node.operand, nested=True)
            return None if inner is None else f"not {inner}"
        if isinstance(node, Has):
            fid = self.fact(Select(node.offset, node.operand, node.field, node.field_offset))
            return None if fid is None else f"{self.fact_title(fid)} is given"
        fid = self.fact(node)
        if fid is not None and self.criteria.facts[fid].type == "bool":
            return f"{self.fact_title(fid)} is yes"
        if isinstance(node, Binary):
            return self.binary(node)
        return None

    def binary(self, node: Binary) -> str | None:
        op, left, right = node.op, node.left, node.right
        if op == "in":
            return self.membership(left, right)
        if op not in _COMPARE:
            return None
        if isinstance(left, Literal) and not isinstance(right, Literal):
            left, right, op = right, left, _MIRROR[op]
        if not isinstance(right, Literal):
            return None
        fid = self.fact(left)
        if fid is not None:
            return f"{self.fact_title(fid)} {_COMPARE[op]} {self.option(fid, right.value)}"
        qid = self.answer(left)
        if qid is not None:
            value = self.option(qid, right.value, answer=True)
            return f"the answer to {qid} {_COMPARE[op]} {value}"
        if (
            isinstance(left, Call)
            and left.function == "size"
            and len(left.args) + (left.target is not None) == 1
        ):
            target = left.target if left.target is not None else left.args[0]
            sized = self.fact(target)
            if sized is None or not isinstance(right.value, int):
                return None
            if (op, right.value) in ((">", 0), (">=", 1), ("!=", 0)):
                return f"{self.fact_title(sized)} lists at least one"
            if (op, right.value) in (("==", 0), ("<", 1), ("<=", 0)):
                return f"{self.fact_title(sized)} lists none"
            return f"the number listed in {self.fact_title(sized)} {_COMPARE[op]} {right.value}"
        return None

    def membership(self, left: Expr, right: Expr) -> str | None:
        fid = self.fact(left)
        if fid is not None and isinstance(right, ListLit):
            values = [e.value for e in right.elements if isinstance(e, Literal)]
            if len(values) != len(right.elements):
                return None
            options = [self.option(fid, v) for v in values]
            listed = options[0] if len(options) == 1 else ", ".join(options[:-1])
            if len(options) > 1:
                listed += f" or {options[-1]}"
            return f"{self.fact_title(fid)} is {'one of ' if len(options) > 1 else ''}{listed}"
        if isinstance(left, Literal) and isinstance(left.value, str):
            held = self.fact(right)
            if held is not None:
                return f"{self.fact_title(held)} includes {self.option(held, left.value)}"
            if isinstance(right, Ident) and right.name == "answers":
                return f"{left.value} is answered"
        return None


def condition_words(text: str, criteria: Criteria) -> str:
    """The condition ``text`` in words: ``“Court report …” is not “No court report”``; the
    text itself where no phrasing fits."""
    try:
        tree = parse(text)
    except ConditionError:
        return text
    return _Phrases(criteria).words(tree) or text


def value_words(key: str, value: Any, criteria: Criteria) -> str:
    """One value a condition read (``case.<fact>`` or ``answers["<id>"]``), in words."""
    phrases = _Phrases(criteria)
    if key.startswith("case."):
        fid = key[len("case.") :]
        if fid not in criteria.facts:
            return f"{key} is {value!r}"
        title = phrases.fact_title(fid)
        if value is None:
            return f"{title} is not given"
        if isinstance(value, list):
            listed = ", ".join(phrases.option(fid, v) for v in value)
            return f"{title} lists {listed}" if value else f"{title} lists none"
        return f"{title} is {phrases.option(fid, value)}"
    qid = key.removeprefix('answers["').removesuffix('"]')
    if value is None:
        return f"{qid} is unanswered"
    return f"the answer to {qid} is {phrases.option(qid, value, answer=True)}"


def read_words(read: Mapping[str, Any], criteria: Criteria) -> str:
    """The values a condition read, in words, joined: ``“Court report …” is “No court report”``."""
    return "; ".join(value_words(k, v, criteria) for k, v in read.items())
