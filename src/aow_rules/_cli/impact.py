"""``aow-rules impact OLD NEW SAMPLE``: a sample re-scored under two versions, and why."""

from __future__ import annotations

import argparse

from .._criteria import load_criteria
from .._render import render
from .._versions import impact
from . import _json, _options
from ._errors import INVALID, OK
from ._io import Streams
from .report import read

NAME = "impact"
HELP = "re-score a sample under an old and a new version"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the version the sample was written for")
    parser.add_argument("new", metavar="NEW", help="the new version")
    _options.sample(parser)
    _options.formats(parser, ("json", "text", "html"), "text")
    _json.indent(parser)
    parser.add_argument(
        "--cases", action="store_true", help="--format json: add each case's explanation changes"
    )
    _options.held_engine(
        parser,
        "evaluate each case under both versions",
        "score both as columns (polars, the same report)",
        "cases",
    )
    _options.fail_on_rejected(parser)


def run(args: argparse.Namespace, io: Streams) -> int:
    _json.refuse_unused(args, json=args.format == "json")
    if args.cases and args.format != "json":
        raise _options.conflict(
            "--cases", "with --format json (it adds each case's changes)", "add --format json"
        )
    old = load_criteria(args.old)
    new = load_criteria(args.new)
    sample = read(args, old, io)
    result = impact(old, new, sample, engine=args.engine)
    if args.format == "json":
        _json.write_json(io, result.to_dict(cases=args.cases), _json.spaces(args))
    else:
        io.out.write(render(result, args.format))
    # Each side's invalid cases are named on the report; here, how many, and whether a side
    # was left with none: then "no change" would mean nothing, and the exit code says so.
    invalid_new = sum(1 for t in result.translated if t.new is None)
    valid_old = len(sample.cases)
    if sample.rejected:
        io.err.write(
            f"aow-rules: {len(sample.rejected)} case(s) rejected under {old.id}; the "
            "report lists them with their reasons\n"
        )
    if invalid_new:
        io.err.write(
            f"aow-rules: {invalid_new} case(s) cannot be scored under {new.id}; the report "
            "lists them with their reasons\n"
        )
    for side, valid in ((old.id, valid_old), (new.id, valid_old - invalid_new)):
        if not valid:
            io.err.write(
                f"aow-rules: no case of the sample is valid under {side}: there is nothing to "
                "compare\n"
            )
            return INVALID
    if args.fail_on_rejected and (sample.rejected or invalid_new):
        return INVALID
    return OK
