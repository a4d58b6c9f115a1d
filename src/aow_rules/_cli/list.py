"""``aow-rules list``: the criteria versions shipped with aow-rules."""

from __future__ import annotations

import argparse
import json

from .._criteria import load_criteria, shipped_criteria
from . import _options
from ._errors import OK
from ._io import Streams

NAME = "list"
HELP = "list the criteria shipped with aow-rules"


def add(parser: argparse.ArgumentParser) -> None:
    _options.formats(parser, ("json", "text"), "text")


def run(args: argparse.Namespace, io: Streams) -> int:
    rows = []
    for ident in shipped_criteria():
        c = load_criteria(ident)
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
        io.out.write(json.dumps(rows, indent=2) + "\n")
    else:
        width = max([16, *(len(r["id"]) + 1 for r in rows)])
        for r in rows:
            io.out.write(f"{r['id']:<{width}} {r['version']:<10} {r['status']:<9} {r['title']}\n")
    return OK
