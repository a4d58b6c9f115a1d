"""Inspections, assessments, their revisions and state changes, and the audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_STAMP = ("criteria_id", "criteria_version", "criteria_sha256", "engine_version")


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("criteria_id", sa.String(64), nullable=False),
        sa.Column("criteria_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("inspection_id", sa.String(64), sa.ForeignKey("inspections.id"), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("assessor", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("inspection_id", "case_id", "assessor", name="uq_assessment_marker"),
    )
    op.create_index("ix_assessments_inspection", "assessments", ["inspection_id", "case_id"])
    op.create_table(
        "revisions",
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),
        sa.Column("judgement_json", sa.Text, nullable=False),
        *(sa.Column(name, sa.String(64), nullable=False) for name in _STAMP),
    )
    op.create_table(
        "transitions",
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("inspection_id", sa.String(64), nullable=True),
        sa.Column("assessment_id", sa.Integer, nullable=True),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("revision", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("events", "transitions", "revisions", "assessments", "inspections"):
        op.drop_table(table)
