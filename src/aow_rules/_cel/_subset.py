"""The documented subset of CEL: anything else parses but is rejected here."""

from __future__ import annotations

from ._ast import (
    Binary,
    Call,
    Comprehension,
    Expr,
    Ident,
    Literal,
    MapLit,
    StructLit,
    Unary,
    children,
)
from ._errors import ConditionError

__all__ = ["TYPE_NAMES", "check_subset"]

# Names that denote CEL types (and type conversion functions).
TYPE_NAMES = frozenset(
    {"int", "uint", "double", "string", "bytes", "bool", "list", "map", "null_type", "type", "dyn"}
)
_CONVERSIONS = TYPE_NAMES | {"duration", "timestamp"}
_STRING_FUNCTIONS = frozenset(
    {
        "contains",
        "startsWith",
        "endsWith",
        "matches",
        "charAt",
        "indexOf",
        "lastIndexOf",
        "lowerAscii",
        "upperAscii",
        "replace",
        "split",
        "substring",
        "trim",
        "join",
        "format",
        "reverse",
        "quote",
    }
)
_LITERAL_NAMES = {
    "uint": "unsigned integer literals (such as 1u) are",
    "bytes": "bytes literals (such as b'...') are",
    "null": "null is",
}


def _outside(what: str, offset: int) -> ConditionError:
    return ConditionError(
        "condition_outside_subset", f"{what} outside the supported subset of CEL", offset
    )


def check_subset(root: Expr) -> None:
    """Raise ``condition_outside_subset`` for the first construct (in source order)
    that the subset does not include."""
    stack = [root]
    while stack:
        node = stack.pop()
        _check_node(node)
        stack.extend(reversed(children(node)))


def _check_node(node: Expr) -> None:
    if isinstance(node, Literal):
        if node.kind in _LITERAL_NAMES:
            raise _outside(_LITERAL_NAMES[node.kind], node.offset)
    elif isinstance(node, Ident):
        if node.leading_dot:
            raise _outside("leading-dot names (such as .x) are", node.offset)
    elif isinstance(node, Unary):
        if node.op == "-":
            raise ConditionError(
                "condition_outside_subset",
                "arithmetic negation is outside the supported subset of CEL "
                "(only negative number literals such as -1 are supported)",
                node.offset,
            )
    elif isinstance(node, Binary):
        if node.op in ("+", "-", "*", "/", "%"):
            raise ConditionError(
                "condition_outside_subset",
                f"the arithmetic operator '{node.op}' is outside the supported subset of CEL",
                node.op_offset,
            )
    elif isinstance(node, MapLit):
        raise _outside("map literals are", node.offset)
    elif isinstance(node, StructLit):
        raise ConditionError(
            "condition_outside_subset",
            f"message construction ({node.type_name}{{...}}) "
            "is outside the supported subset of CEL",
            node.offset,
        )
    elif isinstance(node, Call):
        _check_call(node)
    elif isinstance(node, Comprehension) and node.macro not in ("all", "exists"):
        raise ConditionError(
            "condition_outside_subset",
            f"the {node.macro}() macro is outside the supported subset of CEL",
            node.name_offset,
        )


def _check_call(node: Call) -> None:
    name = node.function
    if name == "size" and not node.leading_dot:
        if (node.target is None and len(node.args) == 1) or (
            node.target is not None and not node.args
        ):
            return
        raise ConditionError(
            "condition_outside_subset",
            "size() is supported only as size(x) or x.size()",
            node.name_offset,
        )
    if node.target is None:
        if name in _CONVERSIONS:
            what = f"the type conversion {name}()"
        else:
            what = f"the function {'.' if node.leading_dot else ''}{name}()"
    elif name in _STRING_FUNCTIONS:
        what = f"the string function .{name}()"
    else:
        what = f"the method .{name}()"
    raise ConditionError(
        "condition_outside_subset",
        f"{what} is outside the supported subset of CEL",
        node.name_offset,
    )
