"""The shape of a synthetic profile file (format ``aow-synth-profile/1``), read strictly.

In: a path. Out: the validated `ProfileSpec` with the position of every node, or a
`CriteriaError` naming every problem of shape (unknown keys with a suggestion, wrong types,
YAML that other readers would read differently). What the profile means, and whether it fits
its criteria, is checked by `_profile`. See docs/synthetic-profiles.md.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .._strict import Located, field_names, read_yaml_file, shape_problems
from ..errors import Code, CriteriaError, Problem

__all__ = [
    "DRAW_KINDS",
    "PROFILE_FORMAT",
    "CaseSpec",
    "CaseloadSpec",
    "ChanceCase",
    "DrawSpec",
    "EntrySpec",
    "ProfileSpec",
    "TextPart",
    "read_profile",
]

PROFILE_FORMAT = "aow-synth-profile/1"

Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=100)]
Number = int | Decimal
Scalar = bool | int | str
"""A constant value: true/false, a whole number or a string (a choice option or text)."""
Pair = Annotated[list[int], Field(min_length=2, max_length=2)]

DRAW_KINDS = (
    "value",
    "chance",
    "weights",
    "uniform",
    "range",
    "each",
    "text",
    "sampled",
    "months_before",
    "cases",
)
"""The keys that say how a value is drawn; a draw has exactly one of them."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ChanceCase(_Strict):
    """One chance of an option of ``each``: the first whose ``when`` holds applies."""

    when: Text | None = None
    chance: Number


class TextPart(_Strict):
    """A part of a ``text`` template that is written only when ``when`` holds."""

    when: Text
    text: str


class DrawSpec(_Strict):
    """How one value is drawn: exactly one of `DRAW_KINDS` (``plus``, ``then`` and ``else``
    refine ``chance``)."""

    value: Scalar | None = None
    chance: Number | None = None
    plus: dict[str, Number] | None = None
    """Condition -> an amount added to ``chance`` when it holds, in order."""
    then: Scalar | DrawSpec | None = None
    else_: Scalar | DrawSpec | None = Field(default=None, alias="else")
    weights: dict[str, Number] | None = None
    uniform: list[Scalar] | None = None
    range_: Pair | None = Field(default=None, alias="range")
    each: dict[str, Number | list[ChanceCase]] | None = None
    text: list[str | TextPart] | None = None
    sampled: Literal["stratum", "officer", "ldu"] | None = None
    months_before: Annotated[list[Name], Field(min_length=2, max_length=2)] | None = None
    """``[date, months]``: the date ``months`` whole months before ``date``, both drawn
    above (a date, and a whole number of months)."""
    cases: list[CaseSpec] | None = None


class CaseSpec(DrawSpec):
    """One case of ``cases``: the first whose ``when`` holds draws the value; the last case
    has no ``when`` (otherwise)."""

    when: Text | None = None


class EntrySpec(DrawSpec):
    """One entry of ``draws``: a fact of the criteria, or a latent value (``let``) that
    later draws may read but no case records."""

    fact: Name | None = None
    let: Name | None = None
    blank: Number | Literal["never"] | list[ChanceCase] | None = None
    """An optional fact: the chance it is left unrecorded, or ``never``; or cases of chances,
    the first whose ``when`` holds (over values drawn above) applying."""


class CaseloadSpec(_Strict):
    strata: dict[Text, Number | Annotated[list[Number], Field(min_length=1)]]
    """Stratum -> its share of the caseload; a list is multiplied out (a share of a share)."""
    officers: Pair | None = None
    ldus: Pair | None = None
    max_per_officer: int | None = None


class AnswersSpec(_Strict):
    difficulty: dict[str, Number] = Field(default_factory=dict)
    """Question id -> how hard good work on it is, replacing its drawn difficulty."""


class ProfileSpec(_Strict):
    format: Literal["aow-synth-profile/1"]
    criteria: Text
    """The id of the criteria version the profile is written for."""
    note: Text
    """What the profile is and where its figures come from; it must say SYNTHETIC."""
    caseload: CaseloadSpec | None = None
    draws: list[EntrySpec] = Field(default_factory=list)
    answers: AnswersSpec | None = None


DrawSpec.model_rebuild()

_KEYS = field_names(ProfileSpec)


def read_profile(path: Path) -> tuple[ProfileSpec, Located, str]:
    """The profile at ``path``, its positions and its name for messages.

    Raises `CriteriaError` with every problem of reading and shape.
    """
    source = str(path)
    located, problems = read_yaml_file(path)
    if located is None:
        raise CriteriaError(problems)
    data = located.data
    if not isinstance(data, dict) or data.get("format") != PROFILE_FORMAT:
        raise CriteriaError(
            [
                *problems,
                Problem(
                    Code.UNSUPPORTED_FORMAT,
                    f"expected a synthetic profile of format {PROFILE_FORMAT!r}",
                    source,
                    located.where(("format",)),
                    f"start the file with: format: {PROFILE_FORMAT}",
                ),
            ]
        )
    try:
        spec = ProfileSpec.model_validate(data)
    except ValidationError as exc:
        raise CriteriaError([*problems, *shape_problems(exc, located, source, _KEYS)]) from None
    if problems:
        raise CriteriaError(problems)
    return spec, located, source
