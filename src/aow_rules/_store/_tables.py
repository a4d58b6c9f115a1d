"""The store's tables, as SQLAlchemy Core: what the running code reads and writes.

Every table is insert-only: a revision, a state change, an agreed record or an audit event is
a new row, and nothing is ever updated or deleted. The current state of an assessment is its
latest transition, its content its latest revision. The migrations under ``migrations/`` make
these tables; a test checks that a migrated database has exactly these columns.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "AGREED",
    "ASSESSMENTS",
    "EVENTS",
    "INSPECTIONS",
    "METADATA",
    "REVISIONS",
    "TRANSITIONS",
]

METADATA = MetaData()

# Times are ISO 8601 UTC text ("2026-01-31T09:15:02.123456Z"): the same on SQLite and
# PostgreSQL, sortable as text, and exactly what the API returns.
INSPECTIONS = Table(
    "inspections",
    METADATA,
    Column("id", String(64), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("criteria_id", String(64), nullable=False),
    Column("criteria_sha256", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(64), nullable=False),
)

ASSESSMENTS = Table(
    "assessments",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("inspection_id", String(64), ForeignKey("inspections.id"), nullable=False),
    Column("case_id", String(64), nullable=False),
    Column("assessor", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(64), nullable=False),
    # One assessor marks a case once in an inspection; double marking is two assessors.
    UniqueConstraint("inspection_id", "case_id", "assessor", name="uq_assessment_marker"),
)

# The judgement stored with each revision carries the criteria and engine that produced it,
# in its JSON and in these columns (so a query can find judgements of one version).
_STAMP = ("criteria_id", "criteria_version", "criteria_sha256", "engine_version")

REVISIONS = Table(
    "revisions",
    METADATA,
    Column("assessment_id", Integer, ForeignKey("assessments.id"), primary_key=True),
    # The primary key is what makes two writers with the same If-Match safe: both try to
    # insert revision n+1, the database lets one in.
    Column("revision", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("by", String(64), nullable=False),
    Column("case_json", Text, nullable=False),
    Column("judgement_json", Text, nullable=False),
    *(Column(name, String(64), nullable=False) for name in _STAMP),
)

TRANSITIONS = Table(
    "transitions",
    METADATA,
    Column("assessment_id", Integer, ForeignKey("assessments.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("from_state", String(16), nullable=False),
    Column("to_state", String(16), nullable=False),
    Column("note", Text, nullable=True),
    Column("at", String(32), nullable=False),
    Column("by", String(64), nullable=False),
)

AGREED = Table(
    "agreed",
    METADATA,
    Column("inspection_id", String(64), ForeignKey("inspections.id"), primary_key=True),
    Column("case_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("note", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("by", String(64), nullable=False),
    Column("case_json", Text, nullable=False),
    Column("judgement_json", Text, nullable=False),
    *(Column(name, String(64), nullable=False) for name in _STAMP),
)

EVENTS = Table(
    "events",
    METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("inspection_id", String(64), nullable=True),
    Column("assessment_id", Integer, nullable=True),
    Column("case_id", String(64), nullable=True),
    Column("revision", Integer, nullable=True),
    Column("detail", Text, nullable=False),
)

Index("ix_assessments_inspection", ASSESSMENTS.c.inspection_id, ASSESSMENTS.c.case_id)
Index("ix_events_at", EVENTS.c.at)
