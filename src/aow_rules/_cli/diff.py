"""``aow-rules diff OLD NEW``: structural differences between two criteria versions."""

from __future__ import annotations

import argparse

from .._criteria import load_criteria
from .._render import render
from .._versions import diff
from . import _options
from ._errors import OK
from ._io import Streams

NAME = "diff"
HELP = "structural differences between two criteria versions"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="shipped criteria id or file")
    parser.add_argument("new", metavar="NEW", help="shipped criteria id or file")
    _options.formats(parser, ("json", "text", "html"), "text")


def run(args: argparse.Namespace, io: Streams) -> int:
    result = diff(load_criteria(args.old), load_criteria(args.new))
    if args.format == "json":
        io.out.write(result.to_json() + "\n")
    else:
        io.out.write(render(result, "html" if args.format == "html" else "text"))
    return OK
