"""What the store returns: frozen records of rows, and the errors a write can meet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

__all__ = [
    "STATES",
    "Agreed",
    "Assessment",
    "Conflict",
    "Event",
    "Inspection",
    "Missing",
    "Revision",
    "Stale",
    "Stamp",
    "State",
    "WrongState",
    "now",
]

State = Literal["draft", "submitted", "moderated", "locked"]
STATES: tuple[State, ...] = ("draft", "submitted", "moderated", "locked")


def now() -> str:
    """The time now, as the store writes it: ISO 8601 UTC, microseconds, a ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class Stamp:
    """What produced a stored judgement: the criteria version (id, version, sha256), the engine."""

    criteria_id: str
    criteria_version: str
    criteria_sha256: str
    engine_version: str


@dataclass(frozen=True, slots=True)
class Inspection:
    id: str
    title: str
    criteria_id: str
    criteria_sha256: str
    created_at: str
    created_by: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """An assessment as it stands: its latest revision number and its current state."""

    id: int
    inspection_id: str
    case_id: str
    assessor: str
    state: State
    revision: int
    created_at: str
    updated_at: str
    """When its latest revision or state change was written."""


@dataclass(frozen=True, slots=True)
class Revision:
    assessment_id: int
    revision: int
    at: str
    by: str
    case_json: str
    judgement_json: str
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class Agreed:
    """One version of the agreed answers for a case marked by several assessors."""

    inspection_id: str
    case_id: str
    version: int
    note: str
    at: str
    by: str
    case_json: str
    judgement_json: str
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the audit log: who did what to which assessment, when."""

    seq: int
    at: str
    actor: str
    action: str
    inspection_id: str | None
    assessment_id: int | None
    case_id: str | None
    revision: int | None
    detail: str
    """JSON text: what the action changed (states, note, version), never case content."""


class Conflict(Exception):
    """A write that would duplicate what exists (an inspection id, an assessor's marking)."""


class Missing(Exception):
    """The row a write needs does not exist."""


class Stale(Exception):
    """The revision the writer started from is no longer the latest."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the latest revision is {current}")
        self.current = current


class WrongState(Exception):
    """The assessment is not in a state that allows the write."""

    def __init__(self, state: State) -> None:
        super().__init__(f"the assessment is {state}")
        self.state = state
