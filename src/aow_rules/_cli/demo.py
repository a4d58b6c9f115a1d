"""``aow-rules demo``: the main job on the shipped default, with every output written to one
folder: a SYNTHETIC long list of an invented area's caseload, the sample drawn from it by the
version's sampling rules (with its manifest), the sampled cases' invented answers, scored and
reported."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .._cases import read_sample
from .._criteria import load_criteria
from .._render import TABLES, report_csv, report_text
from .._report import report
from .._sample._synthetic import draw_demo
from .._sample._text import manifest_text
from .._synth import synthesize, to_jsonl
from .._synth._interview import synthetic_inspection
from ..errors import ArgumentError, Code, Problem
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
    sampling = criteria.sampling
    drawn_from = "drawn by synth (the criteria have no sampling: section)"
    if sampling is None:
        cases = synthesize(criteria, cases=args.cases, seed=args.seed, profile=args.profile)
    else:
        if not sampling.size_min <= args.cases <= sampling.size_max:
            raise ArgumentError(
                [
                    Problem(
                        Code.INVALID_VALUE,
                        f"cases={args.cases}: {criteria.id} samples {sampling.size_min} to "
                        f"{sampling.size_max} cases",
                        "cases",
                        "aow-rules synth draws samples of other sizes",
                    )
                ]
            )
        demo = draw_demo(
            criteria,
            cases=args.cases,
            seed=args.seed,
            list_path=out / "long-list.csv",
            profile=args.profile,
            write=write_file,
        )
        drawn = demo.drawn
        write_file(out / "sample.csv", drawn.rows_csv())
        manifest = drawn.to_dict()
        write_file(out / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        write_file(out / "manifest.txt", manifest_text(manifest))
        cases = demo.cases
        counts = manifest["counts"]
        drawn_from = (
            f"drawn from the SYNTHETIC long list long-list.csv ({counts['rows']} rows; "
            f"{counts['eligible']} eligible) by the sampling rules of {criteria.id}; "
            "manifest.txt says what became of every row"
        )
    write_file(sample_path, to_jsonl(cases))
    sample = read_sample(sample_path, criteria)
    result = report(
        criteria,
        sample,
        engine="per-case",
        label=str(sample_path),
        progress=io.progress("Scoring cases"),
        # A SYNTHETIC inspection record, so the report shows its header.
        inspection=synthetic_inspection(criteria, cases),
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
        f"the CSV tables ({', '.join(TABLES)}) and the SYNTHETIC sample sample.jsonl, "
        f"{drawn_from}.\n"
    )
    rejected_note(len(result.rejected), criteria.id, io)
    return OK
