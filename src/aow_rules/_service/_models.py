"""The service's own request and response bodies, as pydantic models.

Request models validate what a client sends (strict, ``extra="forbid"``); response models
document what the service answers. The OpenAPI document is generated from these and from the
library's published schemas (`aow_rules.schema`: case, judgement, report, QA), so the
document and the JSON Schemas cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "AgreedIn",
    "AgreedOut",
    "AssessmentCreated",
    "AssessmentOut",
    "AssessmentRow",
    "AuditOut",
    "CaseStatus",
    "CriteriaSummary",
    "DraftOut",
    "DraftQuestion",
    "EventOut",
    "Health",
    "ImportOut",
    "InspectionDetail",
    "InspectionIn",
    "InspectionOut",
    "Me",
    "ProblemItem",
    "ProblemOut",
    "ReportOut",
    "RevisionOut",
    "TransitionIn",
]

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
State = Literal["draft", "submitted", "moderated", "locked"]
Json = dict[str, Any]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InspectionIn(_In):
    """A new inspection: its id (chosen by the client), title and criteria version."""

    id: Id
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    criteria: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class TransitionIn(_In):
    """A move of an assessment's state; a note is required to return one for rework."""

    to: State
    note: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None


class AgreedIn(_In):
    """The agreed answers for a case marked by several assessors: a whole ``aow-case/1``."""

    note: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    case: Json = Field(description="an aow-case/1 case with the agreed facts and answers")


class ProblemItem(_Out):
    code: str
    message: str
    source: str
    location: str
    suggestion: str | None


class ProblemOut(_Out):
    """RFC 9457 problem details, with the project's code and every problem."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    problems: list[ProblemItem]


class Health(_Out):
    status: Literal["ok"]
    version: str
    db: Literal["sqlite", "postgresql"]


class Me(_Out):
    name: str
    role: Literal["inspector", "qa_lead", "reader"]


class CriteriaSummary(_Out):
    id: str
    version: str
    title: str
    sha256: str
    status: str
    shipped: bool


class InspectionOut(_Out):
    id: str
    title: str
    criteria: str
    criteria_sha256: str
    created_at: str
    created_by: str


class AssessmentRow(_Out):
    id: int
    case_id: str
    assessor: str
    state: State
    revision: int
    updated_at: str


class CaseStatus(_Out):
    case_id: str
    status: Literal["counted", "awaiting_moderation", "not_submitted"]
    counted: Literal["agreed", "assessment"] | None
    assessments: list[int]


class InspectionDetail(InspectionOut):
    assessments: list[AssessmentRow]
    cases: list[CaseStatus] | None = Field(
        description="each case's place in the report (not shown to inspectors)"
    )


class AssessmentCreated(_Out):
    id: int
    inspection: str
    case_id: str
    assessor: str
    revision: int
    state: State
    judgement: Json


class AssessmentOut(AssessmentCreated):
    case: Json


class RevisionOut(_Out):
    revision: int
    at: str
    by: str
    case: Json
    judgement: Json


class AgreedOut(_Out):
    inspection: str
    case_id: str
    version: int
    note: str
    at: str
    by: str
    assessments: list[int]
    case: Json
    judgement: Json


class ReportOut(_Out):
    """The sample report of an inspection, and which assessment each case counts."""

    inspection: InspectionOut
    cases: list[CaseStatus]
    awaiting_moderation: list[str]
    report: Json = Field(description="aow-report/1, as `aow-rules report` prints it")


class EventOut(_Out):
    seq: int
    at: str
    actor: str
    action: str
    inspection: str | None
    assessment: int | None
    case_id: str | None
    revision: int | None
    detail: Json


class AuditOut(_Out):
    events: list[EventOut]
    next: int | None = Field(description="pass as since= to read the events after these")


class Accepted(_Out):
    line: int
    id: int
    case_id: str
    assessor: str


class RejectedOut(_Out):
    source: str
    problems: list[ProblemItem]


class ImportOut(_Out):
    inspection: str
    state: State
    accepted: list[Accepted]
    rejected: list[RejectedOut]


class DraftQuestion(_Out):
    """One question of a draft, as a form shows it."""

    status: (
        Literal[
            "counted", "answered_na", "not_applicable", "unanswered", "unscored", "condition_error"
        ]
        | None
    ) = Field(
        description="its status in the judgement; null for a question that applies while "
        "there is no judgement yet (a required fact is missing)"
    )
    applies: bool | None = Field(
        description="false: hide it; null: undecided (it waits for a fact not given yet)"
    )
    why: str | None = Field(None, description="why it does not apply (or is undecided), in words")
    waiting_for: list[str] | None = Field(
        None, description="the facts not given yet that decide whether it applies"
    )


class DraftOut(_Out):
    """A draft case scored as a form holds it (``POST /v1/evaluate/draft``)."""

    complete: bool = Field(description="the draft as sent is a valid case: it can be saved")
    problems: list[ProblemItem] = Field(description="what stops it from being saved")
    missing_facts: list[str] = Field(description="required facts not given (or not valid)")
    case: Json = Field(
        description="the case as a form saves it: invalid values and answers to questions "
        "that do not apply left out"
    )
    set_aside: dict[str, str] = Field(
        description="answers to questions that do not apply: kept by the form, not saved"
    )
    questions: dict[str, DraftQuestion]
    judgement: Json | None = Field(
        description="the judgement of the case (aow-judgement/2); null until every required "
        "fact is given (the engine scores only a valid case)"
    )
