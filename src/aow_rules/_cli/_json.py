"""The JSON output options: ``--indent`` (people read indented JSON, machines compact) and
``--judgement-format`` (which judgement format a verb writes), and writing the JSON."""

from __future__ import annotations

import argparse
from typing import Any

from .._numbers import json_text
from ._io import Streams

__all__ = ["indent", "judgement_format", "write_json"]

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
        default=DEFAULT_INDENT,
        metavar="N",
        help=f"indent JSON by N spaces (default {DEFAULT_INDENT}); 0 writes compact JSON on one "
        "line, for machines",
    )


def judgement_format(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--judgement-format",
        type=int,
        choices=(1, 2),
        default=2,
        metavar="{1,2}",
        help=f"{what}: 2 (aow-judgement/2, the default: each question once, groups list their "
        "question ids) or 1 (aow-judgement/1: each group copies its questions' entries)",
    )


def write_json(io: Streams, data: Any, spaces: int) -> None:
    """``data`` as JSON on stdout: indented by ``spaces``, compact when 0; one line break."""
    io.out.write(json_text(data, indent=spaces or None) + "\n")
