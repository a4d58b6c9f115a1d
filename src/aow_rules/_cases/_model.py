"""A case (format ``aow-case/1``): its JSON shape, and the checked `Case` a criteria version
scores.

A `Case` is valid for the criteria it was checked against: `parse_case` marks each case it
builds with that criteria. A case built by hand (``Case(...)``) carries no mark, and every
function that scores it first checks it with `parse_case` (`checked`), so it is held to the
same rules as a case read from JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .._strict._text import is_iso_date

if TYPE_CHECKING:
    from .._criteria._model import Criteria

__all__ = [
    "CASE_FORMAT",
    "INTERVIEW_KEYS",
    "MAX_ID",
    "MAX_TEXT",
    "Case",
    "CaseSpec",
    "Interview",
    "InterviewSpec",
    "case_data",
    "is_iso_date",
    "mark",
]

CASE_FORMAT = "aow-case/1"
MAX_TEXT = 10_000
MAX_ID = 200
INTERVIEW_KEYS = ("officer", "offender", "date")


class InterviewSpec(BaseModel):
    """Who the inspection interviewed for this case, for the published JSON Schema. The case
    records it or not: a case without it is "not recorded", never "not interviewed"."""

    model_config = ConfigDict(extra="forbid", strict=True, title="interview")

    officer: bool = Field(description="was the responsible officer interviewed")
    offender: bool = Field(description="was the individual under supervision interviewed")
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = Field(
        default=None,
        description="the date of the (first) interview, YYYY-MM-DD; only when someone was "
        "interviewed",
    )


class CaseSpec(BaseModel):
    """The shape of a case, for the published JSON Schema. Criteria-specific checks (which
    facts, questions and options exist) happen in `parse_case`."""

    model_config = ConfigDict(extra="forbid", strict=True, title="aow-case/1")

    format: Literal["aow-case/1"]
    case_id: Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID)]
    criteria: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    assessor: Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID)] | None = None
    note: Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None = None
    facts: dict[str, bool | int | str | list[str]] = Field(default_factory=dict)
    answers: dict[str, Annotated[str, StringConstraints(max_length=MAX_TEXT)]] = Field(
        default_factory=dict
    )
    evidence: dict[str, Annotated[str, StringConstraints(max_length=MAX_TEXT)]] = Field(
        default_factory=dict
    )
    interview: InterviewSpec | None = Field(
        default=None,
        description="who was interviewed for the case; absent: not recorded",
    )


@dataclass(frozen=True, slots=True)
class Interview:
    """The interview record of a case: whether the responsible officer and the individual
    were interviewed, and when (an ISO date, or None)."""

    officer: bool
    offender: bool
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"officer": self.officer, "offender": self.offender}
        if self.date is not None:
            out["date"] = self.date
        return out


@dataclass(frozen=True, slots=True)
class Case:
    """A valid case for one criteria version. Build one with `parse_case`; a case built
    directly is checked by `parse_case` when it is first scored (`CaseError` if invalid).

    The mappings are plain dicts for speed on the evaluation path; treat them as read-only.
    """

    case_id: str
    criteria_id: str
    facts: Mapping[str, object]
    answers: Mapping[str, str]
    evidence: Mapping[str, str] = field(default_factory=dict)
    assessor: str | None = None
    note: str | None = None
    interview: Interview | None = None
    """Who the inspection interviewed; None: not recorded (never "not interviewed")."""
    _checked_for: Criteria | None = field(default=None, init=False, repr=False, compare=False)
    """The criteria `parse_case` checked this case against; None for a case built by hand."""

    @property
    def synthetic(self) -> bool:
        """True when the case says it is invented: its note starts with SYNTHETIC."""
        return (self.note or "").lstrip().upper().startswith("SYNTHETIC")


_set_checked = Case.__dict__["_checked_for"].__set__


def mark(case: Case, criteria: Criteria) -> Case:
    """``case``, marked as checked against ``criteria`` (only `parse_case` calls this)."""
    _set_checked(case, criteria)
    return case


def case_data(case: Case) -> dict[str, Any]:
    """The ``aow-case/1`` JSON data of ``case``, as given (nothing converted or checked)."""
    data: dict[str, Any] = {
        "format": CASE_FORMAT,
        "case_id": case.case_id,
        "criteria": case.criteria_id,
        "facts": case.facts,
        "answers": case.answers,
        "evidence": case.evidence,
    }
    if case.assessor is not None:
        data["assessor"] = case.assessor
    if case.note is not None:
        data["note"] = case.note
    if case.interview is not None:
        data["interview"] = (
            case.interview.to_dict() if isinstance(case.interview, Interview) else case.interview
        )
    return data
