"""The static cost of a condition, bounded before it is ever evaluated.

A condition's evaluation is a walk of its tree, except under the ``exists`` and ``all``
macros, which walk their predicate once per element of the list they range over. Eight
nested macros over a fact of eight options is 8^8 = 16.7 million steps per evaluation, and
lint evaluates each condition up to 20,000 times. So every condition is measured when it is
compiled: how deeply its macros nest, and the most steps one evaluation can take, each against
its limit in `_strict._limits`; past one, ``condition_too_complex``. (Its size is bounded by
the length of a text in a criteria file, 10,000 characters, and counts in its steps.)
"""

from __future__ import annotations

from collections.abc import Mapping

from .._strict._limits import MAX_CONDITION_COST, MAX_MACRO_NESTING
from ._ast import Comprehension, Expr, Ident, ListLit, Literal, MapLit, children
from ._check import Analysis
from ._errors import ConditionError
from ._types import CelType

__all__ = ["UNKNOWN_SIZE", "cost"]

UNKNOWN_SIZE = 100
"""The length assumed for a list whose length the declarations do not bound."""


def _size(target: Expr, analysis: Analysis, facts: Mapping[str, CelType], answers: int) -> int:
    """The most elements ``target`` can hold."""
    if isinstance(target, ListLit):
        return len(target.elements)
    if isinstance(target, MapLit):
        return len(target.entries)
    ref = analysis.refs.get(target)
    if ref is not None and ref.source == "f":
        t = facts.get(str(ref.key))
        if t is not None and t.kind == "list" and t.elem.options:
            return len(t.elem.options)
    if isinstance(target, Ident) and target.name == "answers":
        return answers
    return UNKNOWN_SIZE


def cost(root: Expr, analysis: Analysis, facts: Mapping[str, CelType], answers: int) -> int:
    """The most steps one evaluation of ``root`` can take. Raises ConditionError
    (``condition_too_complex``) past a limit; ``answers`` is the number of questions."""
    # (node, macros around it, the product of their sizes): iterative, and each node is
    # visited once, so measuring costs no more than the condition's length.
    todo: list[tuple[Expr, int, int]] = [(root, 0, 1)]
    steps = 0
    while todo:
        node, nesting, times = todo.pop()
        steps += times
        if isinstance(node, ListLit) and all(isinstance(e, Literal) for e in node.elements):
            pass  # a constant, built once when the condition is compiled
        elif isinstance(node, Comprehension):
            if nesting >= MAX_MACRO_NESTING:
                raise ConditionError(
                    "condition_too_complex",
                    f"more than {MAX_MACRO_NESTING} macros are nested in one another (this "
                    f"{node.macro}() is number {nesting + 1})",
                    node.offset,
                    "flatten the condition",
                )
            todo.append((node.target, nesting, times))
            inner = times * _size(node.target, analysis, facts, answers)
            todo.extend((arg, nesting + 1, inner) for arg in node.args)
        else:
            todo.extend((child, nesting, times) for child in children(node))
        if steps > MAX_CONDITION_COST:
            raise ConditionError(
                "condition_too_complex",
                f"one evaluation of the condition could take more than "
                f"{MAX_CONDITION_COST:,} steps (its macros range over long lists)",
                root.offset,
                "range over shorter lists, or nest fewer macros",
            )
    return steps
