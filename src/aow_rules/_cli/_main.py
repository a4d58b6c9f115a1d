"""Parsing the command line and running one verb: the exit code, never a traceback.

Exit codes: 0 success; 1 a negative verdict; 2 a usage error; 3 invalid input (criteria, a
case, a value given); 4 an internal error (a bug in aow-rules: please report it). Errors go to
stderr, one line each, or one JSON object per line with ``--format json``. A traceback only
when ``AOW_RULES_DEBUG=1`` asks for one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from io import TextIOWrapper
from types import ModuleType
from typing import IO

from ..__about__ import __version__
from ..errors import AowError
from . import (
    check,
    db,
    demo,
    diff,
    evaluate,
    impact,
    qa,
    report,
    sample,
    schema,
    serve,
    synth,
    test,
)
from . import list as list_
from ._errors import INTERNAL, OK, USAGE, exit_code, for_cli, write_problems
from ._io import Streams
from ._options import Parser, UsageError

__all__ = ["main", "run"]

# One module per verb, in the order --help lists them. Each has NAME, HELP, add(parser) and
# run(args, streams) -> exit code.
VERBS: tuple[ModuleType, ...] = (
    evaluate,
    check,
    test,
    diff,
    impact,
    schema,
    qa,
    report,
    sample,
    synth,
    demo,
    list_,
    serve,
    db,
)


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="aow-rules",
        description="Score probation case inspections against versioned criteria files.",
        epilog="Exit codes: 0 ok, 1 negative verdict, 2 usage error, 3 invalid input, "
        "4 internal error.",
    )
    p.add_argument("--version", action="version", version=f"aow-rules {__version__}")
    sub = p.add_subparsers(dest="verb", metavar="VERB", parser_class=Parser)
    sub.required = True
    for verb in VERBS:
        verb.add(sub.add_parser(verb.NAME, help=verb.HELP))
    return p


def _format(argv: list[str]) -> str:
    """The --format asked for, read before parsing: usage errors are reported in it too."""
    if "--format=json" in argv:
        return "json"
    for i, arg in enumerate(argv[:-1]):
        if arg == "--format" and argv[i + 1] == "json":
            return "json"
    return "text"


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
) -> int:
    """Run the command line with ``argv``; returns the exit code. Testable without a process."""
    io = Streams(stdout or sys.stdout, stderr or sys.stderr, stdin or sys.stdin)
    args_list = list(sys.argv[1:] if argv is None else argv)
    fmt = _format(args_list)
    try:
        # argparse writes --help and --version to sys.stdout itself.
        with contextlib.redirect_stdout(io.out):
            args = _parser().parse_args(args_list)
    except UsageError as exc:
        return _usage(exc, fmt, io)
    except SystemExit as exc:  # --help and --version print and exit 0
        return int(exc.code or 0)
    verb = next(v for v in VERBS if args.verb == v.NAME)
    try:
        code: int = verb.run(args, io)
        return code
    except AowError as exc:
        write_problems(for_cli(exc), fmt, io.err)
        return exit_code(exc)
    except BrokenPipeError:
        return OK
    except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("AOW_RULES_DEBUG") == "1":
            raise
        io.err.write(
            f"aow-rules: internal error (a bug in aow-rules, please report it): "
            f"{type(exc).__name__}: {exc}; set AOW_RULES_DEBUG=1 to see the traceback\n"
        )
        return INTERNAL


def _usage(exc: UsageError, fmt: str, io: Streams) -> int:
    io.err.write(
        json.dumps({"code": "usage", "message": str(exc)}) + "\n"
        if fmt == "json"
        else f"aow-rules: usage error: {exc}\n"
    )
    return USAGE


def run() -> None:
    """Console-script entry point."""
    # Input is checked so that nothing unencodable reaches an output; should something still
    # come (a file name that is not UTF-8, echoed in a message), it is printed escaped.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    sys.exit(main())
