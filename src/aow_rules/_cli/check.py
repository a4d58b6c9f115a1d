"""``aow-rules check CRITERIA``: compile a criteria file and list every problem, or its lint."""

from __future__ import annotations

import argparse
import json

from .._render import render
from .._versions import check
from ..errors import CriteriaError
from . import _options
from ._errors import INVALID, OK, write_problems
from ._io import Streams

NAME = "check"
HELP = "check a criteria file and list every problem"


def add(parser: argparse.ArgumentParser) -> None:
    _options.criteria(parser, positional=True)
    _options.formats(parser, ("json", "text"), "text")


def run(args: argparse.Namespace, io: Streams) -> int:
    result = check(args.criteria)
    if not result.ok and args.format == "json":
        # The verdict is JSON on stdout whatever it is, so a program reading it always can;
        # the problems go to stderr too, one JSON object a line, as for every verb.
        io.out.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        write_problems(result.problems, "json", io.err)
        return INVALID
    if not result.ok:
        raise CriteriaError(result.problems)
    if args.format == "json":
        io.out.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        io.out.write(render(result))
    return OK
