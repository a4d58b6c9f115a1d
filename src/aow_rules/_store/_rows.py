"""Rows to records, and the queries that rebuild an assessment as it stands from its latest
revision and its latest state change (nothing is ever updated in place)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, and_, func, select

from ._records import Agreed, Assessment, Inspection, Revision, Stamp, State
from ._tables import ASSESSMENTS, REVISIONS, TRANSITIONS

__all__ = [
    "ASSESSMENT",
    "LATEST_REVISION",
    "agreed_of",
    "assessment_of",
    "inspection_of",
    "revision_of",
    "stamp_columns",
]


def _stamp(row: Row[Any]) -> Stamp:
    m = row._mapping
    return Stamp(m["criteria_id"], m["criteria_version"], m["criteria_sha256"], m["engine_version"])


def stamp_columns(stamp: Stamp) -> dict[str, str]:
    return {
        "criteria_id": stamp.criteria_id,
        "criteria_version": stamp.criteria_version,
        "criteria_sha256": stamp.criteria_sha256,
        "engine_version": stamp.engine_version,
    }


def revision_of(row: Row[Any]) -> Revision:
    m = row._mapping
    return Revision(
        m["assessment_id"],
        m["revision"],
        m["at"],
        m["by"],
        m["case_json"],
        m["judgement_json"],
        _stamp(row),
    )


def agreed_of(row: Row[Any]) -> Agreed:
    m = row._mapping
    return Agreed(
        m["inspection_id"],
        m["case_id"],
        m["version"],
        m["note"],
        m["at"],
        m["by"],
        m["case_json"],
        m["judgement_json"],
        _stamp(row),
    )


def inspection_of(row: Row[Any]) -> Inspection:
    m = row._mapping
    return Inspection(
        m["id"],
        m["title"],
        m["criteria_id"],
        m["criteria_sha256"],
        m["created_at"],
        m["created_by"],
    )


# The latest revision and the latest state change of each assessment, as subqueries.
LATEST_REVISION = (
    select(
        REVISIONS.c.assessment_id,
        func.max(REVISIONS.c.revision).label("revision"),
        func.max(REVISIONS.c.at).label("at"),
    )
    .group_by(REVISIONS.c.assessment_id)
    .subquery()
)
_LATEST_SEQ = (
    select(TRANSITIONS.c.assessment_id, func.max(TRANSITIONS.c.seq).label("seq"))
    .group_by(TRANSITIONS.c.assessment_id)
    .subquery()
)
_LATEST_TRANSITION = (
    select(TRANSITIONS.c.assessment_id, TRANSITIONS.c.to_state, TRANSITIONS.c.at)
    .join(
        _LATEST_SEQ,
        and_(
            TRANSITIONS.c.assessment_id == _LATEST_SEQ.c.assessment_id,
            TRANSITIONS.c.seq == _LATEST_SEQ.c.seq,
        ),
    )
    .subquery()
)
ASSESSMENT = (
    select(
        ASSESSMENTS,
        LATEST_REVISION.c.revision,
        LATEST_REVISION.c.at.label("revised_at"),
        _LATEST_TRANSITION.c.to_state,
        _LATEST_TRANSITION.c.at.label("moved_at"),
    )
    .join(LATEST_REVISION, LATEST_REVISION.c.assessment_id == ASSESSMENTS.c.id)
    .outerjoin(_LATEST_TRANSITION, _LATEST_TRANSITION.c.assessment_id == ASSESSMENTS.c.id)
)


def assessment_of(row: Row[Any]) -> Assessment:
    m = row._mapping
    state: State = m["to_state"] or "draft"
    updated = max(m["revised_at"], m["moved_at"] or "")
    return Assessment(
        m["id"],
        m["inspection_id"],
        m["case_id"],
        m["assessor"],
        state,
        m["revision"],
        m["created_at"],
        updated,
    )
