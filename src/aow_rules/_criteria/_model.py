"""The compiled, frozen form of a criteria file: what evaluation reads.

A `Criteria` exists only if its file compiled without problems, so everything in it is
valid by construction: references resolve, conditions type-check, ids are unique. Nothing
here changes after compilation, so one `Criteria` can be shared between threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .._cel import CelError, CompiledCondition

if TYPE_CHECKING:
    from ._intake import Intake
    from ._plan import Plan
    from ._sampling import Sampling

__all__ = [
    "BREAKDOWN_TYPES",
    "Band",
    "Carry",
    "Criteria",
    "Derived",
    "Display",
    "Fact",
    "Group",
    "Node",
    "Option",
    "Provenance",
    "Question",
    "RatingLevel",
    "Ratings",
    "Rounding",
    "Rule",
    "Scale",
    "Standard",
    "Status",
]

GroupKind = Literal["outcome", "stage", "criterion"]


class Status(StrEnum):
    """What became of one question in one case (see the judgement format).

    Declared here, with the criteria, because compiling a file maps every answer of every
    question to the status it gives (`_plan`).
    """

    COUNTED = "counted"
    ANSWERED_NA = "answered_na"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    UNSCORED = "unscored"
    CONDITION_ERROR = "condition_error"


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    title: str
    credit: Fraction | None


@dataclass(frozen=True, slots=True)
class Scale:
    id: str
    title: str
    options: tuple[Option, ...]

    def option(self, value: str) -> Option | None:
        for opt in self.options:
            if opt.value == value:
                return opt
        return None


FactType = Literal["bool", "int", "choice", "set", "date", "text"]
BREAKDOWN_TYPES: frozenset[FactType] = frozenset({"bool", "int", "choice", "text"})
"""The fact types a sample can be broken down by: a case falls in the one cell its value names.
Checked where a file declares breakdowns (`_compile`) and where a report asks for them
(`_aggregate.breakdown_problems`)."""


ProvenanceKind = Literal["documented", "reconstructed", "ours"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a part of a criteria file rests on, and the source or reason."""

    kind: ProvenanceKind
    """``documented`` in public material, ``reconstructed`` to fit what is documented, or
    ``ours``."""
    note: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"provenance": self.kind, "note": self.note}


@dataclass(frozen=True, slots=True)
class Derived:
    """How a derived fact is computed when a case is read (see `_cases._derive`)."""

    kind: Literal["months_between", "condition"]
    sources: tuple[str, ...]
    """The facts it is computed from; it is absent when one of them is."""
    condition: Node | None = None
    """For ``condition``: the compiled condition over the sources."""

    @property
    def text(self) -> str:
        """How it is computed, for people: ``months_between(start, end)``."""
        if self.condition is not None:
            return self.condition.text
        return f"{self.kind}({', '.join(self.sources)})"


@dataclass(frozen=True, slots=True)
class Carry:
    """How `impact` fills a fact that a case carried from an earlier version lacks."""

    kind: Literal["fact", "value", "months_before", "condition"]
    note: str
    fact: str | None = None
    """``fact``: the earlier version's fact whose value is carried."""
    values: Mapping[str, object] | None = None
    """``fact``: old value as text -> the value assumed; with a table, an old value it does
    not list is not carried. None: every value carried as it is."""
    value: object = None
    """``value``: the constant assumed."""
    months_before: tuple[str, str] | None = None
    """``months_before``: (date fact of this version, int fact of the earlier version)."""
    condition: Node | None = None
    """``condition``: read over this version's facts once the others are carried."""


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    title: str
    type: FactType
    options: tuple[str, ...] | None
    min: int | None
    max: int | None
    required: bool
    option_titles: Mapping[str, str] | None = None
    """Titles of the options that declare one."""
    derived: Derived | None = None
    """Set when the fact is computed from others when a case is read, never sent."""
    carry: Carry | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """A condition: a CEL leaf, or ``all`` / ``any`` / ``not`` around other conditions.

    ``value(facts, answers)`` is the truth value (or a `CelError`); ``test(facts, answers)``
    also returns the node that decided it, so an explanation can name the leaf that was false
    (or erred) and the values it read.
    """

    kind: Literal["cel", "all", "any", "not"]
    text: str
    """The condition as written (a leaf), or its parts joined (``all``/``any``/``not``)."""
    leaf: CompiledCondition | None
    children: tuple[Node, ...]
    facts: tuple[str, ...]
    questions: tuple[str, ...]
    location: str
    value: Callable[[Mapping[str, object], Mapping[str, str]], bool | CelError] = field(repr=False)
    """The truth value alone: the fast path evaluation takes."""
    test: Callable[[Mapping[str, object], Mapping[str, str]], tuple[bool | CelError, Node]] = field(
        repr=False
    )
    derived_from: tuple[str, ...] = ()
    """The facts that the derived facts it reads are computed from: an explanation shows
    them beside the derived value (the dates behind months under supervision)."""


@dataclass(frozen=True, slots=True)
class Group:
    """A scored group (an outcome, a stage or a criterion) and its member questions."""

    kind: GroupKind
    id: str
    title: str
    slot: int
    """Position of this group's totals in a judgement."""
    outcome: str | None = None
    stage: str | None = None
    provenance: Provenance | None = None
    """Criteria only: what the criterion rests on."""


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    criterion: str | None
    scale: Scale | None
    scored: bool
    applies_if: Node | None
    contributions: tuple[tuple[Group, Fraction], ...]
    """Each group the question counts towards, with its weight."""
    key: bool
    evidence_when: frozenset[str]
    evidence_prompt: str | None
    previous: tuple[str, ...] | None
    """Question ids of the replaced version this question continues or replaces."""
    provenance: Provenance | None
    guidance: str | None
    revised_from: tuple[str, ...] | None = None
    """Question ids of the earlier revision of this same file that this question continues."""
    weight_provenance: Mapping[str, Provenance] | None = None
    """Outcome id -> what a weight declared in ``counts_towards`` rests on."""
    declared_weights: tuple[str, ...] = ()
    """The outcomes ``counts_towards`` names (empty: the criterion's outcome, weight 1)."""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Literal["error", "warning"]
    when: Node
    message: str


@dataclass(frozen=True, slots=True)
class Band:
    label: str
    min: Fraction
    provenance: Provenance | None = None


Method = Literal["pooled", "case_mean", "cases_meeting"]
RoundingMode = Literal["half_up", "half_even", "down"]


@dataclass(frozen=True, slots=True)
class Rounding:
    """Round a score to ``places`` decimals of a percentage before it is banded."""

    places: int
    mode: RoundingMode


@dataclass(frozen=True, slots=True)
class Display:
    """How a percentage is shown: ``places`` decimals, rounded by ``mode``."""

    places: int
    mode: RoundingMode


@dataclass(frozen=True, slots=True)
class RatingLevel:
    label: str
    min: Fraction
    points: int
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Standard:
    """A rated standard: by its lowest key question over a sample, or recorded by a panel."""

    id: str
    title: str
    rated_by: Literal["lowest_key_question", "recorded"]
    key_questions: tuple[Group, ...]
    note: str | None
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Ratings:
    """The declared rating model: key question scores -> standard ratings -> overall rating."""

    method: Method
    threshold: Fraction | None
    rounding: Rounding | None
    levels: tuple[RatingLevel, ...]
    """Ordered from the highest lower bound down."""
    standards: tuple[Standard, ...]
    overall: tuple[tuple[str, int], ...]
    """(label, lowest points total), ordered from the highest lower bound down."""
    method_provenance: Provenance | None = None
    overall_provenance: tuple[Provenance | None, ...] = ()
    """Per overall level, in the order of ``overall``."""

    @property
    def max_points(self) -> int:
        return max(level.points for level in self.levels) * len(self.standards)


@dataclass(frozen=True, slots=True)
class Scoring:
    sample_method: Method
    threshold: Fraction | None
    rounding_places: int | None
    rounding_mode: RoundingMode
    bands: tuple[Band, ...]
    """Ordered from the highest lower bound down."""
    banded: frozenset[GroupKind]
    breakdowns: tuple[str, ...] = ()
    """Fact ids a sample report is broken down by unless told otherwise."""
    ratings: Ratings | None = None
    display: Display = Display(0, "half_up")
    """How percentages are shown (declared, or the default: see `_scoring`)."""
    method_provenance: Provenance | None = None
    weights_provenance: Provenance | None = None

    @property
    def rounding(self) -> Rounding | None:
        if self.rounding_places is None:
            return None
        return Rounding(self.rounding_places, self.rounding_mode)


@dataclass(frozen=True, slots=True, eq=False)
class Criteria:
    """A compiled criteria version. Build one with `aow_rules.load_criteria`."""

    id: str
    version: str
    title: str
    status: Literal["draft", "released"]
    effective_from: str
    replaces: str | None
    provenance: Mapping[str, object]
    sha256: str
    """SHA-256 of the file's bytes: two criteria with the same hash score identically."""
    source: str
    outcomes: tuple[Group, ...]
    stages: tuple[Group, ...]
    criteria: tuple[Group, ...]
    facts: Mapping[str, Fact]
    scales: Mapping[str, Scale]
    questions: tuple[Question, ...]
    question_index: Mapping[str, int]
    scoring: Scoring
    rules: tuple[Rule, ...]
    lint_allowed: Mapping[tuple[str, str], str]
    """(lint code, id) -> the author's reason for accepting that warning."""
    locations: Mapping[str, str]
    """``line:column`` in the file of each part, by ``facts.<id>``, ``outcomes.<id>``,
    ``questions.<id>`` and ``consistency.<code>``."""
    plan: Plan = field(repr=False, compare=False)
    """The evaluator's precomputed tables (see `_plan`)."""
    intake: Intake = field(repr=False, compare=False)
    """The tables of `parse_case`'s fast path (see `_intake`)."""
    derived: tuple[Fact, ...] = ()
    """The derived facts, in file order: `parse_case` computes them."""
    sampling: Sampling | None = None
    """How a sample is drawn from a long list (``sampling:``), or None if the file says not."""

    @property
    def groups(self) -> tuple[Group, ...]:
        """Every scored group, in slot order: outcomes, stages, then criteria."""
        return self.outcomes + self.stages + self.criteria

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if there is none)."""
        return self.questions[self.question_index[question_id]]

    def __hash__(self) -> int:
        return hash(self.sha256)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Criteria) and other.sha256 == self.sha256
