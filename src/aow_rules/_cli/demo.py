"""``aow-rules demo``: the main job on the shipped default, a SYNTHETIC sample scored and
reported, with every output written to one folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .._cases import read_sample
from .._criteria import load_criteria
from .._render import TABLES, report_csv, report_text
from .._report import report
from .._synth import synthesize, to_jsonl
from .._synth._interview import synthetic_inspection
from ._errors import OK
from ._io import Streams, write_file
from .report import html, rejected_note
from .synth import drawing

NAME = "demo"
HELP = "the main job on the shipped default: a SYNTHETIC sample, scored and reported"


def add(parser: argparse.ArgumentParser) -> None:
    drawing(parser)
    parser.add_argument(
        "--out",
        metavar="DIR",
        default="aow-demo",
        help="folder for the outputs (default: aow-demo)",
    )


def run(args: argparse.Namespace, io: Streams) -> int:
    criteria = load_criteria(args.criteria)
    out = Path(args.out)
    sample_path = out / "sample.jsonl"
    drawn = synthesize(criteria, cases=args.cases, seed=args.seed, profile=args.profile)
    write_file(sample_path, to_jsonl(drawn))
    sample = read_sample(sample_path, criteria)
    result = report(
        criteria,
        sample,
        engine="per-case",
        label=str(sample_path),
        progress=io.progress("Scoring cases"),
        # A SYNTHETIC inspection record, so the report shows its header.
        inspection=synthetic_inspection(criteria, drawn),
    )
    data = result.to_dict()
    write_file(out / "report.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    for table in TABLES:
        write_file(out / f"{table}.csv", report_csv(data, table))
    html_path = out / "report.html"
    write_file(html_path, html(result, sample, True))
    io.out.write(report_text(data))
    io.out.write(
        f"\nWrote {html_path.resolve()} (open it in a browser), and beside it report.json, "
        f"the CSV tables ({', '.join(TABLES)}) and the SYNTHETIC sample sample.jsonl.\n"
    )
    rejected_note(len(result.rejected), criteria.id, io)
    return OK
