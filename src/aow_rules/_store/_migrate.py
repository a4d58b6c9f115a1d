"""The schema's version: Alembic migrations shipped inside the package, run programmatically.

`schema_state` tells a server whether it may start: on an empty database it creates the
schema (first start); on one at an older revision it must not (only ``aow-rules db upgrade``
changes an existing database, so that an upgrade is a deliberate act with a backup before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from ._engine import Database

__all__ = ["HEAD", "SchemaState", "schema_state", "upgrade"]

_SCRIPTS = Path(__file__).parent / "migrations"


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def _known() -> list[str]:
    """Every revision, oldest first."""
    scripts = ScriptDirectory.from_config(_config())
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


HEAD = _known()[-1]


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database stands against this version's migrations."""

    kind: Literal["empty", "current", "older", "newer", "foreign"]
    revision: str | None
    """The database's Alembic revision (None: none recorded)."""

    def message(self, url: str) -> str:
        if self.kind == "older":
            return (
                f"the database {url} is at schema revision {self.revision}, older than this "
                f"aow-rules ({HEAD}); back it up, then run: aow-rules db upgrade --db {url}"
            )
        if self.kind == "newer":
            return (
                f"the database {url} is at schema revision {self.revision}, which this "
                f"aow-rules does not know (its newest is {HEAD}): a newer aow-rules made it"
            )
        if self.kind == "foreign":
            return f"the database {url} has tables but no aow-rules schema revision"
        return f"the database {url} is at schema revision {self.revision or 'none'}"


def schema_state(db: Database) -> SchemaState:
    with db.writer.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
        conn.rollback()
    if revision is None:
        return SchemaState("foreign" if tables else "empty", None)
    if revision == HEAD:
        return SchemaState("current", revision)
    return SchemaState("older" if revision in _known() else "newer", revision)


def upgrade(db: Database, to: str = "head") -> tuple[str | None, str]:
    """Migrate ``db`` to ``to`` (default: the newest); returns (revision before, after)."""
    before = schema_state(db)
    if before.kind in ("newer", "foreign"):
        raise RuntimeError(before.message(db.url))
    # DDL runs outside the in-process write lock's engine so that Alembic owns the
    # transaction; nobody else writes during an upgrade (a server refuses to start on an older
    # schema).
    with db.writer.connect() as conn:
        command.upgrade(_config(conn), to)
        conn.commit()
    after = schema_state(db)
    return before.revision, after.revision or ""
