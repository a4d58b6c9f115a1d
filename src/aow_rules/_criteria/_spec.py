"""The criteria file format ``aow-criteria/1`` as strict pydantic models.

These models check the *shape* of a file (keys, types, lengths). References between parts of
the file and the conditions are checked by the compile step (`_compile`), which turns a spec
into a frozen `Criteria`. The JSON Schema published for criteria files is generated from here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

__all__ = ["CRITERIA_FORMAT", "Condition", "CriteriaSpec", "ExactNumber"]

CRITERIA_FORMAT = "aow-criteria/1"

MAX_TEXT = 10_000
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
FactId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
RuleCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
CriteriaId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]{0,63}$")]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
# Exact numbers: an integer, a decimal written in the file (kept exact, never a float), or a
# fraction string such as "1/3".
FractionText = Annotated[str, StringConstraints(pattern=r"^\d+/[1-9]\d*$")]
ExactNumber = int | Decimal | FractionText


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Provenance(_Strict):
    """Where the content of the file comes from, and how much of it is reconstructed."""

    summary: Text
    documented: list[Text] = Field(default_factory=list)
    reconstructed: list[Text] = Field(default_factory=list)
    sources: list[Text] = Field(default_factory=list)


class OutcomeSpec(_Strict):
    id: Id
    title: Text


class StageSpec(_Strict):
    id: Id
    title: Text


class CriterionSpec(_Strict):
    """One cell of the grid: criterion ``X.Y`` is an outcome at a stage."""

    id: Id
    title: Text
    outcome: Id
    stage: Id
    note: Text | None = None


class ChoiceOption(_Strict):
    value: Id
    title: Text


class FactSpec(_Strict):
    """A typed case detail that conditions may read as ``case.<id>``."""

    id: FactId
    title: Text
    type: Literal["bool", "int", "choice", "set", "date", "text"]
    options: list[Id | ChoiceOption] | None = None
    min: int | None = None
    max: int | None = None
    required: bool = False
    ref: Text | None = None
    note: Text | None = None


class ScaleOption(_Strict):
    value: Id
    title: Text
    credit: ExactNumber | None
    """Share of credit in [0, 1]; null means not applicable (left out of the denominator)."""


class ScaleSpec(_Strict):
    id: Id
    title: Text
    options: list[ScaleOption]


class AllOf(_Strict):
    all: list[Condition]


class AnyOf(_Strict):
    any: list[Condition]


class NotOf(_Strict):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "cel"
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "all"  # lets pydantic name the missing/unknown keys against AllOf
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", NotOf: "not"}.get(type(value))
    return None


Condition = Annotated[
    Annotated[Text, Tag("cel")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a CEL string or a mapping with all, any or not",
    ),
]


class Contribution(_Strict):
    outcome: Id
    weight: ExactNumber = 1


class EvidenceRule(_Strict):
    """Free-text evidence the case must carry for some answers."""

    required_when: list[Id]
    prompt: Text | None = None


class QuestionSpec(_Strict):
    id: Id
    text: Text
    criterion: Id | None = None
    scale: Id | None = None
    scored: bool = True
    applies_if: Condition | None = None
    counts_towards: list[Contribution] | None = None
    key: bool = False
    evidence: EvidenceRule | None = None
    previous: list[Id] | None = None
    """Ids of the questions of the version this file ``replaces`` that this question continues
    (reworded, renumbered) or replaces. ``diff`` and ``impact`` follow it; an id that is not
    listed is matched only to the same id in the old version."""
    basis: Literal["documented", "theme", "reconstruction"] | None = None
    basis_note: Text | None = None
    guidance: Text | None = None


class Rounding(_Strict):
    """Round a score before banding: to ``places`` decimals of a percentage."""

    places: int = Field(ge=0, le=6)
    mode: Literal["half_up", "half_even", "down"] = "half_up"


class Band(_Strict):
    label: Text
    min: ExactNumber
    """Inclusive lower bound of the score, in [0, 1]."""


class BandSet(_Strict):
    applies_to: list[Literal["outcomes", "stages", "criteria"]]
    levels: list[Band]


class RatingLevel(_Strict):
    """One rating of a key question or standard: a score band that carries points."""

    label: Text
    min: ExactNumber
    """Inclusive lower bound of a key question's sample score, in [0, 1]."""
    points: int = Field(ge=0, le=1000)


class OverallLevel(_Strict):
    label: Text
    min: int = Field(ge=0)
    """Inclusive lower bound of the points total of all standards."""


class StandardSpec(_Strict):
    """A rated standard: from the sample (by its lowest key question) or recorded by a panel.

    ``key_questions`` are ids of `criteria` groups: each is one key question of the standard,
    its sample score computed with the ratings' ``method``.
    """

    id: Id
    title: Text | None = None
    """Defaults to the title of the stage with the same id."""
    rated_by: Literal["lowest_key_question", "recorded"]
    key_questions: list[Id] = Field(default_factory=list)
    note: Text | None = None


class RatingsSpec(_Strict):
    """Ratings declared by the framework (the 2018 model): key question -> standard -> overall."""

    method: Literal["pooled", "case_mean", "cases_meeting"] = "cases_meeting"
    """How a key question's sample score is computed."""
    threshold: ExactNumber | None = None
    """For ``cases_meeting``: the case score at which a key question is judged met."""
    rounding: Rounding | None = None
    """Rounding of a key question's score before it is rated: none unless declared."""
    levels: list[RatingLevel] = Field(min_length=1)
    standards: list[StandardSpec] = Field(min_length=1)
    overall: list[OverallLevel] = Field(default_factory=list)
    """Bands of the points total; no overall rating when empty."""


class ScoringSpec(_Strict):
    sample_method: Literal["pooled", "case_mean", "cases_meeting"] = "pooled"
    threshold: ExactNumber | None = None
    rounding: Rounding | None = None
    bands: BandSet | None = None
    breakdowns: list[FactId] = Field(default_factory=list)
    """Facts a sample report breaks its scores down by, unless told otherwise."""
    ratings: RatingsSpec | None = None


class ConsistencyRule(_Strict):
    code: RuleCode
    severity: Literal["error", "warning"]
    when: Condition
    message: Text


class LintAllowance(_Strict):
    """A lint warning the author has considered and explained: reported as explained."""

    code: Literal[
        "condition_never_true",
        "condition_always_true",
        "never_applies",
        "rule_never_fires",
        "rule_always_fires",
        "outcome_may_not_apply",
        "fact_never_read",
    ]
    id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """What it is about: a question id, rule code, outcome id or fact id."""
    reason: Text


class CriteriaSpec(_Strict):
    """A whole criteria file."""

    format: Literal["aow-criteria/1"]
    id: CriteriaId
    version: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    title: Text
    status: Literal["draft", "released"]
    effective_from: IsoDate
    replaces: CriteriaId | None = None
    provenance: Provenance
    outcomes: list[OutcomeSpec] = Field(min_length=1)
    stages: list[StageSpec] = Field(default_factory=list)
    criteria: list[CriterionSpec] = Field(default_factory=list)
    facts: list[FactSpec] = Field(default_factory=list)
    scales: list[ScaleSpec] = Field(min_length=1)
    questions: list[QuestionSpec] = Field(min_length=1)
    scoring: ScoringSpec = ScoringSpec()
    consistency: list[ConsistencyRule] = Field(default_factory=list)
    lint: list[LintAllowance] = Field(default_factory=list)
