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

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import IntegrityError

from ._engine import Database
from ._reads import Reads
from ._records import (
    Agreed,
    Assessment,
    Conflict,
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
    assessment_of,
    stamp_columns,
)
from ._tables import AGREED, ASSESSMENTS, EVENTS, INSPECTIONS, REVISIONS, TRANSITIONS

__all__ = ["NewCase", "Store"]

NewCase = tuple[str, str, str, str, Stamp]
"""(case_id, assessor, case JSON, judgement JSON, stamp) of an assessment to create."""


class Store(Reads):
    """Inspections, assessments, revisions, agreed records and the audit log in one database:
    the writes here, the reads in `Reads`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.close()

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
