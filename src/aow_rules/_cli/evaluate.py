"""``aow-rules evaluate CASE``: one case scored and explained, as JSON or text."""

from __future__ import annotations

import argparse
from typing import Any

from .._cases import parse_case, read_case_json, read_json_file
from .._cases._parse import CRITERIA_ID
from .._criteria import load_criteria, shipped_criteria
from .._evaluate import evaluate
from .._render import render
from ..errors import CaseError, Code, Problem
from . import _json, _options
from ._errors import OK
from ._io import STDIN, Streams

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
    """The shipped criteria id the case names. A case names its criteria by id only: a path
    in a case is never opened (only the caller, with --criteria, may give one)."""
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
    shipped = shipped_criteria()
    if target not in shipped:
        shown = target if CRITERIA_ID.fullmatch(target) else None
        raise CaseError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"the case names criteria {shown!r}, which is not the id of shipped criteria"
                    if shown
                    else "the case's criteria is not a criteria id: a case names its criteria "
                    "by id, never by a path",
                    source,
                    "$.criteria",
                    f"pass --criteria ID|PATH (shipped: {', '.join(shipped) or 'none'})",
                )
            ]
        )
    return target


def run(args: argparse.Namespace, io: Streams) -> int:
    _json.refuse_unused(args, json=args.format == "json", judgements=True)
    if args.case == "-":
        source = STDIN
        data = read_case_json(io.binary_input().read(), source)
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
