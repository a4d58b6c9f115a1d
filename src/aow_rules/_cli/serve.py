"""``aow-rules serve``: the HTTP service and its assessment store (the ``serve`` extra)."""

from __future__ import annotations

import argparse

from ._errors import INVALID, USAGE
from ._io import Streams
from .synth import DEMO_CASES, DEMO_CRITERIA, DEMO_SEED

NAME = "serve"
HELP = "run the HTTP service and its assessment store (needs aow-rules[serve])"

INSTALL = "pip install 'aow-rules[serve]' (from a checkout: pip install '.[serve]')"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default="sqlite:///aow.db",
        metavar="URL",
        help="sqlite:///FILE (default sqlite:///aow.db here, made on first start) or "
        "postgresql+psycopg://USER@HOST:PORT/DB",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port (default 8000; 0: any free port)"
    )
    parser.add_argument(
        "--tokens",
        metavar="FILE",
        help="CSV token,name,role a line (roles inspector, qa_lead, reader); without it the "
        "service listens on loopback only and every request is a local qa_lead",
    )
    parser.add_argument(
        "--criteria-dir",
        metavar="DIR",
        help="serve the criteria files in DIR beside the shipped ones (each checked at start)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"first put the SYNTHETIC sample of aow-rules demo ({DEMO_CASES} invented "
        f"{DEMO_CRITERIA} cases, some double-marked) in the store as the inspection 'demo', "
        "unless it is there already",
    )


def missing_extra(exc: ModuleNotFoundError, io: Streams) -> int:
    io.err.write(
        f"aow-rules: {NAME} needs the optional packages of the serve extra "
        f"({exc.name} is not installed): {INSTALL}\n"
    )
    return USAGE


def run(args: argparse.Namespace, io: Streams) -> int:
    try:
        from .._service import (  # noqa: PLC0415 - optional extra
            Demo,
            ServeOptions,
            StartError,
            serve,
        )
    except ModuleNotFoundError as exc:
        return missing_extra(exc, io)
    options = ServeOptions(
        args.db,
        args.host,
        args.port,
        args.tokens,
        args.criteria_dir,
        demo=Demo(DEMO_CRITERIA, DEMO_CASES, DEMO_SEED) if args.demo else None,
    )
    try:
        return serve(options)
    except StartError as exc:
        io.err.write(f"aow-rules: serve: {exc}\n")
        return USAGE if exc.usage else INVALID
