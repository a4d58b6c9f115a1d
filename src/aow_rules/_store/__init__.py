"""The assessment store: inspections, assessments and their history, in SQLite or PostgreSQL.

In: cases and judgements as JSON text with the stamp of what scored them (criteria id,
version, sha256, engine version), and who wrote them. Out: frozen records of what is stored.
Append-only: revisions, state changes, agreed records and audit events are inserted, never
updated or deleted, each write in one committed transaction. SQLAlchemy 2 Core; the schema is
made and upgraded by the Alembic migrations in ``migrations/`` (shipped in the package).
Called by the HTTP service (`_service`) and the CLI's db verb; imports no other stage, and
nothing imports it unless a service is started (SQLAlchemy is an optional dependency).
"""

from ._engine import Database, DatabaseUrlError, Dialect, connect, redact
from ._migrate import HEAD, SchemaState, schema_state, upgrade
from ._records import (
    STATES,
    Agreed,
    Assessment,
    Conflict,
    Event,
    Inspection,
    Missing,
    Revision,
    Stale,
    Stamp,
    State,
    WrongState,
    now,
)
from ._store import NewCase, Store

__all__ = [
    "HEAD",
    "STATES",
    "Agreed",
    "Assessment",
    "Conflict",
    "Database",
    "DatabaseUrlError",
    "Dialect",
    "Event",
    "Inspection",
    "Missing",
    "NewCase",
    "Revision",
    "SchemaState",
    "Stale",
    "Stamp",
    "State",
    "Store",
    "WrongState",
    "connect",
    "now",
    "redact",
    "schema_state",
    "upgrade",
]
