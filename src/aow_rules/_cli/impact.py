"""``aow-rules impact OLD NEW SAMPLE``: a sample re-scored under two versions, and why."""

from __future__ import annotations

import argparse

from .._cases import read_sample
from .._criteria import load_criteria
from .._render import render
from .._versions import impact
from . import _json, _options
from ._errors import OK
from ._io import Streams

NAME = "impact"
HELP = "re-score a sample under an old and a new version"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the version the sample was written for")
    parser.add_argument("new", metavar="NEW", help="the new version")
    _options.sample(parser)
    _options.formats(parser, ("json", "text", "html"), "text")
    _json.indent(parser)
    parser.add_argument(
        "--cases", action="store_true", help="add each case's explanation changes (json only)"
    )
    _options.held_engine(
        parser,
        "evaluate each case under both versions",
        "score both as columns (polars, the same report)",
        "cases",
    )


def run(args: argparse.Namespace, io: Streams) -> int:
    _json.refuse_unused(args, json=args.format == "json")
    old = load_criteria(args.old)
    new = load_criteria(args.new)
    sample = read_sample(args.sample, old)
    result = impact(old, new, sample, engine=args.engine)
    if args.format == "json":
        _json.write_json(io, result.to_dict(cases=args.cases), _json.spaces(args))
    else:
        io.out.write(render(result, args.format))
    if sample.rejected:
        io.err.write(
            f"aow-rules: {len(sample.rejected)} case(s) rejected under {old.id}; the "
            "report lists them with their reasons\n"
        )
    return OK
