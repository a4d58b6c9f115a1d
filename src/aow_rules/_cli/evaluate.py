"""``aow-rules evaluate CASE``: one case scored and explained, as JSON or text."""

from __future__ import annotations

import argparse
from typing import Any

from .._cases import parse_case, read_case_json, read_json_file
from .._criteria import load_criteria
from .._evaluate import evaluate
from .._render import render
from ..errors import CaseError, Code, Problem
from . import _json, _options
from ._errors import OK
from ._io import Streams

NAME = "evaluate"
HELP = "score one case and explain the result"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", help="an aow-case/1 JSON file, or - for stdin")
    _options.criteria(
        parser, help="shipped criteria id or file (default: the case's own criteria id)"
    )
    _options.formats(parser, ("json", "text"), "json")
    _json.indent(parser)
    _json.judgement_format(parser, "the judgement's format (json)")


def _criteria_of(data: Any, source: str) -> str:
    target = data.get("criteria") if isinstance(data, dict) else None
    if not isinstance(target, str):
        raise CaseError(
            [
                Problem(
                    Code.MISSING_KEY,
                    "the case names no criteria and --criteria was not given",
                    source,
                    "$.criteria",
                    "pass --criteria ID|PATH",
                )
            ]
        )
    return target


def run(args: argparse.Namespace, io: Streams) -> int:
    _json.refuse_unused(args, json=args.format == "json", judgements=True)
    if args.case == "-":
        source = "<stdin>"
        data = read_case_json(io.inp.read(), source)
    else:
        source = args.case
        data = read_json_file(source)
    criteria = load_criteria(args.criteria or _criteria_of(data, source))
    judgement = evaluate(criteria, parse_case(data, criteria, source=source))
    if args.format == "json":
        fmt, indent = _json.judgements(args), _json.spaces(args)
        if indent:
            _json.write_json(io, judgement.to_dict(format=fmt), indent)
        else:  # compact: the service's fast path
            io.out.write(judgement.to_json(format=fmt) + "\n")
    else:
        io.out.write(render(judgement))
    return OK
