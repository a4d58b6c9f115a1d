"""The JSON output options: ``--indent`` (people read indented JSON, machines compact) and
``--judgement-format`` (which judgement format a verb writes), and writing the JSON."""

from __future__ import annotations

import argparse
from typing import Any

from .._evaluate._explain import JudgementFormat
from .._numbers import json_text
from ..errors import CaseError, Code, Problem
from ._io import Streams

__all__ = ["indent", "judgement_format", "judgements", "refuse_unused", "spaces", "write_json"]

DEFAULT_INDENT = 2
"""The command line indents its JSON for the people who read it at a terminal (the documented
output); the library and the service write compact JSON for machines."""


def _indent(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of spaces: {text!r}") from None
    if not 0 <= value <= 8:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 8")
    return value


def indent(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--indent",
        type=_indent,
        default=None,
        metavar="N",
        help=f"indent JSON by N spaces (default {DEFAULT_INDENT}); 0 writes compact JSON on one "
        "line, for machines",
    )


def judgement_format(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--judgement-format",
        type=int,
        choices=(1, 2),
        default=None,
        metavar="{1,2}",
        help=f"{what}: 2 (aow-judgement/2, the default: each question once, groups list their "
        "question ids) or 1 (aow-judgement/1: each group copies its questions' entries)",
    )


def spaces(args: argparse.Namespace) -> int:
    """The indent asked for (`DEFAULT_INDENT` if none)."""
    return DEFAULT_INDENT if args.indent is None else int(args.indent)


def judgements(args: argparse.Namespace) -> JudgementFormat:
    """The judgement format asked for (2 if none)."""
    return 1 if args.judgement_format == 1 else 2


def refuse_unused(args: argparse.Namespace, *, json: bool, judgements: bool = False) -> None:
    """An option given that this run's output cannot honour is an error, never ignored:
    ``--indent`` without JSON output, ``--judgement-format`` without judgements in it."""
    unused = None
    if args.indent is not None and not json:
        unused = ("--indent", "indents JSON", "add --format json")
    elif getattr(args, "judgement_format", None) is not None and not (json and judgements):
        unused = (
            "--judgement-format",
            "chooses the format of the judgements JSON output holds",
            "add --format json" + ("" if json or judgements else " (and --explain on report)"),
        )
    if unused is not None:
        flag, what, suggestion = unused
        raise CaseError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"{flag} {what}, and this output has none",
                    flag,
                    suggestion=suggestion,
                )
            ]
        )


def write_json(io: Streams, data: Any, indent: int) -> None:
    """``data`` as JSON on stdout: indented by ``indent`` spaces, compact when 0."""
    io.out.write(json_text(data, indent=indent or None) + "\n")
