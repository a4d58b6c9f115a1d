"""Turn pydantic validation errors into `Problem`s that name a file position and a fix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Code, Problem, did_you_mean
from ._yaml import Located, Path

__all__ = ["field_names", "shape_problems"]

_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "decimal_type": "a number",
    "condition": "a condition",
    "union_tag_invalid": "a condition",
}


def field_names(*models: type[BaseModel]) -> frozenset[str]:
    """Every key name any of ``models`` (and the models they contain) accepts."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            todo.extend(_models_in(info.annotation))
    return frozenset(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    meta = getattr(annotation, "__metadata__", None)
    if meta is not None:
        found.extend(_models_in(getattr(annotation, "__origin__", None)))
    return found


def _data_path(data: Any, loc: tuple[str | int, ...]) -> Path:
    # pydantic inserts union member tags into ``loc``; keep only the steps that exist in the
    # data (and the last step, which may name a missing key).
    path: list[str | int] = []
    here = data
    for i, step in enumerate(loc):
        if isinstance(here, dict) and isinstance(step, str) and step in here:  # noqa: SIM114 (separate branches keep mypy's narrowing)
            path.append(step)
            here = here[step]
        elif isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
            path.append(step)
            here = here[step]
        elif i == len(loc) - 1 and isinstance(here, dict) and isinstance(step, str):
            path.append(step)
    return tuple(path)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _path_text(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "(top level)"


def shape_problems(
    error: ValidationError, located: Located, source: str, known_keys: frozenset[str]
) -> list[Problem]:
    """One problem per offending place in the file, never more than one for the same place."""
    by_path: dict[tuple[Path, str], list[dict[str, Any]]] = {}
    for err in error.errors(include_url=False):
        path = _data_path(located.data, tuple(err["loc"]))
        kind = err["type"]
        bucket = "extra" if kind == "extra_forbidden" else "missing" if kind == "missing" else "v"
        by_path.setdefault((path, bucket), []).append(dict(err))
    problems: list[Problem] = []
    for (path, bucket), errs in by_path.items():
        name = _path_text(path)
        if bucket == "extra":
            key = str(path[-1])
            problems.append(
                Problem(
                    Code.UNKNOWN_KEY,
                    f"unknown key {key!r} in {_path_text(path[:-1])}",
                    source,
                    located.where_key(path),
                    # A key of another part of the format is no misspelling of itself.
                    f"{key!r} is a key of another part of the file, not of this one"
                    if key in known_keys
                    else did_you_mean(key, known_keys),
                )
            )
            continue
        if bucket == "missing":
            problems.append(
                Problem(
                    Code.MISSING_KEY,
                    f"missing required key {path[-1]!r} in {_path_text(path[:-1])}",
                    source,
                    located.where(path[:-1]),
                )
            )
            continue
        problems.append(_value_problem(errs, path, name, located, source))
    return problems


def _value_problem(
    errs: list[dict[str, Any]], path: Path, name: str, located: Located, source: str
) -> Problem:
    where = located.where(path)
    value = errs[0].get("input")
    kinds = [e["type"] for e in errs]
    if "string_too_long" in kinds:
        limit = next(e for e in errs if e["type"] == "string_too_long")["ctx"]["max_length"]
        length = len(value) if isinstance(value, str) else 0
        return Problem(
            Code.VALUE_TOO_LONG,
            f"{name} is {length:,} characters long; at most {limit:,} are allowed",
            source,
            where,
            "shorten it, or move long guidance out of the criteria file",
        )
    literal = next((e for e in errs if e["type"] == "literal_error"), None)
    if literal is not None:
        expected = literal["ctx"]["expected"]
        options = [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",")]
        return Problem(
            Code.INVALID_VALUE,
            f"{name} is {_describe(value)}; expected {expected}",
            source,
            where,
            did_you_mean(str(value), options) if isinstance(value, str) else None,
        )
    pattern = next((e for e in errs if e["type"] == "string_pattern_mismatch"), None)
    if pattern is not None and isinstance(value, str):
        return Problem(
            Code.INVALID_VALUE,
            f"{name} is {_describe(value)}, which does not match {pattern['ctx']['pattern']}",
            source,
            where,
        )
    if any(
        k in ("greater_than_equal", "less_than_equal", "too_short", "string_too_short")
        for k in kinds
    ):
        return Problem(Code.INVALID_VALUE, f"{name}: {errs[0]['msg']}", source, where)
    words = sorted({_TYPE_WORDS.get(k, "") for k in kinds} - {""})
    expected = " or ".join(words) if words else errs[0]["msg"].lower()
    suggestion = None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and "a string" in words:
        suggestion = f'quote it: "{value}"'
    return Problem(
        Code.WRONG_TYPE,
        f"{name} is {_describe(value)}; expected {expected}",
        source,
        where,
        suggestion,
    )
