"""The model of ``aow-report/1`` as `SampleReport.to_dict` renders it, for the published schema.

The test suite validates rendered reports against it, so schema and output cannot drift.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Exact = int | str
Value = bool | int | str | None


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ExactScore(_Out):
    score: float | None
    fraction: str | None = Field(description="the exact score as 'p/q'")


class MeetingScore(ExactScore):
    threshold: str
    meeting: int = Field(description="applicable cases whose score reaches the threshold")


class Methods(_Out):
    pooled: ExactScore
    case_mean: ExactScore
    cases_meeting: MeetingScore | None = None


class ReferenceCell(_Out):
    lowest: float | None
    lowest_fraction: str | None
    average: float | None
    average_fraction: str | None
    highest: float | None
    highest_fraction: str | None
    difference_from_average: float | None
    difference_fraction: str | None


class ProvenanceOut(_Out):
    provenance: Literal["documented", "reconstructed", "ours"] = Field(
        description="documented in public material, reconstructed to fit it, or ours"
    )
    note: str | None = Field(description="the source, or why it is reconstructed or ours")


class Display(_Out):
    places: int = Field(description="decimal places of a shown percentage")
    mode: Literal["half_up", "half_even", "down"]


class Cell(ExactScore):
    percent: str | None
    yes: int | float = Field(description="sum of credit x weight over the cases")
    counted: int | float = Field(description="sum of weights of counted questions")
    cases: int = Field(description="cases in which the group applied")


class GroupEntry(Cell):
    title: str
    outcome: str | None = None
    stage: str | None = None
    band: str | None
    not_applicable: int = Field(description="cases in which nothing of the group counted")
    questions: list[str] = Field(description="ids of the questions that count in the group")
    methods: Methods
    reference: ReferenceCell | None
    provenance: ProvenanceOut | None = Field(
        default=None, description="criteria only: what the criterion rests on"
    )


class CriteriaRef(_Out):
    id: str
    version: str
    title: str
    sha256: str


class Engine(_Out):
    name: Literal["aow-rules"]
    version: str


class SampleInfo(_Out):
    source: str = Field(description="the sample as named with --label, else its path")
    synthetic: bool = Field(description="every case says it is synthetic")
    cases: int
    rejected: int
    assessors: list[str]
    method: Literal["pooled", "case_mean", "cases_meeting"]
    method_provenance: ProvenanceOut | None = Field(
        description="what the sample method rests on, as the criteria declare"
    )
    threshold: str | None
    display: Display = Field(
        description="how percentages are shown; never across a band edge the score did not reach"
    )
    breakdowns: list[str]
    engine: Literal["per-case", "columnar", "stream"] = Field(
        description="how the cases were scored; the numbers are the same either way"
    )
    case_list: bool = Field(description="whether `cases` lists every case (large samples: no)")


class ReferenceInfo(_Out):
    title: str
    note: str | None
    source: str


class Recorded(_Out):
    rating: str
    reason: str


class KeyQuestionOut(ExactScore):
    id: str
    title: str
    percent: str | None
    rounded: str | None = Field(description="the score as rated, after declared rounding")
    rating: str | None
    cases: int
    meeting: int | None = None


class StandardOut(_Out):
    id: str
    title: str
    rated_by: Literal["lowest_key_question", "recorded"]
    rating: str | None
    points: int | None
    computed: str | None
    lowest: str | None
    recorded: Recorded | None
    override: Recorded | None
    unrated_reason: str | None
    key_questions: list[KeyQuestionOut]


class OverallBand(_Out):
    label: str
    min: int


class OverallOut(_Out):
    rating: str | None
    points: int | None
    max_points: int
    computed: str | None
    override: Recorded | None
    unrated: list[str]
    bands: list[OverallBand]


class Level(_Out):
    label: str
    min: str
    points: int
    provenance: ProvenanceOut | None


class Rounding(_Out):
    places: int
    mode: Literal["half_up", "half_even", "down"]


class RatingsOut(_Out):
    method: Literal["pooled", "case_mean", "cases_meeting"]
    method_provenance: ProvenanceOut | None
    threshold: str | None
    rounding: Rounding | None
    levels: list[Level]
    recorded_from: str | None
    standards: list[StandardOut]
    overall: OverallOut | None


class BreakdownValue(_Out):
    value: Value
    title: str
    cases: int
    outcomes: dict[str, Cell]
    stages: dict[str, Cell]
    criteria_groups: dict[str, Cell]


class Breakdown(_Out):
    by: str
    title: str
    values: list[BreakdownValue]


class QuestionOut(_Out):
    text: str
    criterion: str | None
    key: bool
    scored: bool
    counted: int
    yes: int | float
    score: float | None
    fraction: str | None
    percent: str | None
    statuses: dict[str, int]
    answers: dict[str, int]


class CodeCount(_Out):
    severity: Literal["error", "warning"]
    findings: int
    cases: list[str]


class FindingsOut(_Out):
    errors: int
    warnings: int
    by_code: dict[str, CodeCount]


class CaseFindings(_Out):
    errors: int
    warnings: int


class CaseScore(_Out):
    fraction: str
    yes: int | float
    counted: int | float


class CaseOut(_Out):
    case_id: str
    assessor: str | None
    facts: dict[str, Value]
    findings: CaseFindings
    outcomes: dict[str, CaseScore | None] = Field(description="null: the group does not apply")
    stages: dict[str, CaseScore | None]
    criteria_groups: dict[str, CaseScore | None]
    judgement: dict[str, Any] | None = Field(
        None,
        description="with explain: the case's judgement, aow-judgement/2 by default or "
        "aow-judgement/1 when asked for; its format says which",
    )


class ProblemOut(_Out):
    code: str
    message: str
    source: str
    location: str
    suggestion: str | None


class RejectedOut(_Out):
    source: str
    problems: list[ProblemOut]


class InterviewCount(_Out):
    interviewed: int
    not_interviewed: int
    not_recorded: int = Field(description="cases without an interview record")
    share: float | None = Field(description="interviewed, as a share of the cases")
    fraction: str | None
    percent: str | None


class InterviewCell(_Out):
    value: Value
    title: str
    cases: int
    officer: InterviewCount
    offender: InterviewCount


class InterviewBreakdown(_Out):
    by: str
    title: str
    values: list[InterviewCell]


class InterviewsOut(_Out):
    """Who the inspection interviewed: responsible officers and individuals."""

    cases: int
    officer: InterviewCount = Field(description="responsible officers interviewed")
    offender: InterviewCount = Field(description="individuals (offenders) interviewed")
    breakdowns: list[InterviewBreakdown]


class EventCount(_Out):
    yes: int
    no: int
    not_recorded: int
    share: float | None = Field(description="yes, as a share of the cases")
    fraction: str | None
    percent: str | None


Event = Literal["further_offence", "recall"]


class EventInfo(_Out):
    fact: Event
    title: str


class EventCounts(_Out):
    further_offence: EventCount | None = Field(None, description="when the criteria record it")
    recall: EventCount | None = Field(None, description="when the criteria record it")


class EventCell(EventCounts):
    value: Value
    title: str
    cases: int


class EventBreakdown(_Out):
    by: str
    title: str
    values: list[EventCell]


class ReoffendingOut(_Out):
    """Further offences and recalls during the period inspected (bool facts of the criteria)."""

    cases: int
    events: list[EventInfo] = Field(description="the events the criteria record; empty: none")
    missing: list[Event] = Field(description="the events the criteria do not record")
    note: str | None
    totals: EventCounts
    breakdowns: list[EventBreakdown]


class AreaOut(_Out):
    name: str
    police_force_area: str | None
    ldus: list[str]


class ProviderOut(_Out):
    provider: str
    title: str | None = Field(description="the option's title in the report's criteria")
    name: str
    criteria: str = Field(description="the criteria version its cases are judged by")


class WeekOut(_Out):
    start: str
    end: str


class InspectionOut(_Out):
    """The inspection record (aow-inspection/1) the report was given."""

    id: str
    title: str
    synthetic: bool
    note: str | None
    source: str
    area: AreaOut
    providers: list[ProviderOut]
    announced: str
    fieldwork: WeekOut
    meetings: WeekOut


class ReportModel(_Out):
    """Scores of a sample of cases: format aow-report/1."""

    model_config = ConfigDict(title="aow-report/1")

    format: Literal["aow-report/1"]
    criteria: CriteriaRef
    engine: Engine
    sample: SampleInfo
    inspection: InspectionOut | None = Field(
        None, description="present when the report was given an inspection record"
    )
    outcomes: dict[str, GroupEntry]
    stages: dict[str, GroupEntry]
    criteria_groups: dict[str, GroupEntry]
    reference: ReferenceInfo | None
    ratings: RatingsOut | None
    breakdowns: list[Breakdown]
    questions: dict[str, QuestionOut]
    findings: FindingsOut
    interviews: InterviewsOut | None = Field(
        None, description="interview coverage; absent only in reports made before it was added"
    )
    reoffending: ReoffendingOut | None = Field(
        None, description="reoffending during the period inspected; absent as interviews"
    )
    cases: list[CaseOut]
    rejected: list[RejectedOut]
    summary: str
