"""The assessment store: append-only writes, each in one committed transaction.

Every write inserts rows (a revision, a state change, an agreed record) together with its
audit event, in one transaction that has committed when the method returns. Reads rebuild the
current picture from the latest rows. Workflow rules (who may move what where) belong to the
service; the store enforces what must hold whatever the caller: a revision only on a draft,
a state change only from the state the caller saw, and nothing written twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select
from sqlalchemy.exc import IntegrityError

from ._engine import Database
from ._records import (
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
from ._rows import (
    ASSESSMENT,
    LATEST_REVISION,
    agreed_of,
    assessment_of,
    inspection_of,
    revision_of,
    stamp_columns,
)
from ._tables import AGREED, ASSESSMENTS, EVENTS, INSPECTIONS, REVISIONS, TRANSITIONS

__all__ = ["NewCase", "Store"]

NewCase = tuple[str, str, str, str, Stamp]
"""(case_id, assessor, case JSON, judgement JSON, stamp) of an assessment to create."""


class Store:
    """Inspections, assessments, revisions, agreed records and the audit log in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.close()

    # Writing ---------------------------------------------------------------------------

    def _event(
        self,
        conn: Connection,
        at: str,
        actor: str,
        action: str,
        *,
        inspection: str | None = None,
        assessment: int | None = None,
        case_id: str | None = None,
        revision: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        conn.execute(
            insert(EVENTS).values(
                at=at,
                actor=actor,
                action=action,
                inspection_id=inspection,
                assessment_id=assessment,
                case_id=case_id,
                revision=revision,
                detail=json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
            )
        )

    def create_inspection(
        self, id: str, title: str, criteria_id: str, criteria_sha256: str, actor: str
    ) -> Inspection:
        at = now()
        row = Inspection(id, title, criteria_id, criteria_sha256, at, actor)
        try:
            with self.db.write() as conn:
                conn.execute(
                    insert(INSPECTIONS).values(
                        id=id,
                        title=title,
                        criteria_id=criteria_id,
                        criteria_sha256=criteria_sha256,
                        created_at=at,
                        created_by=actor,
                    )
                )
                self._event(
                    conn,
                    at,
                    actor,
                    "inspection_created",
                    inspection=id,
                    detail={"criteria": criteria_id},
                )
        except IntegrityError:
            raise Conflict(f"inspection {id!r} exists already") from None
        return row

    def _insert_assessment(
        self, conn: Connection, inspection: str, new: NewCase, actor: str, at: str
    ) -> int:
        case_id, assessor, case_json, judgement_json, stamp = new
        aid = conn.execute(
            insert(ASSESSMENTS)
            .values(
                inspection_id=inspection,
                case_id=case_id,
                assessor=assessor,
                created_at=at,
                created_by=actor,
            )
            .returning(ASSESSMENTS.c.id)
        ).scalar_one()
        conn.execute(
            insert(REVISIONS).values(
                assessment_id=aid,
                revision=1,
                at=at,
                by=actor,
                case_json=case_json,
                judgement_json=judgement_json,
                **stamp_columns(stamp),
            )
        )
        self._event(
            conn,
            at,
            actor,
            "assessment_created",
            inspection=inspection,
            assessment=aid,
            case_id=case_id,
            revision=1,
            detail={"assessor": assessor},
        )
        return int(aid)

    def _move(
        self,
        *,
        conn: Connection,
        aid: int,
        seq: int,
        frm: State,
        to: State,
        note: str | None,
        actor: str,
        at: str,
        inspection: str,
        case_id: str,
    ) -> None:
        conn.execute(
            insert(TRANSITIONS).values(
                assessment_id=aid,
                seq=seq,
                from_state=frm,
                to_state=to,
                note=note,
                at=at,
                by=actor,
            )
        )
        self._event(
            conn,
            at,
            actor,
            "state_changed",
            inspection=inspection,
            assessment=aid,
            case_id=case_id,
            detail={"from": frm, "to": to, "note": note},
        )

    def create_assessments(
        self, inspection: str, cases: Sequence[NewCase], actor: str, path: Sequence[State] = ()
    ) -> list[int]:
        """Create assessments at revision 1, moved along ``path`` (e.g. submitted, locked).

        All or nothing: one transaction. `Conflict` if an assessor has marked one of these
        cases in this inspection already; `Missing` if the inspection does not exist.
        """
        at = now()
        try:
            with self.db.write() as conn:
                if (
                    conn.execute(
                        select(INSPECTIONS.c.id).where(INSPECTIONS.c.id == inspection)
                    ).first()
                    is None
                ):
                    raise Missing(inspection)
                made = []
                for new in cases:
                    aid = self._insert_assessment(conn, inspection, new, actor, at)
                    frm: State = "draft"
                    for seq, to in enumerate(path, start=1):
                        self._move(
                            conn=conn,
                            aid=aid,
                            seq=seq,
                            frm=frm,
                            to=to,
                            note="imported",
                            actor=actor,
                            at=at,
                            inspection=inspection,
                            case_id=new[0],
                        )
                        frm = to
                    made.append(aid)
        except IntegrityError:
            raise Conflict("an assessor has marked this case in this inspection already") from None
        return made

    def _locked_assessment(self, conn: Connection, aid: int) -> Assessment:
        """The assessment as it stands, its row locked against other writers until commit."""
        lock = select(ASSESSMENTS.c.id).where(ASSESSMENTS.c.id == aid)
        if self.db.dialect == "postgresql":
            # SQLite's BEGIN IMMEDIATE already holds the database's single write lock.
            lock = lock.with_for_update()
        if conn.execute(lock).first() is None:
            raise Missing(str(aid))
        row = conn.execute(ASSESSMENT.where(ASSESSMENTS.c.id == aid)).one()
        return assessment_of(row)

    def save_revision(
        self,
        *,
        aid: int,
        expected: int,
        actor: str,
        case_json: str,
        judgement_json: str,
        stamp: Stamp,
    ) -> Revision:
        """Append revision ``expected + 1``; `Stale` unless ``expected`` is the latest,
        `WrongState` unless the assessment is a draft."""
        at = now()
        try:
            with self.db.write() as conn:
                current = self._locked_assessment(conn, aid)
                if current.state != "draft":
                    raise WrongState(current.state)
                if current.revision != expected:
                    raise Stale(current.revision)
                conn.execute(
                    insert(REVISIONS).values(
                        assessment_id=aid,
                        revision=expected + 1,
                        at=at,
                        by=actor,
                        case_json=case_json,
                        judgement_json=judgement_json,
                        **stamp_columns(stamp),
                    )
                )
                self._event(
                    conn,
                    at,
                    actor,
                    "revision_saved",
                    inspection=current.inspection_id,
                    assessment=aid,
                    case_id=current.case_id,
                    revision=expected + 1,
                )
        except IntegrityError:
            # Another writer inserted the same revision between our read and our insert
            # (possible only without the row lock; kept as the last line of defence).
            raise Stale(expected + 1) from None
        return Revision(aid, expected + 1, at, actor, case_json, judgement_json, stamp)

    def move(
        self,
        *,
        aid: int,
        frm: State,
        to: State,
        actor: str,
        note: str | None,
        expected: int | None = None,
    ) -> Assessment:
        """Move the assessment from ``frm`` to ``to``; `WrongState` if it is not in ``frm``
        (someone moved it first), `Stale` if ``expected`` is given and not the latest revision."""
        at = now()
        with self.db.write() as conn:
            current = self._locked_assessment(conn, aid)
            if current.state != frm:
                raise WrongState(current.state)
            if expected is not None and current.revision != expected:
                raise Stale(current.revision)
            seq = conn.execute(
                select(func.count())
                .select_from(TRANSITIONS)
                .where(TRANSITIONS.c.assessment_id == aid)
            ).scalar_one()
            self._move(
                conn=conn,
                aid=aid,
                seq=seq + 1,
                frm=frm,
                to=to,
                note=note,
                actor=actor,
                at=at,
                inspection=current.inspection_id,
                case_id=current.case_id,
            )
        return Assessment(
            current.id,
            current.inspection_id,
            current.case_id,
            current.assessor,
            to,
            current.revision,
            current.created_at,
            at,
        )

    def put_agreed(
        self,
        *,
        inspection: str,
        case_id: str,
        expected: int | None,
        actor: str,
        note: str,
        case_json: str,
        judgement_json: str,
        stamp: Stamp,
        check: Any = None,
    ) -> Agreed:
        """Append the next version of the agreed answers for a case.

        ``expected``: the version the moderator started from (0: none yet), or None to skip
        the check. ``check(assessments)``: called under the lock with the case's assessments,
        raises to refuse (the service's rule on their states).
        """
        at = now()
        try:
            with self.db.write() as conn:
                lock = select(INSPECTIONS.c.id).where(INSPECTIONS.c.id == inspection)
                if self.db.dialect == "postgresql":
                    lock = lock.with_for_update()
                if conn.execute(lock).first() is None:
                    raise Missing(inspection)
                if check is not None:
                    check(self._case_assessments(conn, inspection, case_id))
                latest = (
                    conn.execute(
                        select(func.max(AGREED.c.version)).where(
                            AGREED.c.inspection_id == inspection, AGREED.c.case_id == case_id
                        )
                    ).scalar_one()
                    or 0
                )
                if expected is not None and latest != expected:
                    raise Stale(latest)
                conn.execute(
                    insert(AGREED).values(
                        inspection_id=inspection,
                        case_id=case_id,
                        version=latest + 1,
                        note=note,
                        at=at,
                        by=actor,
                        case_json=case_json,
                        judgement_json=judgement_json,
                        **stamp_columns(stamp),
                    )
                )
                self._event(
                    conn,
                    at,
                    actor,
                    "agreed_recorded",
                    inspection=inspection,
                    case_id=case_id,
                    detail={"version": latest + 1, "note": note},
                )
        except IntegrityError:
            raise Stale(-1) from None
        return Agreed(
            inspection, case_id, latest + 1, note, at, actor, case_json, judgement_json, stamp
        )

    # Reading ---------------------------------------------------------------------------

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
        return [
            Event(
                r.seq,
                r.at,
                r.actor,
                r.action,
                r.inspection_id,
                r.assessment_id,
                r.case_id,
                r.revision,
                r.detail,
            )
            for r in rows
        ]

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
