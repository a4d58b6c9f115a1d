"""``aow-rules schema [NAME]``: the published JSON Schemas."""

from __future__ import annotations

import argparse
import json

from .._schemas import SCHEMA_NAMES, schema
from ._errors import OK
from ._io import Streams

NAME = "schema"
HELP = "print the published JSON Schemas"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        nargs="?",
        choices=SCHEMA_NAMES,
        metavar="NAME",
        help=f"one of: {', '.join(SCHEMA_NAMES)} (default: all)",
    )


def run(args: argparse.Namespace, io: Streams) -> int:
    if args.name:
        # The text of the file published under schemas/.
        io.out.write(json.dumps(schema(args.name), indent=2, sort_keys=True, ensure_ascii=False))
        io.out.write("\n")
    else:
        io.out.write(json.dumps(schema(), indent=2, sort_keys=True) + "\n")
    return OK
