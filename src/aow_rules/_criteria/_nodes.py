"""Condition nodes: a CEL leaf, or all / any / not around other conditions.

Each node carries two evaluations of the same meaning: ``value``, one compiled closure for
the fast path, and ``test``, a walk of the tree that also names the node that decided, for
explanations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from .._cel import CelError, CompiledCondition, ConditionError, Declarations, compile_condition
from ._model import Node

__all__ = ["fused", "group_node", "leaf_node", "not_node"]


def _merge(parts: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for p in parts for x in p))


def fused(node: Node, decls: Declarations) -> Node:
    """The node, with its truth value computed by one compiled CEL expression.

    A node's text is valid CEL with the same meaning as the tree (``&&``/``||``/``!`` absorb
    errors exactly as all/any/not do), so compiling it gives one fused closure: faster than
    walking the tree. The tree walk (``test``) stays for explanations, which need the leaf
    that decided. Trees nested beyond CEL's depth limit keep the tree walk for both (slower,
    the same answer).
    """
    try:
        fused = compile_condition(node.text, decls)
    except ConditionError:
        return node
    return dataclasses.replace(node, value=fused.fn)


def leaf_node(
    leaf: CompiledCondition, where: str, derived: Mapping[str, tuple[str, ...]] | None = None
) -> Node:
    """A CEL leaf; ``derived`` maps each derived fact to the facts it is computed from."""
    fn = leaf.fn

    def test(facts: Mapping[str, object], answers: Mapping[str, str]) -> tuple[Any, Node]:
        return fn(facts, answers), node

    sources = _merge(derived.get(f, ()) for f in leaf.facts) if derived else ()
    node = Node("cel", leaf.source, leaf, (), leaf.facts, leaf.questions, where, fn, test, sources)
    return node


def not_node(inner: Node, where: str) -> Node:
    def test(facts: Mapping[str, object], answers: Mapping[str, str]) -> tuple[Any, Node]:
        v, decided = inner.test(facts, answers)
        if isinstance(v, CelError):
            return v, decided
        return (not v), node if v else decided

    text = f"!({inner.text})"
    node = Node(
        "not",
        text,
        None,
        (inner,),
        inner.facts,
        inner.questions,
        where,
        lambda facts, answers: test(facts, answers)[0],  # replaced by `fused` where it can
        test,
        inner.derived_from,
    )
    return node


def group_node(kind: Literal["all", "any"], children: tuple[Node, ...], where: str) -> Node:
    decisive = kind == "any"

    def test(facts: Mapping[str, object], answers: Mapping[str, str]) -> tuple[Any, Node]:
        error: tuple[Any, Node] | None = None
        for child in children:
            v, decided = child.test(facts, answers)
            if isinstance(v, CelError):
                error = error or (v, decided)
            elif v is decisive:
                return v, decided
        if error is not None:
            return error
        # No decisive child: for ``all`` every child was true; for ``any`` all were false.
        return (not decisive), node

    joiner = " && " if kind == "all" else " || "
    node = Node(
        kind,
        joiner.join(f"({c.text})" for c in children),
        None,
        children,
        _merge(c.facts for c in children),
        _merge(c.questions for c in children),
        where,
        lambda facts, answers: test(facts, answers)[0],  # replaced by `fused` where it can
        test,
        _merge(c.derived_from for c in children),
    )
    return node
