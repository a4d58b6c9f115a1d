"""Files a user supplies beside a sample: reference figures (``aow-reference/1``) and recorded
ratings (``aow-ratings/1``). Both are YAML or JSON, read strictly, checked against the criteria.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .._criteria._model import Criteria, Group
from .._strict._shape import field_names, shape_problems
from .._strict._yaml import Located, read_yaml_file
from ..errors import CaseError, Code, Problem, did_you_mean
from ._rollup import Recorded

__all__ = [
    "RATINGS_FORMAT",
    "REFERENCE_FORMAT",
    "RecordedRatings",
    "Reference",
    "load_recorded",
    "load_reference",
]

REFERENCE_FORMAT = "aow-reference/1"
RATINGS_FORMAT = "aow-ratings/1"

Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
# A figure: a number in [0, 1] (exact as written), a fraction "3/4", or a percentage "74%".
# At most 18 digits a part, as numbers in YAML are (docs/limits.md).
Figure = (
    int
    | Decimal
    | Annotated[
        str, StringConstraints(pattern=r"^(\d{1,18}/[1-9]\d{0,17}|\d{1,18}(\.\d{1,30})?%)$")
    ]
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RangeSpec(_Strict):
    lowest: Figure | None = None
    average: Figure | None = None
    highest: Figure | None = None


class ReferenceSpec(_Strict):
    format: Literal["aow-reference/1"]
    criteria: Text
    title: Text
    """What the figures are, e.g. "Areas inspected so far (2013-14)"."""
    note: Text | None = None
    outcomes: dict[str, RangeSpec] = Field(default_factory=dict)
    stages: dict[str, RangeSpec] = Field(default_factory=dict)
    criteria_groups: dict[str, RangeSpec] = Field(default_factory=dict)


class RecordedSpec(_Strict):
    rating: Text
    reason: Text


class RatingsFileSpec(_Strict):
    format: Literal["aow-ratings/1"]
    criteria: Text
    note: Text | None = None
    standards: dict[str, RecordedSpec] = Field(default_factory=dict)
    """Ratings of the standards rated by the panel (``rated_by: recorded``)."""
    overrides: dict[str, RecordedSpec] = Field(default_factory=dict)
    """Standard id -> a rating that replaces the computed one, with its reason."""
    overall_override: RecordedSpec | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    note: str | None
    source: str
    figures: dict[str, tuple[Fraction | None, Fraction | None, Fraction | None]]
    """``kind:id`` -> (lowest, average, highest)."""


@dataclass(frozen=True, slots=True)
class RecordedRatings:
    source: str
    note: str | None
    standards: dict[str, Recorded]
    overrides: dict[str, Recorded]
    overall_override: Recorded | None


def _read(path: str | Path, model: type[_Strict], fmt: str) -> tuple[BaseModel, Located, str]:
    source = str(path)
    located, problems = read_yaml_file(path)
    if located is None:
        raise CaseError(problems)
    data = located.data
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise CaseError(
            [
                *problems,
                Problem(
                    Code.UNSUPPORTED_FORMAT,
                    f"expected a file of format {fmt!r}",
                    source,
                    located.where(("format",)),
                ),
            ]
        )
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        shape = shape_problems(exc, located, source, field_names(model))
        raise CaseError([*problems, *shape]) from None
    # Problems of reading (a duplicate key, a tag, ``.nan``, ``no``) stop the file even when
    # what was read happens to fit the format.
    if problems:
        raise CaseError(problems)
    return spec, located, source


def _figure(value: int | Decimal | str | None) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, str) and value.endswith("%"):
        return Fraction(Decimal(value[:-1])) / 100
    return Fraction(value)


def _check_criteria(spec_criteria: str, criteria: Criteria, located: Located, source: str) -> None:
    if spec_criteria != criteria.id:
        raise CaseError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"the file is for criteria {spec_criteria!r}, the sample for {criteria.id!r}",
                    source,
                    located.where(("criteria",)),
                )
            ]
        )


def load_reference(path: str | Path, criteria: Criteria) -> Reference:
    """Read reference figures (lowest / average / highest of other areas) for ``criteria``."""
    spec, located, source = _read(path, ReferenceSpec, REFERENCE_FORMAT)
    assert isinstance(spec, ReferenceSpec)
    _check_criteria(spec.criteria, criteria, located, source)
    problems: list[Problem] = []
    figures: dict[str, tuple[Fraction | None, Fraction | None, Fraction | None]] = {}
    sections: list[tuple[str, dict[str, RangeSpec], tuple[Group, ...]]] = [
        ("outcomes", spec.outcomes, criteria.outcomes),
        ("stages", spec.stages, criteria.stages),
        ("criteria_groups", spec.criteria_groups, criteria.criteria),
    ]
    for section, ranges, groups in sections:
        by_id = {g.id: g for g in groups}
        for gid, rng in ranges.items():
            if gid not in by_id:
                problems.append(
                    Problem(
                        Code.UNKNOWN_REFERENCE,
                        f"{section} has no group {gid!r} in {criteria.id}",
                        source,
                        located.where_key((section, gid)),
                        did_you_mean(gid, by_id) or f"{section} are: {', '.join(by_id)}",
                    )
                )
                continue
            values = (_figure(rng.lowest), _figure(rng.average), _figure(rng.highest))
            for name, value in zip(("lowest", "average", "highest"), values, strict=True):
                if value is not None and not 0 <= value <= 1:
                    problems.append(
                        Problem(
                            Code.INVALID_VALUE,
                            f"{section}.{gid}.{name} is {float(value):g}; expected a share "
                            'from 0 to 1 (or a percentage such as "74%")',
                            source,
                            located.where((section, gid, name)),
                        )
                    )
            low, avg, high = values
            known = [v for v in (low, avg, high) if v is not None]
            if known != sorted(known):
                problems.append(
                    Problem(
                        Code.INVALID_VALUE,
                        f"{section}.{gid}: expected lowest <= average <= highest",
                        source,
                        located.where((section, gid)),
                    )
                )
            g = by_id[gid]
            figures[f"{g.kind}:{g.id}"] = values
    if problems:
        raise CaseError(problems)
    return Reference(spec.title, spec.note, source, figures)


def load_recorded(path: str | Path, criteria: Criteria) -> RecordedRatings:
    """Read the ratings a panel recorded: for panel-rated standards, and overrides."""
    spec, located, source = _read(path, RatingsFileSpec, RATINGS_FORMAT)
    assert isinstance(spec, RatingsFileSpec)
    _check_criteria(spec.criteria, criteria, located, source)
    ratings = criteria.scoring.ratings
    if ratings is None:
        raise CaseError(
            [Problem(Code.INVALID_VALUE, f"criteria {criteria.id} declare no ratings", source)]
        )
    labels = [level.label for level in ratings.levels]
    standards = {s.id: s for s in ratings.standards}
    problems: list[Problem] = []

    def check(section: str, sid: str, rec: RecordedSpec, known: list[str]) -> Recorded:
        if rec.rating not in known:
            problems.append(
                Problem(
                    Code.INVALID_VALUE,
                    f"{section}.{sid}: {rec.rating!r} is not a rating of {criteria.id} "
                    f"({', '.join(known)})",
                    source,
                    located.where((section, sid, "rating")),
                    did_you_mean(rec.rating, known),
                )
            )
        return Recorded(rec.rating, rec.reason)

    def standard(section: str, sid: str) -> bool:
        if sid in standards:
            return True
        problems.append(
            Problem(
                Code.UNKNOWN_REFERENCE,
                f"{section}: {criteria.id} has no standard {sid!r}",
                source,
                located.where_key((section, sid)),
                did_you_mean(sid, standards) or f"standards are: {', '.join(standards)}",
            )
        )
        return False

    recorded: dict[str, Recorded] = {}
    for sid, rec in spec.standards.items():
        if not standard("standards", sid):
            continue
        if standards[sid].rated_by != "recorded":
            problems.append(
                Problem(
                    Code.INVALID_VALUE,
                    f"standards.{sid}: standard {sid} is rated from the sample by its lowest "
                    "key question, not recorded",
                    source,
                    located.where_key(("standards", sid)),
                    "to change its rating, put it under overrides with a reason",
                )
            )
            continue
        recorded[sid] = check("standards", sid, rec, labels)
    overrides = {
        sid: check("overrides", sid, rec, labels)
        for sid, rec in spec.overrides.items()
        if standard("overrides", sid)
    }
    overall = None
    if spec.overall_override is not None:
        overall_labels = [label for label, _ in ratings.overall]
        rec = spec.overall_override
        if rec.rating not in overall_labels:
            problems.append(
                Problem(
                    Code.INVALID_VALUE,
                    f"overall_override: {rec.rating!r} is not an overall rating of {criteria.id}",
                    source,
                    located.where(("overall_override", "rating")),
                    did_you_mean(rec.rating, overall_labels),
                )
            )
        overall = Recorded(rec.rating, rec.reason)
    if problems:
        raise CaseError(problems)
    return RecordedRatings(source, spec.note, recorded, overrides, overall)
