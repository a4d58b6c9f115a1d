"""Arguments several verbs share, declared once so that they read the same everywhere."""

from __future__ import annotations

import argparse
from typing import Any

from .._evaluate import COLUMNAR_FROM, HELD_ENGINES
from ..errors import CaseError, Code, Problem

__all__ = [
    "SAMPLE_HELP",
    "Parser",
    "UsageError",
    "conflict",
    "criteria",
    "fail_on_rejected",
    "formats",
    "held_engine",
    "sample",
]

SAMPLE_HELP = "a .jsonl or .csv file, a folder of case files, or - for standard input"


class UsageError(Exception):
    """A command line argparse refused: exit 2 with its message."""


class Parser(argparse.ArgumentParser):
    # argparse prints and exits on a usage error; we need the message and our exit code.
    def error(self, message: str) -> Any:
        raise UsageError(f"{message} (see: {self.prog} --help)")


def criteria(parser: argparse.ArgumentParser, **kwargs: Any) -> None:
    """``--criteria ID|PATH`` (or a positional CRITERIA with ``positional=True``)."""
    if kwargs.pop("positional", False):
        parser.add_argument("criteria", metavar="CRITERIA", help="shipped criteria id or file")
        return
    kwargs.setdefault("help", "shipped criteria id or file")
    parser.add_argument("--criteria", metavar="ID|PATH", **kwargs)


def formats(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument("--format", choices=choices, default=default)


def sample(parser: argparse.ArgumentParser, help: str = SAMPLE_HELP) -> None:
    parser.add_argument("sample", metavar="SAMPLE", help=help)


def fail_on_rejected(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on-rejected",
        action="store_true",
        help="exit 3 when any case of the sample is rejected (the output is written all the same)",
    )


def conflict(option: str, supported: str, add: str) -> CaseError:
    """The error of an option given where it does nothing (exit 3, before anything is read,
    as `_json.refuse_unused`): ``supported`` says where it applies, ``add`` what to add."""
    return CaseError(
        [
            Problem(
                Code.INVALID_VALUE,
                f"{option} applies only {supported}, and was given without it",
                option,
                suggestion=add,
            )
        ]
    )


def held_engine(parser: argparse.ArgumentParser, per_case: str, columnar: str, unit: str) -> None:
    """``--engine`` of a verb that holds the whole sample (qa, impact); ``unit``: what the
    sample is counted in."""
    parser.add_argument(
        "--engine",
        choices=HELD_ENGINES,
        default="auto",
        help=f"per-case: {per_case}; columnar: {columnar}; auto: columnar from "
        f"{COLUMNAR_FROM:,} {unit} when polars is there",
    )
