"""The one place that turns what the library raised into what a command-line user reads.

Library errors name API parameters (``by``, ``engine='per-case'``); a user typed flags
(``--by``, ``--engine per-case``). `for_cli` rewrites each problem of an `ArgumentError`
through `FLAGS`, and `exit_code` maps every error to its documented exit code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import IO

from ..errors import AowError, ArgumentError, Problem

__all__ = [
    "FLAGS",
    "INTERNAL",
    "INVALID",
    "NEGATIVE",
    "OK",
    "USAGE",
    "exit_code",
    "for_cli",
    "write_problems",
]

OK, NEGATIVE, USAGE, INVALID, INTERNAL = 0, 1, 2, 3, 4

FLAGS = {
    "by": "--by",
    "case_list": "--case-list",
    "cases": "--cases",
    "engine": "--engine",
    "explain": "--explain",
    "inspection": "--inspection",
    "label": "--label",
    "ratings": "--ratings",
    "reference": "--reference",
    "seed": "--seed",
}
"""API parameter -> the flag that sets it."""

# A parameter as the library writes it in a message: name='value', name=True or name=123.
_SETTING = re.compile(r"\b(" + "|".join(FLAGS) + r")=(?:'([^']*)'|(True)|(-?\d+))")


def _flag_text(text: str) -> str:
    def flag(m: re.Match[str]) -> str:
        name, quoted, true, number = m.groups()
        value = quoted if quoted is not None else number
        return FLAGS[name] if true else f"{FLAGS[name]} {value}"

    return _SETTING.sub(flag, text)


def for_cli(exc: AowError) -> tuple[Problem, ...]:
    """The problems of ``exc`` as a command-line user should read them."""
    if not isinstance(exc, ArgumentError):
        return exc.problems
    return tuple(
        replace(
            p,
            source=FLAGS.get(p.source, p.source),
            message=_flag_text(p.message),
            suggestion=None if p.suggestion is None else _flag_text(p.suggestion),
        )
        for p in exc.problems
    )


def exit_code(exc: AowError) -> int:
    """Every problem with an input (a criteria file, a case, a value given) exits with 3."""
    return INVALID


def write_problems(problems: Sequence[Problem], fmt: str, stderr: IO[str]) -> None:
    """One line per problem: ``aow-rules: <problem>``, or a JSON object with ``--format json``."""
    for problem in problems:
        if fmt == "json":
            stderr.write(json.dumps(problem.to_dict(), ensure_ascii=False) + "\n")
        else:
            stderr.write(f"aow-rules: {problem}\n")
