"""Rule-engine baselines for the benchmark: the same criteria, wired into another engine.

Each baseline module (`zen`, `durable`) exposes ``available() -> str | None`` (None when it can
run, else why not) and ``build(criteria_yaml, criteria) -> scorer``, where the scorer takes one
aow-case/1 dict and returns ``{group key: (yes, counted)}`` as exact Fractions, for every
group of the file ("outcome:O1", "stage:P1", "criterion:1.1"). `check.agree` compares a scorer
with `aow_rules.evaluate`.

This module holds what both baselines share, written as a user of another engine would write
it (nothing here calls aow-rules' own condition compiler):

* `Layout`: the parsed criteria YAML read into scored questions, their scale credits and the
  groups each counts towards with its weight (its criterion and that criterion's stage at
  weight 1; its ``counts_towards`` outcomes, else its criterion's outcome at weight 1).
  Credits and weights are scaled to whole numbers over two common denominators, so an engine
  that only has floats or decimals still sums exactly.
* `parse_cel`: a small parser for the CEL subset used in ``applies_if`` conditions.
* `truth`: turns a condition (a CEL string, or ``all``/``any``/``not`` around conditions) into
  two error-free predicates, T ("the condition is true") and F ("the condition is false"), in a
  target engine's terms. Neither engine has CEL's error values: ZEN reads a missing key as
  null (so ``case.x != "none"`` would be true), durable_rules fails the match. CEL's
  commutative error absorption is kept exactly by this two-valued encoding: a read of a
  missing fact or answer is neither true nor false, ``a && b`` is T = Ta and Tb,
  F = Fa or Fb; ``a || b`` is T = Ta or Tb, F = Fa and Fb; ``!a`` swaps T and F; ``c ? a : b``
  is T = (Tc and Ta) or (Fc and Tb). A condition that is neither T nor F is a
  ``condition_error``. A question counts only when T holds, as in aow-rules.
* `reads`: the facts and answers a condition reads (durable_rules asserts only those).

Not translated (none occurs in the shipped criteria; `truth` raises NotImplementedError naming
the condition): ``exists``/``all`` macros, comparisons between two case values, arithmetic,
and ``size()`` other than a comparison with a number literal. A backend may refuse more (it
returns `Unsupported`, which is fatal only where the result depends on it): durable_rules
cannot test a list for emptiness.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Generic, TypeVar

__all__ = [
    "Backend",
    "Layout",
    "ScoredQuestion",
    "Scorer",
    "Unsupported",
    "holds",
    "parse_cel",
    "reads",
    "spec_of",
    "truth",
]

Scorer = Callable[[dict[str, Any]], dict[str, tuple[Fraction, Fraction]]]
"""One aow-case/1 dict -> {group key: (yes, counted)}."""

Ref = tuple[str, str]
"""A value a condition reads: ("fact", name), ("answer", question id) or ("size", fact)."""

C = TypeVar("C")


def spec_of(criteria: Any) -> dict[str, Any]:
    """The parsed YAML of a compiled criteria's file (as bench/evaluate.py reads it)."""
    from aow_rules._strict._yaml import load_yaml  # noqa: PLC0415

    with open(criteria.source, encoding="utf-8") as f:
        located, problems = load_yaml(f.read(), criteria.source)
    if located is None:
        raise ValueError(f"{criteria.source}: {problems}")
    return dict(located.data)


def _exact(x: Any) -> Fraction:
    return Fraction(str(x))


@dataclass(frozen=True)
class ScoredQuestion:
    id: str
    scale: str
    applies_if: Any
    """The raw YAML condition, or None."""
    contributions: tuple[tuple[str, Fraction], ...]
    """(group key, weight) for each group it counts towards."""


@dataclass(frozen=True)
class Layout:
    """What scoring needs from a criteria file, read from its parsed YAML."""

    groups: tuple[str, ...]
    questions: tuple[ScoredQuestion, ...]
    question_ids: tuple[str, ...]
    """Every question id, scored or not, in file order."""
    facts: dict[str, str]
    """Fact id -> declared type."""
    credits: dict[str, dict[str, Fraction | None]]
    """Scale id -> option value -> credit (None: excluded from the denominator)."""
    credit_unit: int
    """Every credit is a whole number of 1/credit_unit."""
    weight_unit: int
    """Every weight is a whole number of 1/weight_unit."""

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Layout:
        if spec.get("groups"):
            raise NotImplementedError("criteria with declared groups (2018 model): not wired")
        outcomes = [f"outcome:{o['id']}" for o in spec.get("outcomes", ())]
        stages = [f"stage:{s['id']}" for s in spec.get("stages", ())]
        crit = {c["id"]: c for c in spec.get("criteria", ())}
        groups = (*outcomes, *stages, *(f"criterion:{c}" for c in crit))
        credits = {
            s["id"]: {
                o["value"]: None if o.get("credit") is None else _exact(o["credit"])
                for o in s["options"]
            }
            for s in spec.get("scales", ())
        }
        questions = []
        for q in spec.get("questions", ()):
            if not q.get("scored", True):
                continue
            if "criterion" not in q:
                raise NotImplementedError(f"scored question {q['id']} without a criterion")
            c = crit[q["criterion"]]
            contrib: list[tuple[str, Fraction]] = [(f"criterion:{c['id']}", Fraction(1))]
            if c.get("stage") is not None:
                contrib.append((f"stage:{c['stage']}", Fraction(1)))
            towards = q.get("counts_towards")
            if towards is None:
                contrib.append((f"outcome:{c['outcome']}", Fraction(1)))
            else:
                contrib += [
                    (f"outcome:{t['outcome']}", _exact(t.get("weight", 1))) for t in towards
                ]
            questions.append(
                ScoredQuestion(q["id"], q["scale"], q.get("applies_if"), tuple(contrib))
            )
        used = {q.scale for q in questions}
        credit_unit = math.lcm(
            1, *(c.denominator for s in used for c in credits[s].values() if c is not None)
        )
        weight_unit = math.lcm(1, *(w.denominator for q in questions for _, w in q.contributions))
        return cls(
            groups,
            tuple(questions),
            tuple(q["id"] for q in spec.get("questions", ())),
            {f["id"]: f["type"] for f in spec.get("facts", ())},
            credits,
            credit_unit,
            weight_unit,
        )

    def totals(self, yes: int, counted: int) -> tuple[Fraction, Fraction]:
        """Scaled whole-number totals back to exact (yes, counted)."""
        return Fraction(yes, self.credit_unit * self.weight_unit), Fraction(
            counted, self.weight_unit
        )


# ---------------------------------------------------------------- the CEL subset: parsing

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+\.\d+|\d+)
    | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>&&|\|\||==|!=|<=|>=|[<>!?:.,()\[\]-])
    )""",
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}
_RELATIONS = ("==", "!=", "<", "<=", ">", ">=", "in")


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise SyntaxError(f"cannot read {text[pos:]!r} in {text!r}")
        pos = m.end()
        if m["num"] is not None:
            out.append(("lit", float(m["num"]) if "." in m["num"] else int(m["num"])))
        elif m["str"] is not None:
            body = re.sub(r"\\(.)", lambda e: _ESCAPES[e[1]], m["str"][1:-1])
            out.append(("lit", body))
        elif m["name"] is not None:
            word = m["name"]
            consts = {"true": True, "false": False, "null": None}
            if word in consts:
                out.append(("lit", consts[word]))
            else:
                out.append(("op" if word == "in" else "name", word))
        else:
            out.append(("op", m["op"]))
    out.append(("end", None))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, Any]:
        return self.toks[self.i]

    def take(self, op: str | None = None) -> tuple[str, Any]:
        tok = self.toks[self.i]
        if op is not None and tok != ("op", op):
            raise SyntaxError(f"expected {op!r} at token {self.i} of {self.text!r}")
        self.i += 1
        return tok

    def accept(self, op: str) -> bool:
        if self.peek() == ("op", op):
            self.i += 1
            return True
        return False

    def parse(self) -> tuple[Any, ...]:
        node = self.expr()
        if self.peek()[0] != "end":
            raise SyntaxError(f"unexpected {self.peek()[1]!r} in {self.text!r}")
        return node

    def expr(self) -> tuple[Any, ...]:
        cond = self.binary("||")
        if self.accept("?"):
            yes = self.expr()
            self.take(":")
            return ("cond", cond, yes, self.expr())
        return cond

    def binary(self, op: str) -> tuple[Any, ...]:
        sub = (lambda: self.binary("&&")) if op == "||" else self.relation
        node = sub()
        while self.accept(op):
            node = ("or" if op == "||" else "and", node, sub())
        return node

    def relation(self) -> tuple[Any, ...]:
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in _RELATIONS:
            op = self.take()[1]
            node = ("cmp", op, node, self.unary())
        return node

    def unary(self) -> tuple[Any, ...]:
        if self.accept("!"):
            return ("not", self.unary())
        if self.accept("-"):
            return ("neg", self.unary())
        return self.member()

    def args(self) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        while not self.accept(")"):
            out.append(self.expr())
            if not self.accept(","):
                self.take(")")
                break
        return out

    def member(self) -> tuple[Any, ...]:
        node = self.primary()
        while True:
            if self.accept("."):
                kind, name = self.take()
                if kind != "name":
                    raise SyntaxError(f"expected a field name in {self.text!r}")
                node = (
                    ("call", name, node, self.args())
                    if self.accept("(")
                    else (
                        "select",
                        node,
                        name,
                    )
                )
            elif self.accept("["):
                key = self.expr()
                self.take("]")
                node = ("index", node, key)
            else:
                return node

    def primary(self) -> tuple[Any, ...]:
        kind, value = self.take()
        if kind == "lit":
            return ("lit", value)
        if kind == "name":
            return ("call", value, None, self.args()) if self.accept("(") else ("ident", value)
        if (kind, value) == ("op", "("):
            node = self.expr()
            self.take(")")
            return node
        if (kind, value) == ("op", "["):
            items = []
            while not self.accept("]"):
                items.append(self.expr())
                if not self.accept(","):
                    self.take("]")
                    break
            return ("list", items)
        raise SyntaxError(f"unexpected {value!r} in {self.text!r}")


def parse_cel(text: str) -> tuple[Any, ...]:
    """Parse one CEL condition of the subset into a tuple tree."""
    return _Parser(text).parse()


# ---------------------------------------------------------------- the CEL subset: translation


class Backend(Generic[C]):
    """How one engine spells the pieces of a condition. ``C`` is its condition type."""

    def all_of(self, items: list[C]) -> C:
        raise NotImplementedError

    def any_of(self, items: list[C]) -> C:
        raise NotImplementedError

    def present(self, ref: Ref) -> C:
        """The fact or answer is there (``has(case.f)``, ``"q" in answers``)."""
        raise NotImplementedError

    def absent(self, ref: Ref) -> C:
        raise NotImplementedError

    def compare(self, op: str, ref: Ref, literal: Any) -> C | Unsupported:
        """``ref op literal``, op one of == != < <= > >= in, "not in"; ref is present."""
        raise NotImplementedError

    def contains(self, ref: Ref, literal: Any, negate: bool) -> C:
        """``literal in ref`` (or not), ref a present set fact."""
        raise NotImplementedError

    def truthy(self, ref: Ref, want: bool) -> C:
        """``ref == want`` for a bool ref; false when the ref is missing."""
        raise NotImplementedError


_Truth = Any  # a backend condition, or Python True / False when constant
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "in": "not in"}
_FLIP = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


@dataclass(frozen=True)
class Unsupported:
    """A piece the backend cannot express; fatal only if the result needs it."""

    reason: str


def _kept(items: Iterable[_Truth], unit: bool) -> list[_Truth] | Unsupported | None:
    # None: the zero (False for all, True for any) decides; else the items left, without
    # units and without repeats of one text (durable's conditions overload ==: never compare).
    kept: list[_Truth] = []
    seen: set[str] = set()
    missing: Unsupported | None = None
    for x in items:
        if x is (not unit):
            return None
        if isinstance(x, Unsupported):
            missing = missing or x
        elif x is not unit and not (isinstance(x, str) and x in seen):
            if isinstance(x, str):
                seen.add(x)
            kept.append(x)
    return missing or kept


def _all(backend: Backend[Any], items: Iterable[_Truth]) -> _Truth:
    kept = _kept(items, True)
    if kept is None or isinstance(kept, Unsupported):
        return False if kept is None else kept
    return True if not kept else kept[0] if len(kept) == 1 else backend.all_of(kept)


def _any(backend: Backend[Any], items: Iterable[_Truth]) -> _Truth:
    kept = _kept(items, False)
    if kept is None or isinstance(kept, Unsupported):
        return True if kept is None else kept
    return False if not kept else kept[0] if len(kept) == 1 else backend.any_of(kept)


def holds(condition: Any, backend: Backend[C]) -> C | bool:
    """T alone: the backend's test that ``condition`` is true (True/False when constant)."""
    t = truth(condition, backend)[0]
    if isinstance(t, Unsupported):
        raise NotImplementedError(t.reason)
    return t  # type: ignore[no-any-return]


def truth(condition: Any, backend: Backend[C]) -> tuple[_Truth, _Truth]:
    """(T, F) of a YAML condition in ``backend``'s terms; True/False where constant, or
    `Unsupported` where the backend cannot express a piece that decides it."""
    if isinstance(condition, str):
        return _tf(parse_cel(condition), backend, condition)
    if isinstance(condition, dict) and len(condition) == 1:
        ((kind, inner),) = condition.items()
        if kind == "not":
            t, f = truth(inner, backend)
            return f, t
        parts = [truth(c, backend) for c in inner]
        ts, fs = [p[0] for p in parts], [p[1] for p in parts]
        if kind == "all":
            return _all(backend, ts), _any(backend, fs)
        if kind == "any":
            return _any(backend, ts), _all(backend, fs)
    raise NotImplementedError(f"condition not translated: {condition!r}")


def _ref(node: tuple[Any, ...]) -> Ref | None:
    if node[0] == "select" and node[1] == ("ident", "case"):
        return ("fact", node[2])
    if node[0] == "index" and node[1] == ("ident", "answers") and node[2][0] == "lit":
        return ("answer", node[2][1])
    if node[0] == "call" and node[1] == "size":
        target = node[2] if node[2] is not None else (node[3][0] if node[3] else None)
        inner = _ref(target) if target is not None else None
        if inner is not None and inner[0] == "fact":
            return ("size", inner[1])
    return None


def _guard(ref: Ref) -> Ref:
    return ("fact", ref[1]) if ref[0] == "size" else ref


def _literal(node: tuple[Any, ...]) -> tuple[bool, Any]:
    if node[0] == "lit":
        return True, node[1]
    if node[0] == "list" and all(x[0] == "lit" for x in node[1]):
        return True, [x[1] for x in node[1]]
    if node[0] == "neg" and node[1][0] == "lit" and isinstance(node[1][1], int | float):
        return True, -node[1][1]
    return False, None


def _tf(node: tuple[Any, ...], b: Backend[Any], text: str) -> tuple[_Truth, _Truth]:
    kind = node[0]
    if kind == "lit" and isinstance(node[1], bool):
        return node[1], not node[1]
    if kind in ("and", "or"):
        ta, fa = _tf(node[1], b, text)
        tb, fb = _tf(node[2], b, text)
        if kind == "and":
            return _all(b, (ta, tb)), _any(b, (fa, fb))
        return _any(b, (ta, tb)), _all(b, (fa, fb))
    if kind == "not":
        t, f = _tf(node[1], b, text)
        return f, t
    if kind == "cond":
        tc, fc = _tf(node[1], b, text)
        ta, fa = _tf(node[2], b, text)
        tb, fb = _tf(node[3], b, text)
        return (
            _any(b, (_all(b, (tc, ta)), _all(b, (fc, tb)))),
            _any(b, (_all(b, (tc, fa)), _all(b, (fc, fb)))),
        )
    if kind == "call" and node[1] == "has" and node[2] is None and len(node[3]) == 1:
        ref = _ref(node[3][0])
        if ref is not None and ref[0] == "fact":
            return b.present(ref), b.absent(ref)
    if kind == "cmp":
        op, left, right = node[1], node[2], node[3]
        if op == "in" and right == ("ident", "answers") and left[0] == "lit":
            ref = ("answer", left[1])
            return b.present(ref), b.absent(ref)
        lref, rref = _ref(left), _ref(right)
        lok, lval = _literal(left)
        rok, rval = _literal(right)
        if op == "in" and lok and rref is not None and rref[0] == "fact":
            return (
                _all(b, (b.present(rref), b.contains(rref, lval, False))),
                _all(b, (b.present(rref), b.contains(rref, lval, True))),
            )
        if lref is None and rref is not None and rok is False and lok and op != "in":
            op, lref, rok, rval = _FLIP[op], rref, True, lval
        if lref is not None and rok:
            guard = b.present(_guard(lref))
            return (
                _all(b, (guard, b.compare(op, lref, rval))),
                _all(b, (guard, b.compare(_NEGATE[op], lref, rval))),
            )
    ref = _ref(node)
    if ref is not None and ref[0] == "fact":
        return b.truthy(ref, True), b.truthy(ref, False)
    raise NotImplementedError(f"CEL construct not translated: {node!r} in {text!r}")


def reads(condition: Any) -> set[Ref]:
    """The facts and answers a YAML condition reads (a ``size()`` read is its fact's)."""
    if condition is None:
        return set()
    if isinstance(condition, dict):
        return set().union(*(reads(c) for v in condition.values() for c in _listed(v)))
    out: set[Ref] = set()
    stack: list[Any] = [parse_cel(condition)]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
        elif isinstance(node, tuple) and node and isinstance(node[0], str):
            ref = _ref(node)
            if ref is not None:
                out.add(_guard(ref))
            elif node[:1] == ("cmp",) and node[3] == ("ident", "answers") and node[2][0] == "lit":
                out.add(("answer", node[2][1]))
            stack += [x for x in node[1:] if isinstance(x, tuple | list)]
    return out


def _listed(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [v]
