"""``aow-rules qa SAMPLE``: contradictions, agreement between assessors, drift."""

from __future__ import annotations

import argparse

from .._criteria import load_criteria
from .._qa import qa
from .._render import qa_html, qa_text
from . import _json, _options
from ._errors import INVALID, NEGATIVE, OK
from ._io import Streams
from .report import read

NAME = "qa"
HELP = "check a sample: contradictions, agreement between assessors, drift"


def add(parser: argparse.ArgumentParser) -> None:
    _options.sample(parser)
    _options.criteria(parser, required=True)
    _options.formats(parser, ("json", "text", "html"), "text")
    _json.indent(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when an assessment holds an error finding or a case is rejected",
    )
    _options.fail_on_rejected(parser)
    _options.held_engine(
        parser,
        "evaluate each assessment",
        "score the sample as columns (polars) and evaluate only the assessments the report "
        "explains (the same report)",
        "assessments",
    )


def run(args: argparse.Namespace, io: Streams) -> int:
    _json.refuse_unused(args, json=args.format == "json")
    criteria = load_criteria(args.criteria)
    sample = read(args, criteria, io)
    result = qa(criteria, sample, engine=args.engine)
    data = result.to_dict()
    if args.format == "json":
        _json.write_json(io, data, _json.spaces(args))
    elif args.format == "html":
        cases = sample.cases
        io.out.write(
            qa_html(
                data,
                titles={q.id: q.text for q in criteria.questions},
                synthetic=bool(cases) and all(c.synthetic for c in cases),
                source=args.sample,
            )
        )
    else:
        io.out.write(qa_text(data))
    if sample.rejected:
        io.err.write(
            f"aow-rules: {len(sample.rejected)} case(s) rejected; the report lists "
            "them with their reasons\n"
        )
    if args.fail_on_rejected and sample.rejected:
        return INVALID
    if args.strict and (result.error_findings or sample.rejected):
        return NEGATIVE
    return OK
