"""Moderation: agreed answers for a double-marked case; the audit log indexed by time.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_STAMP = ("criteria_id", "criteria_version", "criteria_sha256", "engine_version")


def upgrade() -> None:
    op.create_table(
        "agreed",
        sa.Column(
            "inspection_id", sa.String(64), sa.ForeignKey("inspections.id"), primary_key=True
        ),
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),
        sa.Column("judgement_json", sa.Text, nullable=False),
        *(sa.Column(name, sa.String(64), nullable=False) for name in _STAMP),
    )
    op.create_index("ix_events_at", "events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_events_at", "events")
    op.drop_table("agreed")
