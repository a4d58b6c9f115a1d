"""``aow-rules sample``: draw an inspection sample from a provider's long list, writing the
sampled rows, case skeletons and a manifest that accounts for every row."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .._criteria import load_criteria
from .._sample import SampleDraw, sample
from .._sample._text import manifest_text
from .._synth import to_jsonl
from . import _options
from ._errors import OK
from ._io import Streams, write_file

NAME = "sample"
HELP = "draw an inspection sample from a provider's long list (CSV), by the version's rules"
OUTPUTS = ("sample.csv", "cases.jsonl", "manifest.json", "manifest.txt")


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "long_list", metavar="LONG_LIST", help="the provider's caseload as CSV (docs/sampling.md)"
    )
    _options.criteria(parser, required=True)
    parser.add_argument("--seed", type=int, default=2013, help="seed of the draw (default 2013)")
    parser.add_argument(
        "--size", type=int, help="cases to sample (default: the version's; within its bounds)"
    )
    parser.add_argument(
        "--cut-off",
        metavar="YYYY-MM-DD",
        help="date months since sentence are counted to (default: the latest sentence_date)",
    )
    parser.add_argument("--out", metavar="DIR", default="aow-sample", help="folder for the outputs")


def write_outputs(drawn: SampleDraw, out: Path) -> str:
    """Write the sample, skeletons and manifest to ``out``; the manifest's text."""
    data = drawn.to_dict()
    text = manifest_text(data)
    write_file(out / "sample.csv", drawn.rows_csv())
    write_file(out / "cases.jsonl", to_jsonl(drawn.skeletons()))
    write_file(out / "manifest.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    write_file(out / "manifest.txt", text)
    return text


def summary(text: str) -> str:
    """The manifest's text up to its list of every row."""
    return text.split("\nEvery row\n", 1)[0].rstrip("\n") + "\n"


def run(args: argparse.Namespace, io: Streams) -> int:
    criteria = load_criteria(args.criteria)
    drawn = sample(criteria, args.long_list, seed=args.seed, size=args.size, cut_off=args.cut_off)
    out = Path(args.out)
    io.out.write(summary(write_outputs(drawn, out)))
    io.out.write(
        f"\nWrote {', '.join(OUTPUTS)} to {out}; manifest.txt says what became of every row.\n"
    )
    rejected = sum(1 for o in drawn.outcomes if o.status == "rejected")
    if rejected:
        io.err.write(
            f"aow-rules: {rejected} row(s) of the long list rejected; the manifest lists "
            "them with their problems\n"
        )
    return OK
