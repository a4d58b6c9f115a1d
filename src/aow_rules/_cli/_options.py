"""Arguments several verbs share, declared once so that they read the same everywhere."""

from __future__ import annotations

import argparse
from typing import Any

from .._evaluate import COLUMNAR_FROM, HELD_ENGINES

__all__ = ["SAMPLE_HELP", "Parser", "UsageError", "criteria", "formats", "held_engine", "sample"]

SAMPLE_HELP = "a .jsonl or .csv file, or a folder of case files"


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
