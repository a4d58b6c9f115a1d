"""The criteria file format ``aow-criteria/1`` as strict pydantic models.

These models check the *shape* of a file (keys, types, lengths). References between parts of
the file and the conditions are checked by the compile step (`_compile`), which turns a spec
into a frozen `Criteria`. The JSON Schema published for criteria files is generated from here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

__all__ = ["CRITERIA_FORMAT", "PROVENANCE_KINDS", "Condition", "CriteriaSpec", "ExactNumber"]

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
ProvenanceKind = Literal["documented", "reconstructed", "ours"]
PROVENANCE_KINDS: tuple[ProvenanceKind, ...] = ("documented", "reconstructed", "ours")
"""What a part of a file rests on: ``documented`` in public material; ``reconstructed``, our
reconstruction that fits what is documented (a documented theme, structure or recollection);
``ours``, our own choice with nothing documented behind it."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Sourced(_Strict):
    """A part that says what it rests on."""

    provenance: ProvenanceKind | None = None
    """documented, reconstructed or ours (see `PROVENANCE_KINDS`)."""
    provenance_note: Text | None = None
    """The source, or why it is a reconstruction or ours."""


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


class CriterionSpec(_Sourced):
    """One cell of the grid: criterion ``X.Y`` is an outcome at a stage."""

    id: Id
    title: Text
    outcome: Id
    stage: Id
    note: Text | None = None


class ChoiceOption(_Strict):
    value: Id
    title: Text


class Derivation(_Strict):
    """How a fact is computed from other facts when a case is read (a case never sends it).
    Exactly one of the two; the fact is absent when what it is computed from is absent."""

    months_between: Annotated[list[FactId], Field(min_length=2, max_length=2)] | None = None
    """``[start, end]``: whole months from one date fact to another (an int fact; negative
    when ``end`` is before ``start``)."""
    condition: Text | None = None
    """A condition over other facts (a bool fact), such as ``"violence" in case.offence_type``."""


CarryValue = bool | int | str | list[Id]


class CarrySpec(_Strict):
    """How `impact` fills this fact in a case carried from an earlier version that did not
    record it: an assumption, named in the impact report. Exactly one of ``fact``,
    ``value``, ``months_before`` and ``condition``."""

    fact: FactId | None = None
    """A fact of the earlier version whose value is carried: unchanged, or through
    ``values``, where an old value not listed is not carried (the case then lacks it)."""
    values: dict[str, CarryValue] | None = None
    """Old value as text (``"true"``, ``"3"``, ``"low"``) -> the value assumed here."""
    value: CarryValue | None = None
    """A constant assumed for every carried case."""
    months_before: Annotated[list[FactId], Field(min_length=2, max_length=2)] | None = None
    """``[date fact of this version, int fact of the earlier version]``: the date that many
    months before the (carried) date, so that months counted between them stay as the
    earlier version recorded them."""
    condition: Text | None = None
    """A bool fact: a condition over this version's facts, read once the others are carried."""
    note: Text
    """Why the assumption is reasonable: shown beside every value it fills."""


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
    derived: Derivation | None = None
    """Computed from other facts when a case is read (a case may not send it)."""
    carry: CarrySpec | None = None
    """How `impact` fills the fact in cases carried from an earlier version without it."""


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


class Contribution(_Sourced):
    outcome: Id
    weight: ExactNumber = 1


class EvidenceRule(_Strict):
    """Free-text evidence the case must carry for some answers."""

    required_when: list[Id]
    prompt: Text | None = None


class QuestionSpec(_Sourced):
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
    revised_from: list[Id] | None = None
    """Ids of this question in the earlier revision of this same file (the same ``id``, an
    earlier ``version``), where a revision renumbered it; ``[]``: new, although it reuses an
    id of that revision. ``diff`` and ``impact`` follow it between two revisions of one id."""
    basis: Literal["documented", "theme", "reconstruction"] | None = None
    """Superseded by ``provenance``, still read: documented -> documented, theme ->
    reconstructed, reconstruction -> ours."""
    basis_note: Text | None = None
    """Superseded by ``provenance_note``, still read."""
    guidance: Text | None = None


class Rounding(_Strict):
    """Round a score before banding: to ``places`` decimals of a percentage."""

    places: int = Field(ge=0, le=6)
    mode: Literal["half_up", "half_even", "down"] = "half_up"


class Display(_Strict):
    """How percentages are shown: ``places`` decimals, rounded by ``mode``. A shown value must
    never cross a band edge that the rating did not (checked when the file is compiled)."""

    places: int = Field(ge=0, le=3)
    mode: Literal["half_up", "half_even", "down"] = "down"


class Band(_Sourced):
    label: Text
    min: ExactNumber
    """Inclusive lower bound of the score, in [0, 1]."""


class BandSet(_Strict):
    applies_to: list[Literal["outcomes", "stages", "criteria"]]
    levels: list[Band]


class RatingLevel(_Sourced):
    """One rating of a key question or standard: a score band that carries points."""

    label: Text
    min: ExactNumber
    """Inclusive lower bound of a key question's sample score, in [0, 1]."""
    points: int = Field(ge=0, le=1000)


class OverallLevel(_Sourced):
    label: Text
    min: int = Field(ge=0)
    """Inclusive lower bound of the points total of all standards."""


class StandardSpec(_Sourced):
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
    method_provenance: ProvenanceKind | None = None
    method_provenance_note: Text | None = None
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
    method_provenance: ProvenanceKind | None = None
    """What the sample method rests on (see `PROVENANCE_KINDS`)."""
    method_provenance_note: Text | None = None
    weights_provenance: ProvenanceKind | None = None
    """What the default weights (every question 1 towards its criterion's groups) rest on."""
    weights_provenance_note: Text | None = None
    threshold: ExactNumber | None = None
    rounding: Rounding | None = None
    display: Display | None = None
    """How percentages are shown; see `Display` for the default."""
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
        "provenance_missing",
    ]
    id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """What it is about: a question id, rule code, outcome id or fact id."""
    reason: Text


class SampleSize(_Sourced):
    """How many cases an inspection of this version reads: ``default`` unless told."""

    min: int = Field(ge=1, le=100_000)
    max: int = Field(ge=1, le=100_000)
    default: int = Field(ge=1, le=100_000)


class OfficerCap(_Sourced):
    """At most ``max`` sampled cases of one responsible officer."""

    max: int = Field(ge=1, le=1_000)


class NamedStratum(_Strict):
    id: FactId
    title: Text | None = None
    when: Condition
    """A condition over the long list's columns (``case.sex == "female"``): the first
    stratum whose condition holds takes the row."""


class StrataSpec(_Sourced):
    """The strata the sample is allocated over in proportion to their size: the rows that
    share the values of the ``by`` columns, or the ``named`` strata. Exactly one of the two;
    neither (``strata: {}``) means one stratum, the whole list."""

    by: list[FactId] | None = None
    named: list[NamedStratum] | None = None


class Exclusion(_Sourced):
    """Rows of the long list that cannot be inspected, and why (a stable code)."""

    code: RuleCode
    title: Text
    when: Condition
    """A condition over the long list's columns: the row is excluded when it holds."""


class SamplingSpec(_Sourced):
    """How an inspection of this version draws its sample from a provider's long list of
    cases (``aow-rules sample``). ``provenance`` is the draw method's."""

    size: SampleSize
    officer_cap: OfficerCap
    strata: StrataSpec = StrataSpec()
    exclusions: list[Exclusion] = Field(default_factory=list)
    note: Text | None = None


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
    sampling: SamplingSpec | None = None
    """How its sample is drawn from a long list (``aow-rules sample``); none if omitted."""
    lint: list[LintAllowance] = Field(default_factory=list)
