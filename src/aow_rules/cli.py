"""The ``aow-rules`` command line: a thin shell over the library.

Exit codes: 0 success; 1 a negative verdict; 2 a usage error; 3 invalid input (criteria or
case); 4 an internal error (a bug in aow-rules: please report it). Errors go to stderr, one
line each, or one JSON object per line with ``--format json``. Never a traceback, unless
``AOW_RULES_DEBUG=1`` asks for one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from . import _criteria as _load
from .__about__ import __version__
from ._cases import parse_case, read_case_json, read_json_file
from ._cases._sample import read_sample
from ._cli import _report as _cli_report
from ._criteria import lint
from ._evaluate._engines import COLUMNAR_FROM
from ._evaluate._evaluate import evaluate
from ._qa import ENGINES, qa_report
from ._render import qa_html, qa_text
from ._render._judgement_text import judgement_text
from ._schemas._schemas import SCHEMA_NAMES, schema, schema_text
from ._versions import diff, impact
from ._versions._golden import coverage, golden_path, load_golden, run_golden
from .errors import AowError, CaseError, Code, CriteriaError, Problem

__all__ = ["main", "run"]

OK, NEGATIVE, USAGE, INVALID, INTERNAL = 0, 1, 2, 3, 4
SAMPLE_HELP = "a .jsonl or .csv file, or a folder of case files"


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse prints and exits on a usage error; we need the message and our exit code.
    def error(self, message: str) -> Any:
        raise _UsageError(f"{message} (see: {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="aow-rules",
        description="Score probation case inspections against versioned criteria files.",
        epilog="Exit codes: 0 ok, 1 negative verdict, 2 usage error, 3 invalid input, "
        "4 internal error.",
    )
    p.add_argument("--version", action="version", version=f"aow-rules {__version__}")
    sub = p.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)
    sub.required = True

    ev = sub.add_parser("evaluate", help="score one case and explain the result")
    ev.add_argument("case", metavar="CASE", help="an aow-case/1 JSON file, or - for stdin")
    ev.add_argument(
        "--criteria",
        metavar="ID|PATH",
        help="shipped criteria id or file (default: the case's own criteria id)",
    )
    ev.add_argument("--format", choices=("json", "text"), default="json")

    ck = sub.add_parser("check", help="check a criteria file and list every problem")
    ck.add_argument("criteria", metavar="CRITERIA", help="shipped criteria id or file")
    ck.add_argument("--format", choices=("json", "text"), default="text")

    ts = sub.add_parser("test", help="run the golden cases beside a criteria file, with coverage")
    ts.add_argument("criteria", metavar="CRITERIA", help="shipped criteria id or file")
    ts.add_argument("--format", choices=("json", "text"), default="text")

    df = sub.add_parser("diff", help="structural differences between two criteria versions")
    df.add_argument("old", metavar="OLD", help="shipped criteria id or file")
    df.add_argument("new", metavar="NEW", help="shipped criteria id or file")
    df.add_argument("--format", choices=("json", "text"), default="text")

    im = sub.add_parser("impact", help="re-score a sample under an old and a new version")
    im.add_argument("old", metavar="OLD", help="the version the sample was written for")
    im.add_argument("new", metavar="NEW", help="the new version")
    im.add_argument(
        "sample", metavar="SAMPLE", help="a .jsonl or .csv file, or a folder of case files"
    )
    im.add_argument("--format", choices=("json", "text", "html"), default="text")
    im.add_argument(
        "--cases", action="store_true", help="add each case's explanation changes (json only)"
    )
    im.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help=f"per-case: evaluate each case under both versions; columnar: score both as "
        f"columns (polars, the same report); auto: columnar from {COLUMNAR_FROM:,} cases when "
        f"polars is there",
    )

    sc = sub.add_parser("schema", help="print the published JSON Schemas")
    sc.add_argument(
        "name",
        nargs="?",
        choices=SCHEMA_NAMES,
        metavar="NAME",
        help=f"one of: {', '.join(SCHEMA_NAMES)} (default: all)",
    )

    qa = sub.add_parser(
        "qa", help="check a sample: contradictions, agreement between assessors, drift"
    )
    qa.add_argument(
        "sample", metavar="SAMPLE", help="a .jsonl or .csv file, or a folder of case files"
    )
    qa.add_argument(
        "--criteria", metavar="ID|PATH", required=True, help="shipped criteria id or file"
    )
    qa.add_argument("--format", choices=("json", "text", "html"), default="text")
    qa.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when an assessment holds an error finding or a case is rejected",
    )
    qa.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help=f"per-case: evaluate each assessment; columnar: score the sample as columns "
        f"(polars) and evaluate only the assessments the report explains (the same report); "
        f"auto: columnar from {COLUMNAR_FROM:,} assessments when polars is there",
    )

    _cli_report.add_parsers(sub)

    ls = sub.add_parser("list", help="list the criteria shipped with aow-rules")
    ls.add_argument("--format", choices=("json", "text"), default="text")
    return p


def _report(problems: Sequence[Problem], fmt: str, stderr: IO[str]) -> None:
    for problem in problems:
        if fmt == "json":
            stderr.write(json.dumps(problem.to_dict(), ensure_ascii=False) + "\n")
        else:
            stderr.write(f"aow-rules: {problem}\n")


def _evaluate(args: argparse.Namespace, stdout: IO[str], stdin: IO[str]) -> int:
    if args.case == "-":
        data = read_case_json(stdin.read(), "<stdin>")
        source = "<stdin>"
    else:
        data = read_json_file(args.case)
        source = args.case
    target = args.criteria
    if target is None:
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
    criteria = _load.load_criteria(target)
    judgement = evaluate(criteria, parse_case(data, criteria, source=source))
    stdout.write(judgement.to_json() + "\n" if args.format == "json" else judgement_text(judgement))
    return OK


def _check(args: argparse.Namespace, stdout: IO[str]) -> int:
    path = _load.resolve_criteria(args.criteria)
    criteria = _load.load_criteria(path)
    warnings = lint(criteria)
    scored = sum(1 for q in criteria.questions if q.scored)
    open_warnings = [w for w in warnings if w.explained is None]
    explained = [w for w in warnings if w.explained is not None]
    if args.format == "json":
        info = {
            "ok": True,
            "id": criteria.id,
            "version": criteria.version,
            "status": criteria.status,
            "sha256": criteria.sha256,
            "outcomes": len(criteria.outcomes),
            "criteria": len(criteria.criteria),
            "facts": len(criteria.facts),
            "questions": len(criteria.questions),
            "scored_questions": scored,
            "consistency_rules": len(criteria.rules),
            "problems": [],
            "warnings": [w.to_dict(str(path)) for w in open_warnings],
            "explained": [w.to_dict(str(path)) for w in explained],
        }
        stdout.write(json.dumps(info, indent=2) + "\n")
        return OK
    stdout.write(
        f"ok: {criteria.id} version {criteria.version} ({criteria.status}): "
        f"{scored} scored questions of {len(criteria.questions)}, "
        f"{len(criteria.criteria)} criteria, {len(criteria.outcomes)} outcomes, "
        f"{len(criteria.facts)} facts, {len(criteria.rules)} consistency rules; "
        f"{len(open_warnings)} lint warning(s), {len(explained)} explained; "
        f"sha256 {criteria.sha256[:12]}\n"
    )
    for w in open_warnings:
        stdout.write(f"warning: {path}:{w.location}: {w.code}: {w.message}\n")
    for w in explained:
        stdout.write(f"explained: {path}:{w.location}: {w.code} {w.id}: {w.explained}\n")
    return OK


def _test(args: argparse.Namespace, stdout: IO[str]) -> int:
    path = _load.resolve_criteria(args.criteria)
    criteria = _load.load_criteria(path)
    cases_path = golden_path(path)
    if not cases_path.is_file():
        raise CriteriaError(
            [
                Problem(
                    Code.FILE_NOT_FOUND,
                    f"no golden cases beside {path}",
                    str(cases_path),
                    suggestion="write them in this file (format aow-golden/1)",
                )
            ]
        )
    results = run_golden(criteria, load_golden(cases_path))
    cover = coverage(criteria, [r.judgement for r in results if r.judgement is not None])
    failed = [r for r in results if not r.passed]
    if args.format == "json":
        stdout.write(
            json.dumps(
                {
                    "criteria": criteria.id,
                    "cases": [
                        {
                            "name": r.name,
                            "description": r.description,
                            "passed": r.passed,
                            "differences": list(r.differences),
                        }
                        for r in results
                    ],
                    "coverage": {
                        "questions_counted": list(cover.counted),
                        "questions_never_counted": list(cover.never_counted),
                        "conditions": [
                            {
                                "condition": c.text,
                                "location": f"{path}:{c.location}",
                                "seen": sorted(c.seen),
                            }
                            for c in cover.conditions
                        ],
                    },
                },
                indent=2,
            )
            + "\n"
        )
        return NEGATIVE if failed else OK
    out = [
        f"{criteria.id}: {len(results)} golden cases, {len(results) - len(failed)} passed, "
        f"{len(failed)} failed"
    ]
    for r in results:
        out.append(f"  {'PASS' if r.passed else 'FAIL'} {r.name}")
        out.extend(f"       {d}" for d in r.differences)
    scored = len(cover.counted) + len(cover.never_counted)
    out.append(f"coverage: {len(cover.counted)} of {scored} scored questions counted in some case")
    if cover.never_counted:
        out.append(f"  never counted: {', '.join(cover.never_counted)}")
    both = [c for c in cover.conditions if c.both_ways]
    out.append(
        f"coverage: {len(both)} of {len(cover.conditions)} conditions seen both true and false"
    )
    for c in cover.conditions:
        if not c.both_ways:
            out.append(f"  {path}:{c.location}: only {'/'.join(sorted(c.seen))}: {c.text}")
    stdout.write("\n".join(out) + "\n")
    return NEGATIVE if failed else OK


def _diff(args: argparse.Namespace, stdout: IO[str]) -> int:
    result = diff(_load.load_criteria(args.old), _load.load_criteria(args.new))
    stdout.write(result.to_json() + "\n" if args.format == "json" else result.text())
    return OK


def _impact(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    old = _load.load_criteria(args.old)
    new = _load.load_criteria(args.new)
    sample = read_sample(args.sample, old)
    report = impact(old, new, sample, engine=args.engine)
    if args.format == "json":
        stdout.write(report.to_json(cases=args.cases) + "\n")
    elif args.format == "html":
        stdout.write(report.html())
    else:
        stdout.write(report.text())
    if sample.rejected:
        stderr.write(
            f"aow-rules: {len(sample.rejected)} case(s) rejected under {old.id}; the "
            "report lists them with their reasons\n"
        )
    return OK


def _schema(args: argparse.Namespace, stdout: IO[str]) -> int:
    if args.name:
        stdout.write(schema_text(args.name))
    else:
        stdout.write(
            json.dumps({n: schema(n) for n in SCHEMA_NAMES}, indent=2, sort_keys=True) + "\n"
        )
    return OK


def _qa(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    criteria = _load.load_criteria(args.criteria)
    sample = read_sample(args.sample, criteria)
    report = qa_report(criteria, sample, engine=args.engine)
    data = report.to_dict()
    if args.format == "json":
        stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "html":
        stdout.write(qa_html(data))
    else:
        stdout.write(qa_text(data))
    if sample.rejected:
        stderr.write(
            f"aow-rules: {len(sample.rejected)} case(s) rejected; the report lists "
            "them with their reasons\n"
        )
    if args.strict and (report.error_findings or sample.rejected):
        return NEGATIVE
    return OK


def _list(args: argparse.Namespace, stdout: IO[str]) -> int:
    rows = []
    for ident in _load.shipped_criteria():
        c = _load.load_criteria(ident)
        rows.append(
            {
                "id": c.id,
                "version": c.version,
                "status": c.status,
                "title": c.title,
                "effective_from": c.effective_from,
            }
        )
    if args.format == "json":
        stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        for r in rows:
            stdout.write(f"{r['id']:<16} {r['version']:<10} {r['status']:<9} {r['title']}\n")
    return OK


_Verb = Callable[[argparse.Namespace, IO[str], IO[str], IO[str]], int]
# Each verb takes the parsed arguments, stdout, stderr and stdin; one row per verb.
_VERBS: dict[str, _Verb] = {
    "evaluate": lambda a, out, err, inp: _evaluate(a, out, inp),
    "check": lambda a, out, err, inp: _check(a, out),
    "test": lambda a, out, err, inp: _test(a, out),
    "diff": lambda a, out, err, inp: _diff(a, out),
    "impact": lambda a, out, err, inp: _impact(a, out, err),
    "qa": lambda a, out, err, inp: _qa(a, out, err),
    "report": lambda a, out, err, inp: _cli_report.report_verb(a, out, err),
    "synth": lambda a, out, err, inp: _cli_report.synth_verb(a, out),
    "demo": lambda a, out, err, inp: _cli_report.demo_verb(a, out, err),
    "schema": lambda a, out, err, inp: _schema(a, out),
    "list": lambda a, out, err, inp: _list(a, out),
}


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
) -> int:
    """Run the command line with ``argv``; returns the exit code. Testable without a process."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    inp = stdin or sys.stdin
    argv = list(sys.argv[1:] if argv is None else argv)
    fmt = "json" if "--format=json" in argv or _pair(argv, "--format") == "json" else "text"
    try:
        # argparse writes --help and --version to sys.stdout itself.
        with contextlib.redirect_stdout(out):
            args = _parser().parse_args(argv)
    except _UsageError as exc:
        err.write(
            json.dumps({"code": "usage", "message": str(exc)}) + "\n"
            if fmt == "json"
            else f"aow-rules: usage error: {exc}\n"
        )
        return USAGE
    except SystemExit as exc:  # --help and --version print and exit 0
        return int(exc.code or 0)
    try:
        verb = _VERBS[args.verb]
        return verb(args, out, err, inp)
    except AowError as exc:
        _report(exc.problems, fmt, err)
        return INVALID
    except BrokenPipeError:
        return OK
    except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("AOW_RULES_DEBUG") == "1":
            raise
        err.write(
            f"aow-rules: internal error (a bug in aow-rules, please report it): "
            f"{type(exc).__name__}: {exc}; set AOW_RULES_DEBUG=1 to see the traceback\n"
        )
        return INTERNAL


def _pair(argv: list[str], flag: str) -> str | None:
    for i, arg in enumerate(argv[:-1]):
        if arg == flag:
            return argv[i + 1]
    return None


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
