"""Reading the assessment store: the current picture rebuilt from the latest rows.

Every read runs in one transaction, so what it returns is one consistent snapshot. `Store`
adds the writes. Called by the service's routes and by report, QA and export.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, and_, select

from ._engine import Database
from ._records import Agreed, Assessment, Event, Inspection, Revision
from ._rows import ASSESSMENT, LATEST_REVISION, agreed_of, assessment_of, inspection_of, revision_of
from ._tables import AGREED, ASSESSMENTS, EVENTS, INSPECTIONS, REVISIONS

__all__ = ["Reads"]


def _event(r: Row[Any]) -> Event:
    return Event(
        r.seq, r.at, r.actor, r.action, r.inspection_id, r.assessment_id, r.case_id, r.revision,
        r.detail,
    )  # fmt: skip


class Reads:
    """The store's reads, over its database."""

    db: Database

    def inspections(self) -> list[Inspection]:
        with self.db.read() as conn:
            rows = conn.execute(select(INSPECTIONS).order_by(INSPECTIONS.c.id)).all()
        return [inspection_of(r) for r in rows]

    def inspection(self, id: str) -> Inspection | None:
        with self.db.read() as conn:
            row = conn.execute(select(INSPECTIONS).where(INSPECTIONS.c.id == id)).first()
        return None if row is None else inspection_of(row)

    def _case_assessments(
        self, conn: Connection, inspection: str, case_id: str | None = None
    ) -> list[Assessment]:
        query = ASSESSMENT.where(ASSESSMENTS.c.inspection_id == inspection)
        if case_id is not None:
            query = query.where(ASSESSMENTS.c.case_id == case_id)
        rows = conn.execute(query.order_by(ASSESSMENTS.c.case_id, ASSESSMENTS.c.id)).all()
        return [assessment_of(r) for r in rows]

    def assessments(self, inspection: str, case_id: str | None = None) -> list[Assessment]:
        """The inspection's assessments as they stand, by case id then creation."""
        with self.db.read() as conn:
            return self._case_assessments(conn, inspection, case_id)

    def assessment(self, aid: int) -> Assessment | None:
        with self.db.read() as conn:
            row = conn.execute(ASSESSMENT.where(ASSESSMENTS.c.id == aid)).first()
        return None if row is None else assessment_of(row)

    def revision(self, aid: int, revision: int | None = None) -> Revision | None:
        """One revision (default: the latest)."""
        query = select(REVISIONS).where(REVISIONS.c.assessment_id == aid)
        if revision is None:
            query = query.order_by(REVISIONS.c.revision.desc()).limit(1)
        else:
            query = query.where(REVISIONS.c.revision == revision)
        with self.db.read() as conn:
            row = conn.execute(query).first()
        return None if row is None else revision_of(row)

    def revisions(self, aid: int) -> list[Revision]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(REVISIONS)
                .where(REVISIONS.c.assessment_id == aid)
                .order_by(REVISIONS.c.revision)
            ).all()
        return [revision_of(r) for r in rows]

    def agreed(self, inspection: str, case_id: str | None = None) -> list[Agreed]:
        """Every version of the agreed answers (of one case, or of every case), oldest first."""
        query = select(AGREED).where(AGREED.c.inspection_id == inspection)
        if case_id is not None:
            query = query.where(AGREED.c.case_id == case_id)
        with self.db.read() as conn:
            rows = conn.execute(query.order_by(AGREED.c.case_id, AGREED.c.version)).all()
        return [agreed_of(r) for r in rows]

    def snapshot(
        self, inspection: str
    ) -> tuple[list[Assessment], dict[int, Revision], dict[str, Agreed]]:
        """Everything a report, QA or an export reads, from one consistent snapshot: the
        assessments as they stand, the latest revision of each, the latest agreed per case."""
        with self.db.read() as conn:
            assessments = self._case_assessments(conn, inspection)
            latest = (
                select(REVISIONS)
                .join(
                    LATEST_REVISION,
                    and_(
                        REVISIONS.c.assessment_id == LATEST_REVISION.c.assessment_id,
                        REVISIONS.c.revision == LATEST_REVISION.c.revision,
                    ),
                )
                .join(ASSESSMENTS, ASSESSMENTS.c.id == REVISIONS.c.assessment_id)
                .where(ASSESSMENTS.c.inspection_id == inspection)
            )
            revisions = {r.assessment_id: revision_of(r) for r in conn.execute(latest).all()}
            agreed: dict[str, Agreed] = {}
            for row in conn.execute(
                select(AGREED)
                .where(AGREED.c.inspection_id == inspection)
                .order_by(AGREED.c.case_id, AGREED.c.version)
            ).all():
                agreed[row.case_id] = agreed_of(row)  # the last version wins
        return assessments, revisions, agreed

    def events(
        self, since: int | None = None, since_at: str | None = None, limit: int = 1000
    ) -> list[Event]:
        """Audit events after sequence number ``since`` and at or after ``since_at``."""
        query = select(EVENTS)
        if since is not None:
            query = query.where(EVENTS.c.seq > since)
        if since_at is not None:
            query = query.where(EVENTS.c.at >= since_at)
        with self.db.read() as conn:
            rows = conn.execute(query.order_by(EVENTS.c.seq).limit(limit)).all()
        return [_event(r) for r in rows]

    def case_events(self, inspection: str, case_id: str) -> list[Event]:
        """The audit trail of one case of an inspection, oldest first: every write to its
        assessments and its agreed answers."""
        query = select(EVENTS).where(
            EVENTS.c.inspection_id == inspection, EVENTS.c.case_id == case_id
        )
        with self.db.read() as conn:
            rows = conn.execute(query.order_by(EVENTS.c.seq)).all()
        return [_event(r) for r in rows]

    def criteria_in_use(self) -> dict[str, set[str]]:
        """criteria id -> the sha256 of each version inspections were created under."""
        with self.db.read() as conn:
            rows = conn.execute(
                select(INSPECTIONS.c.criteria_id, INSPECTIONS.c.criteria_sha256).distinct()
            ).all()
        used: dict[str, set[str]] = {}
        for criteria_id, sha in rows:
            used.setdefault(criteria_id, set()).add(sha)
        return used
