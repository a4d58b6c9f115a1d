"""The inspection a sample was read for, as a record (``aow-inspection/1``): the area (its
name, police force area and Local Delivery Units), the providers whose cases were inspected,
and the dates: announcement, fieldwork week, meetings week.

YAML or JSON, read strictly (`_strict`), or a record given as decoded data; checked against
the criteria a report scores with: dates in order (announced before fieldwork, meetings after
it), each week at most seven days, providers among the criteria's ``provider`` options and
possible on the fieldwork dates (probation trusts until 31 May 2014; the National Probation
Service and Community Rehabilitation Companies from 1 June 2014: domain.md). Problems name
the file's line:column, or the JSON path of a record given as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .._cases._model import is_iso_date
from .._criteria._model import Criteria
from .._strict._json import json_path
from .._strict._shape import field_names, shape_problems
from .._strict._yaml import Located, read_yaml_file
from ..errors import CaseError, Code, Problem, did_you_mean

__all__ = [
    "INSPECTION_FORMAT",
    "MAX_LDUS",
    "MAX_PROVIDERS",
    "MAX_WEEK_DAYS",
    "SPLIT",
    "Inspection",
    "InspectionSpec",
    "load_inspection",
]

INSPECTION_FORMAT = "aow-inspection/1"
MAX_LDUS = 100
MAX_PROVIDERS = 20
MAX_WEEK_DAYS = 7
"""A fieldwork or meetings "week": from its first to its last day, at most seven days."""
SPLIT = dt.date(2014, 6, 1)
"""The day the probation trusts' work passed to the NPS and the CRCs (domain.md)."""
_TRUST_ONLY = frozenset({"probation_trust"})
_AFTER_SPLIT = frozenset({"nps", "crc"})

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Date = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class WeekSpec(_Strict):
    start: Date = Field(description="the first day, YYYY-MM-DD")
    end: Date = Field(description="the last day, YYYY-MM-DD (at most 6 days after start)")


class AreaSpec(_Strict):
    name: Name = Field(description="the area inspected, e.g. a cluster of LDUs")
    police_force_area: Name | None = None
    ldus: list[Name] = Field(
        default_factory=list, max_length=MAX_LDUS, description="its Local Delivery Units"
    )


class ProviderSpec(_Strict):
    provider: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        description="an option of the criteria's provider fact (probation_trust, nps, crc)"
    )
    name: Name = Field(description="the organisation, e.g. 'Synthetic Shire CRC'")
    criteria: Id | None = Field(
        default=None,
        description="the criteria version its cases are judged by, when not the inspection's "
        "(a framework split by provider: hmip-2018-adult for the NPS, -crc for a CRC)",
    )


class InspectionSpec(_Strict):
    """An inspection, for the published JSON Schema (``aow-inspection/1``)."""

    model_config = ConfigDict(title="aow-inspection/1")

    format: Literal["aow-inspection/1"]
    id: Id
    title: Name
    criteria: Id = Field(description="the criteria version the inspection's cases are judged by")
    synthetic: bool = Field(default=False, description="true for an invented inspection")
    note: Annotated[str, StringConstraints(max_length=10_000)] | None = None
    area: AreaSpec
    providers: list[ProviderSpec] = Field(min_length=1, max_length=MAX_PROVIDERS)
    announced: Date = Field(description="the day the inspection was announced")
    fieldwork: WeekSpec = Field(description="the fieldwork week: cases read, officers met")
    meetings: WeekSpec = Field(description="the week of meetings after the fieldwork")


@dataclass(frozen=True, slots=True)
class Provider:
    provider: str
    name: str
    criteria: str


@dataclass(frozen=True, slots=True)
class Inspection:
    """A checked inspection record (see `load_inspection`)."""

    id: str
    title: str
    criteria: str
    synthetic: bool
    note: str | None
    area: str
    police_force_area: str | None
    ldus: tuple[str, ...]
    providers: tuple[Provider, ...]
    announced: str
    fieldwork: tuple[str, str]
    meetings: tuple[str, str]
    source: str

    def to_dict(self, criteria: Criteria | None = None) -> dict[str, Any]:
        """The record as the report's ``inspection`` field; ``criteria`` titles providers."""
        fact = None if criteria is None else criteria.facts.get("provider")
        titles = (fact.option_titles or {}) if fact is not None else {}
        return {
            "id": self.id,
            "title": self.title,
            "synthetic": self.synthetic,
            "note": self.note,
            "source": self.source,
            "area": {
                "name": self.area,
                "police_force_area": self.police_force_area,
                "ldus": list(self.ldus),
            },
            "providers": [
                {
                    "provider": p.provider,
                    "title": titles.get(p.provider),
                    "name": p.name,
                    "criteria": p.criteria,
                }
                for p in self.providers
            ],
            "announced": self.announced,
            "fieldwork": {"start": self.fieldwork[0], "end": self.fieldwork[1]},
            "meetings": {"start": self.meetings[0], "end": self.meetings[1]},
        }


class _Data(Located):
    """A record given as data: places are JSON paths, as in a case."""

    def where(self, path: tuple[str | int, ...]) -> str:
        return json_path(path)

    def where_key(self, path: tuple[str | int, ...]) -> str:
        return json_path(path)


def load_inspection(record: str | Path | Mapping[str, Any], criteria: Criteria) -> Inspection:
    """Read and check an inspection record (a YAML or JSON file, or its decoded data) for a
    report under ``criteria``. Raises `CaseError` with every problem."""
    if isinstance(record, str | Path):
        source = str(record)
        located, problems = read_yaml_file(record)
        if located is None:
            raise CaseError(problems)
    else:
        source, located, problems = "inspection", _Data(record), []
    data = located.data
    if not isinstance(data, Mapping) or data.get("format") != INSPECTION_FORMAT:
        got = data.get("format") if isinstance(data, Mapping) else None
        raise CaseError(
            [
                *problems,
                Problem(
                    Code.UNSUPPORTED_FORMAT,
                    f"expected a file of format {INSPECTION_FORMAT!r}, got {got!r}",
                    source,
                    located.where(("format",)),
                    f"start it with format: {INSPECTION_FORMAT}",
                ),
            ]
        )
    try:
        spec = InspectionSpec.model_validate(dict(data))
    except ValidationError as exc:
        shape = shape_problems(exc, located, source, field_names(InspectionSpec))
        raise CaseError([*problems, *shape]) from None
    if problems:  # a duplicate key, a tag, ``no``: the file stops even when its shape fits
        raise CaseError(problems)
    problems = _check(spec, criteria, located, source)
    if problems:
        raise CaseError(problems)
    return Inspection(
        id=spec.id,
        title=spec.title,
        criteria=spec.criteria,
        synthetic=spec.synthetic,
        note=spec.note,
        area=spec.area.name,
        police_force_area=spec.area.police_force_area,
        ldus=tuple(spec.area.ldus),
        providers=tuple(
            Provider(p.provider, p.name, p.criteria or spec.criteria) for p in spec.providers
        ),
        announced=spec.announced,
        fieldwork=(spec.fieldwork.start, spec.fieldwork.end),
        meetings=(spec.meetings.start, spec.meetings.end),
        source=source,
    )


def _check(
    spec: InspectionSpec, criteria: Criteria, located: Located, source: str
) -> list[Problem]:
    problems: list[Problem] = []

    def add(code: Code, path: tuple[str | int, ...], message: str, hint: str | None) -> None:
        problems.append(Problem(code, message, source, located.where(path), hint))

    dates: dict[tuple[str | int, ...], dt.date] = {}
    for path, text in (
        (("announced",), spec.announced),
        (("fieldwork", "start"), spec.fieldwork.start),
        (("fieldwork", "end"), spec.fieldwork.end),
        (("meetings", "start"), spec.meetings.start),
        (("meetings", "end"), spec.meetings.end),
    ):
        if is_iso_date(text):
            dates[path] = dt.date.fromisoformat(text)
        else:
            add(Code.INVALID_VALUE, path, f"{'.'.join(map(str, path))}: {text!r} is no date", None)
    for week in ("fieldwork", "meetings"):
        start, end = dates.get((week, "start")), dates.get((week, "end"))
        if start is None or end is None:
            continue
        if end < start:
            add(
                Code.INVALID_VALUE,
                (week, "end"),
                f"{week} ends ({end}) before it starts ({start})",
                "swap start and end",
            )
        elif (end - start).days >= MAX_WEEK_DAYS:
            add(
                Code.INVALID_VALUE,
                (week, "end"),
                f"{week} runs {(end - start).days + 1} days ({start} to {end}); a {week} week "
                f"is at most {MAX_WEEK_DAYS} days",
                "give the week's first and last day",
            )
    announced, fieldwork = dates.get(("announced",)), dates.get(("fieldwork", "start"))
    if announced is not None and fieldwork is not None and announced >= fieldwork:
        add(
            Code.INVALID_VALUE,
            ("announced",),
            f"announced {announced}, not before the fieldwork starts ({fieldwork})",
            "an inspection is announced before its fieldwork week",
        )
    ended, meetings = dates.get(("fieldwork", "end")), dates.get(("meetings", "start"))
    if ended is not None and meetings is not None and meetings <= ended:
        add(
            Code.INVALID_VALUE,
            ("meetings", "start"),
            f"the meetings start {meetings}, not after the fieldwork ends ({ended})",
            "the meetings week follows the fieldwork week",
        )
    effective = dt.date.fromisoformat(criteria.effective_from)
    if spec.criteria == criteria.id and fieldwork is not None and fieldwork < effective:
        add(
            Code.INVALID_VALUE,
            ("fieldwork", "start"),
            f"the fieldwork starts {fieldwork}, before {criteria.id} took effect ({effective})",
            "judge the cases with the criteria version in force at the fieldwork",
        )
    _providers(spec, criteria, fieldwork, add)
    return problems


_Add = Callable[[Code, tuple[str | int, ...], str, str | None], None]


def _providers(
    spec: InspectionSpec, criteria: Criteria, fieldwork: dt.date | None, add: _Add
) -> None:
    fact = criteria.facts.get("provider")
    options = tuple(fact.options or ()) if fact is not None else ()
    judged = [
        (i, p) for i, p in enumerate(spec.providers) if (p.criteria or spec.criteria) == criteria.id
    ]
    if not judged:
        add(
            Code.INVALID_VALUE,
            ("criteria",),
            f"no provider of the inspection has its cases judged by {criteria.id} (the "
            f"inspection's criteria: {spec.criteria})",
            f"report with the inspection's criteria, or set criteria: {criteria.id}",
        )
    seen: dict[str, int] = {}
    for i, p in enumerate(spec.providers):
        path: tuple[str | int, ...] = ("providers", i, "provider")
        if p.provider in seen:
            add(
                Code.DUPLICATE_ID,
                path,
                f"provider {p.provider!r} is listed twice (first as providers[{seen[p.provider]}])",
                "list each provider once",
            )
        seen.setdefault(p.provider, i)
    for i, p in judged:
        path = ("providers", i, "provider")
        if not options:
            add(
                Code.INVALID_VALUE,
                path,
                f"{criteria.id} declares no provider fact (with options), so provider "
                f"{p.provider!r} cannot be checked",
                "judge the cases with a criteria version that records the provider",
            )
            continue
        if p.provider not in options:
            add(
                Code.INVALID_VALUE,
                path,
                f"{p.provider!r} is not a provider of {criteria.id}; expected one of "
                f"{', '.join(map(repr, options))}",
                did_you_mean(p.provider, options),
            )
        elif fieldwork is not None and fieldwork < SPLIT and p.provider in _AFTER_SPLIT:
            add(
                Code.INVALID_VALUE,
                path,
                f"provider {p.provider!r} did not exist at the fieldwork ({fieldwork}): the NPS "
                f"and the CRCs took over from the probation trusts on {SPLIT}",
                "the provider then was a probation trust (probation_trust)",
            )
        elif fieldwork is not None and fieldwork >= SPLIT and p.provider in _TRUST_ONLY:
            add(
                Code.INVALID_VALUE,
                path,
                f"the probation trusts closed on 31 May 2014, before the fieldwork ({fieldwork})",
                "the providers then were the NPS (nps) and a CRC (crc)",
            )
