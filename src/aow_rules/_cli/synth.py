"""``aow-rules synth``: draw a SYNTHETIC inspection sample as JSON Lines."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._criteria import load_criteria
from .._synth import synthesize, to_jsonl
from ._errors import OK
from ._io import Streams, write_file

NAME = "synth"
HELP = "draw a SYNTHETIC inspection sample (the strata and officer cap of its profile)"

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
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="a synthetic profile (aow-synth-profile/1; default: the one beside the criteria "
        "file, if any)",
    )


def add(parser: argparse.ArgumentParser) -> None:
    drawing(parser)
    parser.add_argument("--out", metavar="FILE", help="write JSON Lines here (default: stdout)")


def run(args: argparse.Namespace, io: Streams) -> int:
    criteria = load_criteria(args.criteria)
    text = to_jsonl(synthesize(criteria, cases=args.cases, seed=args.seed, profile=args.profile))
    if args.out:
        write_file(Path(args.out), text)
    else:
        io.out.write(text)
    return OK
