"""``aow-rules report SAMPLE``: a sample's scores, breakdowns and ratings; JSON, CSV, text, HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._aggregate._inspection import load_inspection
from .._cases import Sample, read_sample, read_stream
from .._criteria import Criteria, load_criteria
from .._evaluate import COLUMNAR_FROM, Engine, choose_engine
from .._qa import qa
from .._render import TABLES, render, report_csv, report_text
from .._report import CASE_LIST_LIMIT, SampleReport, report
from ..errors import CaseError, Code, Problem
from . import _json, _options
from ._errors import INVALID, OK
from ._io import STDIN, Streams, write_file

NAME = "report"
HELP = "score a sample: scores, breakdowns, ratings; JSON, CSV, text, HTML"


def add(parser: argparse.ArgumentParser) -> None:
    _options.sample(parser)
    _options.criteria(parser, required=True)
    _options.formats(parser, ("json", "csv", "text"), "json")
    _json.indent(parser)
    _json.judgement_format(parser, "with --explain, each case's judgement's format")
    parser.add_argument(
        "--label",
        metavar="TEXT",
        help="name the sample in the outputs (default: its path), e.g. 'Cluster A, March 2014'",
    )
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    parser.add_argument(
        "--csv-dir",
        metavar="DIR",
        help=f"also write every CSV table ({', '.join(TABLES)}) into DIR",
    )
    parser.add_argument(
        "--by",
        metavar="FACT",
        action="append",
        help="break scores down by a fact, or by 'assessor' (repeatable; default: the "
        "breakdowns the criteria declare, and assessor)",
    )
    parser.add_argument(
        "--no-breakdowns", action="store_true", help="no breakdowns (overrides the default)"
    )
    parser.add_argument(
        "--reference", metavar="FILE", help="reference figures (aow-reference/1) to compare with"
    )
    parser.add_argument(
        "--ratings",
        metavar="FILE",
        help="ratings recorded by a panel, and overrides (aow-ratings/1)",
    )
    parser.add_argument(
        "--inspection",
        metavar="FILE",
        help="the inspection the sample was read for (aow-inspection/1: area, providers, "
        "dates), shown in the report's header",
    )
    parser.add_argument(
        "--explain", action="store_true", help="--format json: add every case's full judgement"
    )
    parser.add_argument(
        "--qa", action="store_true", help="--html: add a quality-assurance section (aow-rules qa)"
    )
    _options.fail_on_rejected(parser)
    parser.add_argument(
        "--engine",
        choices=("auto", "per-case", "columnar", "stream"),
        default="auto",
        help=f"per-case: evaluate each case; columnar: score the sample as columns (polars, "
        f"the same numbers); stream: one case at a time, none kept (bounded memory; totals, "
        f"no case list); auto: columnar from {COLUMNAR_FROM:,} cases when polars is there",
    )
    parser.add_argument(
        "--case-list",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"list every case with its scores in the JSON, cases.csv and HTML (default: up "
        f"to {CASE_LIST_LIMIT:,} cases)",
    )


def _conflicts(args: argparse.Namespace) -> None:
    """Options that would do nothing as given: a usage error naming where they apply."""
    if args.explain and args.format != "json":
        raise _options.conflict(
            "--explain", "with --format json (it adds each case's judgement)", "add --format json"
        )
    if args.qa and not args.html:
        raise _options.conflict(
            "--qa", "with --html FILE (it adds a section to the page)", "add --html FILE"
        )
    if args.no_breakdowns and args.by:
        raise _options.conflict(
            "--no-breakdowns", "without --by (it asks for no breakdown)", "leave out one of them"
        )
    if args.case_list is not None and not (args.format == "json" or args.csv_dir or args.html):
        what = "--case-list" if args.case_list else "--no-case-list"
        raise _options.conflict(
            what,
            "with --format json, --csv-dir DIR or --html FILE (the outputs that list cases)",
            "add one of them",
        )


def _explains(engine: str, args: argparse.Namespace) -> None:
    """Options that show every case need the engine that keeps every case."""
    if engine in ("columnar", "stream") and (args.explain or args.html or args.case_list):
        what = "--explain" if args.explain else "--html" if args.html else "--case-list"
        raise CaseError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"{what} shows every case, which the {engine} engine does not keep",
                    "--engine",
                    suggestion="add --engine per-case",
                )
            ]
        )


def rejected_note(rejected: int, criteria_id: str, io: Streams) -> None:
    if rejected:
        io.err.write(
            f"aow-rules: {rejected} case(s) rejected under {criteria_id} and not "
            "scored; the report lists them with their reasons\n"
        )


def html(result: SampleReport, sample: Sample, with_qa: bool, case_list: bool | None = None) -> str:
    """The HTML page of a report, with a QA section of the same sample if asked."""
    return render(
        result,
        "html",
        qa=qa(result.criteria, sample) if with_qa else None,
        case_list=case_list,
    )


def read(args: argparse.Namespace, criteria: Criteria, io: Streams) -> Sample:
    """The sample named by the SAMPLE argument: a file or folder, or standard input (-)."""
    if args.sample == "-":
        return read_stream(io.binary_input(), STDIN, criteria)
    return read_sample(args.sample, criteria)


def run(args: argparse.Namespace, io: Streams) -> int:
    _json.refuse_unused(args, json=args.format == "json", judgements=args.explain)
    _conflicts(args)
    criteria = load_criteria(args.criteria)
    # Checked before the sample is read: a wrong date stops the run at once.
    inspection = None if args.inspection is None else load_inspection(args.inspection, criteria)
    by = [] if args.no_breakdowns else args.by
    label = args.label or (STDIN if args.sample == "-" else args.sample)
    scoring = io.progress("Scoring cases")
    if args.engine == "stream":
        _explains("stream", args)
        result = report(
            criteria,
            io.binary_input() if args.sample == "-" else args.sample,
            by=by,
            reference=args.reference,
            ratings=args.ratings,
            engine="stream",
            label=label,
            progress=scoring,
            inspection=inspection,
        )
        sample = Sample((), (), result.rejected)
    else:
        sample = read(args, criteria, io)
        # Chosen here, before scoring, so that an option the engine cannot honour stops the
        # run at once rather than after a long one.
        # The HTML page lists and explains every case: at any size it needs the engine that
        # keeps them (auto picks it; only an explicit columnar is refused below).
        wanted: Engine = "per-case" if args.html and args.engine == "auto" else args.engine
        engine = choose_engine(wanted, len(sample.cases), criteria)
        _explains(engine, args)
        result = report(
            criteria,
            sample,
            by=by,
            reference=args.reference,
            ratings=args.ratings,
            engine=engine,
            label=label,
            progress=scoring,
            inspection=inspection,
        )
    # The data is made once; every format below renders it.
    data = result.to_dict(
        explain=args.explain, case_list=args.case_list, judgement_format=_json.judgements(args)
    )
    if args.format == "json":
        _json.write_json(io, data, _json.spaces(args))
    elif args.format == "csv":
        io.out.write(report_csv(data))
    else:
        io.out.write(report_text(data))
    if args.csv_dir:
        for table in TABLES:
            write_file(Path(args.csv_dir) / f"{table}.csv", report_csv(data, table))
    if args.html:
        write_file(Path(args.html), html(result, sample, args.qa, args.case_list))
    rejected_note(len(result.rejected), criteria.id, io)
    return INVALID if args.fail_on_rejected and result.rejected else OK
