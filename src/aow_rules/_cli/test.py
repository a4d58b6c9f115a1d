"""``aow-rules test CRITERIA``: the golden cases beside a criteria file, with coverage."""

from __future__ import annotations

import argparse
import json

from .._render import render
from .._versions import run_tests
from . import _options
from ._errors import NEGATIVE, OK
from ._io import Streams

NAME = "test"
HELP = "run the golden cases beside a criteria file, with coverage"


def add(parser: argparse.ArgumentParser) -> None:
    _options.criteria(parser, positional=True)
    _options.formats(parser, ("json", "text", "html"), "text")


def run(args: argparse.Namespace, io: Streams) -> int:
    tested = run_tests(args.criteria)
    if args.format == "json":
        io.out.write(json.dumps(tested.to_dict(), indent=2) + "\n")
    else:
        io.out.write(render(tested, "html" if args.format == "html" else "text"))
    return OK if tested.passed else NEGATIVE
