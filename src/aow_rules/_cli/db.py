"""``aow-rules db upgrade|status``: the assessment store's schema (the ``serve`` extra).

Only ``db upgrade`` changes the schema of an existing database; ``serve`` refuses to start on
an older one, so that an upgrade is a deliberate act (back the database up first).
"""

from __future__ import annotations

import argparse

from ._errors import OK, USAGE
from ._io import Streams
from .serve import missing_extra

NAME = "db"
HELP = "the assessment store's schema: upgrade it, or show its revision (needs aow-rules[serve])"


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("upgrade", "status"), help="upgrade or status")
    parser.add_argument(
        "--db",
        default="sqlite:///aow.db",
        metavar="URL",
        help="as for serve (default sqlite:///aow.db)",
    )


def run(args: argparse.Namespace, io: Streams) -> int:
    try:
        from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415 - optional extra

        from .._store import (  # noqa: PLC0415 - optional extra
            HEAD,
            DatabaseUrlError,
            connect,
            redact,
            schema_state,
            upgrade,
        )
    except ModuleNotFoundError as exc:
        return missing_extra(exc, io)
    url = redact(args.db)
    try:
        db = connect(args.db)
        try:
            if args.action == "status":
                state = schema_state(db)
                io.out.write(
                    f"{url}: schema {state.revision or 'none'} ({state.kind}); "
                    f"this aow-rules: {HEAD}\n"
                )
                return OK
            before, after = upgrade(db)
        finally:
            db.close()
    except ModuleNotFoundError as exc:
        return missing_extra(exc, io)
    except (DatabaseUrlError, RuntimeError) as exc:
        io.err.write(f"aow-rules: db: {exc}\n")
        return USAGE
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        io.err.write(f"aow-rules: db: cannot open {url}: {first}\n")
        return USAGE
    if before == after:
        io.out.write(f"{url}: schema {after}, already the newest\n")
    else:
        io.out.write(f"{url}: schema {before or 'none'} -> {after}\n")
    return OK
