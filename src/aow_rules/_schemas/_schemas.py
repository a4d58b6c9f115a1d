"""The published JSON Schemas: criteria files, cases, judgements, QA and sample reports, and
the reference and recorded-ratings files a report reads, generated from models.

The judgement models below describe what `Judgement.to_dict` renders; the test suite
validates rendered judgements against them, so schema and output cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from .._aggregate._inputs import RatingsFileSpec, ReferenceSpec
from .._aggregate._inspection import InspectionSpec
from .._cases._parse import CaseSpec
from .._criteria._spec import CriteriaSpec
from ..errors import ArgumentError, Code, Problem, did_you_mean
from ._report import Engine, RejectedOut, ReportModel, _Out

__all__ = ["SCHEMA_NAMES", "JudgementModel", "schema", "schema_text"]

Exact = int | str  # an integer, or an exact fraction "p/q"
Value = bool | int | str | list[str] | None


class BecauseEntry(_Out):
    """Why one question did or did not count in a group (an aow-judgement/1 because entry;
    under ``questions``, a question's entry in either format, without ``question`` and
    ``weight``)."""

    question: str | None = None
    status: Literal[
        "counted", "answered_na", "not_applicable", "unanswered", "unscored", "condition_error"
    ]
    answer: str | None = None
    credit: Exact | None = None
    weight: Exact | None = None
    condition: str | None = Field(None, description="the condition that decided applicability")
    read: dict[str, Value] | None = Field(
        None, description="values the condition read; null means absent from the case"
    )
    error: str | None = None


class GroupOut(_Out):
    title: str
    outcome: str | None = None
    stage: str | None = None
    score: float | None = Field(description="yes / counted as a float; null if nothing counted")
    fraction: str | None = Field(description="the exact score as 'p/q'")
    yes: int | float
    counted: int | float
    band: str | None
    because: list[BecauseEntry]


class FindingOut(_Out):
    code: str
    severity: Literal["error", "warning"]
    question: str | None = None
    rule: str | None = None
    questions: list[str] | None = None
    read: dict[str, Value] | None = None
    message: str


class CriteriaRef(_Out):
    id: str
    version: str
    sha256: str


class Judgement1Model(_Out):
    """A scored, explained case: format aow-judgement/1 (each group copies the entries of the
    questions it counts into ``because``)."""

    model_config = ConfigDict(title="aow-judgement/1")

    format: Literal["aow-judgement/1"]
    case_id: str
    assessor: str | None
    criteria: CriteriaRef
    engine: Engine
    outcomes: dict[str, GroupOut]
    stages: dict[str, GroupOut]
    criteria_groups: dict[str, GroupOut]
    questions: dict[str, BecauseEntry]
    findings: list[FindingOut]
    summary: str


class Group2Out(_Out):
    title: str
    outcome: str | None = None
    stage: str | None = None
    score: float | None = Field(description="yes / counted as a float; null if nothing counted")
    fraction: str | None = Field(description="the exact score as 'p/q'")
    yes: int | float
    counted: int | float
    band: str | None
    questions: list[str] = Field(
        description="the ids of the questions the group counts, in file order; each one's "
        "entry is under the judgement's questions"
    )
    weights: dict[str, Exact] | None = Field(
        None,
        description="question id -> its weight in this group, for the questions whose weight "
        "is not 1 (absent when every weight is 1)",
    )


class Judgement2Model(_Out):
    """A scored, explained case: format aow-judgement/2 (each question's entry once, under
    ``questions``; groups list the ids of the questions they count)."""

    model_config = ConfigDict(title="aow-judgement/2")

    format: Literal["aow-judgement/2"]
    case_id: str
    assessor: str | None
    criteria: CriteriaRef
    engine: Engine
    outcomes: dict[str, Group2Out]
    stages: dict[str, Group2Out]
    criteria_groups: dict[str, Group2Out]
    questions: dict[str, BecauseEntry]
    findings: list[FindingOut]
    summary: str


class JudgementModel(
    RootModel[Annotated[Judgement1Model | Judgement2Model, Field(discriminator="format")]]
):
    """A scored, explained case in either format; its ``format`` says which."""

    model_config = ConfigDict(title="aow-judgement")


class SampleOut(_Out):
    assessments: int
    cases: int
    double_marked_cases: int
    assessors: list[str]
    rejected: list[RejectedOut]


class AssessmentFindings(_Out):
    case_id: str
    assessor: str | None
    source: str
    findings: list[FindingOut]


class FindingsOut(_Out):
    errors: int
    warnings: int
    by_code: dict[str, int]
    assessments: list[AssessmentFindings]


class RepeatedOut(_Out):
    case_id: str
    assessor: str
    sources: list[str]


class IdentityOut(_Out):
    normalisation: str
    near_duplicates: list[list[str]]
    repeated_assessments: list[RepeatedOut]
    unattributed: list[str]


class CoefficientOut(_Out):
    name: Literal["raw_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"]
    value: float | None
    fraction: str | None = Field(description="the exact value as 'p/q'")
    undefined: str | None = Field(description="why the value is undefined, if it is")
    band: str | None = Field(description="Landis and Koch band, beside the value")
    items: int
    raters: int
    pairs: int


class HandlingOut(_Out):
    items: int
    cases: int
    coefficients: list[CoefficientOut]


class ScopeOut(_Out):
    applicability: HandlingOut
    answered: HandlingOut
    na_category: HandlingOut


class CohenPair(_Out):
    assessors: list[str]
    cases: int
    applicability: CoefficientOut
    answered: CoefficientOut
    na_category: CoefficientOut


class AgreementOut(_Out):
    definitions: dict[str, str]
    overall: ScopeOut
    outcomes: dict[str, ScopeOut]
    questions: dict[str, ScopeOut]
    cohen_pairs: list[CohenPair]


class DisagreementOut(_Out):
    case_id: str
    outcome: str
    assessors: list[str | None]
    fractions: list[str | None]
    scores: list[float | None]
    bands: list[str | None]
    questions_differing: list[str]
    because: list[list[BecauseEntry]] = Field(
        description="each assessment's explanation of the outcome: its aow-judgement/1 because list"
    )


class DriftRowOut(_Out):
    assessor: str
    outcome: str
    yes: int | float
    counted: int | float
    rate: float | None
    rest_yes: int | float
    rest_counted: int | float
    rest_rate: float | None
    z: float | None
    flagged: bool
    note: str | None


class DriftOut(_Out):
    method: str
    min_counted: int
    rows: list[DriftRowOut]


class QAModel(_Out):
    """Quality assurance of a sample of assessments: format aow-qa/1."""

    model_config = ConfigDict(title="aow-qa/1")

    format: Literal["aow-qa/1"]
    criteria: CriteriaRef
    engine: Engine
    sample: SampleOut
    findings: FindingsOut
    identity: IdentityOut
    agreement: AgreementOut
    disagreements: list[DisagreementOut]
    drift: DriftOut
    summary: str


_MODELS: dict[str, type[BaseModel]] = {
    "criteria": CriteriaSpec,
    "case": CaseSpec,
    "judgement": JudgementModel,
    "judgement-1": Judgement1Model,
    "judgement-2": Judgement2Model,
    "qa": QAModel,
    "report": ReportModel,
    "reference": ReferenceSpec,
    "ratings": RatingsFileSpec,
    "inspection": InspectionSpec,
}
SCHEMA_NAMES = tuple(_MODELS)


def schema(name: str | None = None) -> dict[str, Any]:
    """The JSON Schema called ``name`` (one of `SCHEMA_NAMES`); all of them by name if None.

    Raises `ArgumentError` for a name that is not one of them.
    """
    if name is None:
        return {n: schema(n) for n in SCHEMA_NAMES}
    model = _MODELS.get(name)
    if model is None:
        raise ArgumentError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"no schema {name!r}: the schemas are {', '.join(SCHEMA_NAMES)}",
                    "name",
                    suggestion=did_you_mean(name, SCHEMA_NAMES),
                )
            ]
        )
    out = model.model_json_schema(by_alias=True)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return out


def schema_text(name: str) -> str:
    """The schema as the text of its published file."""
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
