"""A documented subset of CEL (Common Expression Language) for criteria conditions.

Our own lexer and parser read the whole of CEL's syntax, so that a construct outside
the subset is reported as such rather than as a syntax error. Supported: bool, int,
double, string and list literals; ``a.b`` and ``a[k]``; ``== != < <= > >=``; ``in``;
``&& || !``; ``?:``; ``has()``; ``size()``; the ``exists`` and ``all`` macros.
"""

from ._api import (
    CompiledCondition,
    Declarations,
    Program,
    VarDecl,
    VarKind,
    compile_condition,
    compile_expression,
)
from ._errors import MAX_DEPTH, ConditionError
from ._types import BOOL, DOUBLE, DYN, INT, STRING, CelType, list_of, map_of
from ._values import CelError

__all__ = [
    "BOOL",
    "DOUBLE",
    "DYN",
    "INT",
    "MAX_DEPTH",
    "STRING",
    "CelError",
    "CelType",
    "CompiledCondition",
    "ConditionError",
    "Declarations",
    "Program",
    "VarDecl",
    "VarKind",
    "compile_condition",
    "compile_expression",
    "list_of",
    "map_of",
]
