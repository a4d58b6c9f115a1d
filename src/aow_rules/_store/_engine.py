"""Connecting to the database a ``--db`` URL names: SQLite (embedded) or PostgreSQL.

SQLite runs in WAL mode with ``synchronous=FULL``: every commit waits until the write-ahead
log is on disk, so a 2xx answer (sent after the commit) survives the process being killed and
the machine losing power. ``NORMAL`` would survive a killed process but could lose the last
commits on power loss; the cost of FULL is one fsync per write, within the service's target.
Write transactions start with ``BEGIN IMMEDIATE`` and are serialised in-process (SQLite has one
writer at a time; waiting on a lock in Python is cheaper and fairer than SQLite's busy loop).
PostgreSQL runs at its defaults (READ COMMITTED, synchronous_commit on); writers lock the row
of the assessment they change (``SELECT ... FOR UPDATE``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError as UrlError

__all__ = ["Database", "DatabaseUrlError", "Dialect", "connect", "redact"]

Dialect = Literal["sqlite", "postgresql"]


class DatabaseUrlError(ValueError):
    """A ``--db`` URL this store cannot use; the message says which URLs it takes."""


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except UrlError:
        return "<unparsable URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off so that BEGIN is ours (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@dataclass
class Database:
    """An open database: a reading engine and a writing one (the same one on PostgreSQL)."""

    url: str
    dialect: Dialect
    reader: Engine
    writer: Engine
    _write_lock: threading.Lock | None = field(default=None, repr=False)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in one transaction, for reading a consistent snapshot."""
        with self.reader.begin() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in one write transaction, committed when the block ends without error.

        The commit has happened (and, on SQLite, reached the disk) when the block returns:
        only then may the caller answer its client.
        """
        if self._write_lock is None:
            with self.writer.begin() as conn:
                yield conn
            return
        with self._write_lock, self.writer.begin() as conn:
            yield conn

    def close(self) -> None:
        self.reader.dispose()
        if self.writer is not self.reader:
            self.writer.dispose()


def _sqlite(url: str) -> Database:
    def engine(begin: str) -> Engine:
        made = create_engine(url, pool_size=8, max_overflow=8)
        event.listen(made, "connect", _sqlite_pragmas)

        @event.listens_for(made, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql(begin)

        return made

    # Readers take a snapshot at their first read (DEFERRED); writers take the write lock at
    # once (IMMEDIATE), so a writer never has to upgrade a read lock and fail.
    return Database(url, "sqlite", engine("BEGIN"), engine("BEGIN IMMEDIATE"), threading.Lock())


def connect(url: str) -> Database:
    """Open the database at ``url`` (the file of a SQLite URL is made if it does not exist)."""
    try:
        parsed = make_url(url)
    except UrlError:
        raise DatabaseUrlError(
            f"not a database URL: {url!r}; use sqlite:///FILE or postgresql+psycopg://..."
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        if parsed.database in (None, "", ":memory:"):
            raise DatabaseUrlError(
                "an in-memory SQLite database would lose everything on restart; "
                "give a file: sqlite:///aow.db"
            )
        return _sqlite(url)
    if backend == "postgresql" and driver == "psycopg":
        engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
        return Database(url, "postgresql", engine, engine)
    raise DatabaseUrlError(
        f"unsupported database URL {redact(url)!r}: use sqlite:///FILE or "
        "postgresql+psycopg://USER@HOST:PORT/DB (psycopg 3)"
    )
