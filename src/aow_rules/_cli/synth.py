"""``aow-rules synth``: draw a SYNTHETIC inspection sample as JSON Lines."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._criteria import load_criteria
from .._synth import synthesize, to_jsonl
from ..errors import ArgumentError, Code, Problem
from ._errors import OK
from ._io import Streams, write_file

NAME = "synth"
HELP = "draw a SYNTHETIC inspection sample (five strata, six cases per officer)"

DEMO_CRITERIA = "iaow-2013-10"
DEMO_CASES = 60
DEMO_SEED = 2013


def drawing(parser: argparse.ArgumentParser) -> None:
    """The options of a verb that draws a synthetic sample (synth, demo)."""
    parser.add_argument(
        "--criteria", metavar="ID|PATH", default=DEMO_CRITERIA, help="shipped criteria id or file"
    )
    parser.add_argument(
        "--cases",
        type=int,
        default=DEMO_CASES,
        help="sample size, 1 to 100000 (an inspection reads 50 to 90; larger samples are for load)",
    )
    parser.add_argument("--seed", type=int, default=DEMO_SEED)


def size(cases: int) -> None:
    if not 1 <= cases <= 100_000:
        raise ArgumentError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"cases={cases}: expected 1 to 100000 (inspections read 50 to 90)",
                    "cases",
                )
            ]
        )


def add(parser: argparse.ArgumentParser) -> None:
    drawing(parser)
    parser.add_argument("--out", metavar="FILE", help="write JSON Lines here (default: stdout)")


def run(args: argparse.Namespace, io: Streams) -> int:
    size(args.cases)
    criteria = load_criteria(args.criteria)
    text = to_jsonl(synthesize(criteria, cases=args.cases, seed=args.seed))
    if args.out:
        write_file(Path(args.out), text)
    else:
        io.out.write(text)
    return OK
