"""The ``report``, ``synth`` and ``demo`` verbs: sample reports from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import IO, Any

from .. import _criteria as _load
from .._aggregate._inputs import load_recorded, load_reference
from .._cases._sample import Sample, iter_sample, read_sample
from .._criteria._model import Criteria
from .._evaluate import COLUMNAR_FROM, choose_engine
from .._evaluate._evaluate import evaluate
from .._qa import qa_report
from .._render._report_csv import TABLES, report_csv
from .._render._report_html import report_html
from .._render._report_text import report_text
from .._report._report import (
    CASE_LIST_LIMIT,
    SampleReport,
    build_columnar_report,
    build_report,
    stream_report,
)
from .._synth._synth import synthesize, write_jsonl
from ..errors import CaseError, Code, Problem
from ._progress import progress

__all__ = ["add_parsers", "demo_verb", "report_verb", "synth_verb"]

DEMO_CRITERIA = "iaow-2013-10"
DEMO_CASES = 60
DEMO_SEED = 2013


def add_parsers(sub: Any) -> None:
    """Add the report, synth and demo verbs to the CLI's subparsers."""
    rp = sub.add_parser(
        "report", help="score a sample: scores, breakdowns, ratings; JSON, CSV, text, HTML"
    )
    rp.add_argument("sample", metavar="SAMPLE", help="a .jsonl or .csv file, or a folder of cases")
    rp.add_argument(
        "--criteria", metavar="ID|PATH", required=True, help="shipped criteria id or file"
    )
    rp.add_argument("--format", choices=("json", "csv", "text"), default="json")
    rp.add_argument(
        "--label",
        metavar="TEXT",
        help="name the sample in the outputs (default: its path), e.g. 'Cluster A, March 2014'",
    )
    rp.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    rp.add_argument(
        "--csv-dir",
        metavar="DIR",
        help=f"also write every CSV table ({', '.join(TABLES)}) into DIR",
    )
    rp.add_argument(
        "--by",
        metavar="FACT",
        action="append",
        help="break scores down by a fact, or by 'assessor' (repeatable; default: the "
        "breakdowns the criteria declare, and assessor)",
    )
    rp.add_argument(
        "--no-breakdowns", action="store_true", help="no breakdowns (overrides the default)"
    )
    rp.add_argument(
        "--reference", metavar="FILE", help="reference figures (aow-reference/1) to compare with"
    )
    rp.add_argument(
        "--ratings",
        metavar="FILE",
        help="ratings recorded by a panel, and overrides (aow-ratings/1)",
    )
    rp.add_argument("--explain", action="store_true", help="JSON: add every case's full judgement")
    rp.add_argument(
        "--qa", action="store_true", help="HTML: add a quality-assurance section (aow-rules qa)"
    )
    rp.add_argument(
        "--engine",
        choices=("auto", "per-case", "columnar", "stream"),
        default="auto",
        help=f"per-case: evaluate each case; columnar: score the sample as columns (polars, "
        f"the same numbers); stream: one case at a time, none kept (bounded memory; totals, "
        f"no case list); auto: columnar from {COLUMNAR_FROM:,} cases when polars is there",
    )
    rp.add_argument(
        "--case-list",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"list every case with its scores (default: up to {CASE_LIST_LIMIT:,} cases)",
    )

    sy = _drawing(
        sub.add_parser(
            "synth", help="draw a SYNTHETIC inspection sample (five strata, six cases per officer)"
        )
    )
    sy.add_argument("--out", metavar="FILE", help="write JSON Lines here (default: stdout)")

    dm = _drawing(
        sub.add_parser(
            "demo",
            help="the main job on the shipped default: a SYNTHETIC sample, scored and reported",
        )
    )
    dm.add_argument(
        "--out",
        metavar="DIR",
        default="aow-demo",
        help="folder for the outputs (default: aow-demo)",
    )


def _drawing(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
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
    return parser


def _size(cases: int) -> None:
    if not 1 <= cases <= 100_000:
        raise CaseError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"--cases {cases}: expected 1 to 100000 (inspections read 50 to 90)",
                    "--cases",
                )
            ]
        )


def _score(criteria: Criteria, sample: Sample, stderr: IO[str]) -> list[Any]:
    cases = progress(sample.cases, len(sample.cases), "Scoring cases", stderr)
    return [evaluate(criteria, c) for c in cases]


def _build(
    criteria: Criteria,
    sample: Sample,
    source: str,
    stderr: IO[str],
    *,
    by: list[str] | None = None,
    reference: str | None = None,
    ratings: str | None = None,
    engine: str = "per-case",
) -> SampleReport:
    ref = None if reference is None else load_reference(reference, criteria)
    recorded = None if ratings is None else load_recorded(ratings, criteria)
    if engine == "columnar":
        return build_columnar_report(
            criteria,
            sample.cases,
            source=source,
            rejected=sample.rejected,
            by=by,
            reference=ref,
            recorded=recorded,
        )
    return build_report(
        criteria,
        _score(criteria, sample, stderr),
        source=source,
        sources=sample.sources,
        rejected=sample.rejected,
        by=by,
        reference=ref,
        recorded=recorded,
    )


def _html(report: SampleReport, sample: Sample, with_qa: bool) -> str:
    qa = qa_report(report.criteria, sample).to_dict() if with_qa else None
    return report_html(report.to_dict(), report.case_details(), qa)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CaseError(
            [Problem(Code.FILE_UNREADABLE, f"cannot write: {exc.strerror}", str(path))]
        ) from None


def _rejected_note(sample: Sample, criteria: Criteria, stderr: IO[str]) -> None:
    if sample.rejected:
        stderr.write(
            f"aow-rules: {len(sample.rejected)} case(s) rejected under {criteria.id} and not "
            "scored; the report lists them with their reasons\n"
        )


def _explains(engine: str, args: argparse.Namespace) -> None:
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


def report_verb(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    criteria = _load.load_criteria(args.criteria)
    by = [] if args.no_breakdowns else args.by
    label = args.label or args.sample
    if args.engine == "stream":
        _explains("stream", args)
        items = progress(iter_sample(args.sample, criteria), None, "Scoring cases", stderr)
        report = stream_report(
            criteria,
            items,
            source=label,
            by=by,
            reference=None if args.reference is None else load_reference(args.reference, criteria),
            recorded=None if args.ratings is None else load_recorded(args.ratings, criteria),
        )
        sample = Sample((), (), report.rejected)
    else:
        sample = read_sample(args.sample, criteria)
        engine = choose_engine(args.engine, len(sample.cases), criteria)
        _explains(engine, args)
        report = _build(
            criteria,
            sample,
            label,
            stderr,
            by=by,
            reference=args.reference,
            ratings=args.ratings,
            engine=engine,
        )
    data = report.to_dict(explain=args.explain, case_list=args.case_list)
    if args.format == "json":
        stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    elif args.format == "csv":
        stdout.write(report_csv(data))
    else:
        stdout.write(report_text(data))
    if args.csv_dir:
        for table in TABLES:
            _write(Path(args.csv_dir) / f"{table}.csv", report_csv(data, table))
    if args.html:
        _write(Path(args.html), _html(report, sample, args.qa))
    _rejected_note(sample, criteria, stderr)
    return 0


def synth_verb(args: argparse.Namespace, stdout: IO[str]) -> int:
    _size(args.cases)
    criteria = _load.load_criteria(args.criteria)
    cases = synthesize(criteria, cases=args.cases, seed=args.seed)
    if args.out:
        write_jsonl(cases, Path(args.out))
    else:
        for case in cases:
            stdout.write(json.dumps(case, sort_keys=True, ensure_ascii=False) + "\n")
    return 0


def demo_verb(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    _size(args.cases)
    criteria = _load.load_criteria(args.criteria)
    out = Path(args.out)
    cases = synthesize(criteria, cases=args.cases, seed=args.seed)
    sample_path = out / "sample.jsonl"
    _write(sample_path, "")  # makes the folder, with a clear error if it cannot
    write_jsonl(cases, sample_path)
    sample = read_sample(sample_path, criteria)
    report = _build(criteria, sample, str(sample_path), stderr)
    data = report.to_dict()
    _write(out / "report.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    for table in TABLES:
        _write(out / f"{table}.csv", report_csv(data, table))
    html_path = out / "report.html"
    _write(html_path, _html(report, sample, True))
    stdout.write(report_text(data))
    stdout.write(
        f"\nWrote {html_path.resolve()} (open it in a browser), and beside it report.json, "
        f"the CSV tables ({', '.join(TABLES)}) and the SYNTHETIC sample sample.jsonl.\n"
    )
    _rejected_note(sample, criteria, stderr)
    return 0
