"""The model of ``aow-sample-manifest/1`` as `SampleDraw.to_dict` renders it, for the
published schema. The test suite validates rendered manifests against it."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from ._report import _Out

__all__ = ["ManifestModel"]


class ProvenanceOut(_Out):
    provenance: Literal["documented", "reconstructed", "ours"]
    note: str | None


class CriteriaOut(_Out):
    id: str
    version: str
    sha256: str


class LongListOut(_Out):
    name: str = Field(description="the long list as it was named to the sampler")
    sha256: str = Field(description="SHA-256 of its bytes")


class CutOffOut(_Out):
    date: str = Field(description="YYYY-MM-DD: months since sentence are counted to it")
    from_: Literal["given", "latest sentence_date"] = Field(alias="from")


class SizeRule(_Out):
    min: int
    max: int
    default: int
    provenance: ProvenanceOut | None


class CapRule(_Out):
    max: int
    provenance: ProvenanceOut | None


class NamedStratumOut(_Out):
    id: str
    title: str | None
    when: str


class StrataRule(_Out):
    provenance: ProvenanceOut | None
    by: list[str] | None = None
    named: list[NamedStratumOut] | None = None


class ExclusionRule(_Out):
    code: str
    title: str
    when: str
    provenance: ProvenanceOut | None


class RulesOut(_Out):
    provenance: ProvenanceOut | None
    note: str | None
    size: SizeRule
    officer_cap: CapRule
    strata: StrataRule
    exclusions: list[ExclusionRule]


class CountsOut(_Out):
    rows: int
    rejected: int
    excluded: dict[str, int] = Field(description="rows excluded, by exclusion code")
    duplicate: dict[str, int] = Field(description="duplicates, by what they repeat")
    eligible: int
    sampled: int
    unsampled: dict[str, int] = Field(description="eligible rows not sampled, by reason")


class StratumOut(_Out):
    id: str
    title: str | None
    eligible: int
    quota: str | None = Field(description="the exact proportional share, 'p/q'")
    allocated: int
    sampled: int


class OfficersOut(_Out):
    max: int
    sampled: dict[str, int] = Field(description="sampled cases of each officer who has any")


class ProblemOut(_Out):
    code: str
    message: str
    source: str
    location: str
    suggestion: str | None


class RowOut(_Out):
    line: int = Field(description="the line of the long list the row starts on")
    case_ref: str | None
    status: Literal["sampled", "excluded", "duplicate", "unsampled", "rejected"]
    stratum: str | None = None
    reason: str | None = Field(
        None,
        description="excluded: the exclusion's code, or outside_strata; duplicate: case_ref, "
        "pnc or crn; unsampled: stratum_full, officer_cap or not_drawn",
    )
    of_line: int | None = Field(None, description="a duplicate: the line of the row it repeats")
    of_case_ref: str | None = None
    draw_position: int | None = Field(
        None, description="its place in its stratum's seeded order, if it came up in the draw"
    )
    problems: list[ProblemOut] | None = None


class ManifestModel(_Out):
    """What became of every row of a long list when a sample was drawn from it."""

    model_config = ConfigDict(title="aow-sample-manifest/1")

    format: Literal["aow-sample-manifest/1"]
    criteria: CriteriaOut
    long_list: LongListOut
    seed: int
    size: int
    cut_off: CutOffOut
    rules: RulesOut
    counts: CountsOut
    strata: list[StratumOut]
    officers: OfficersOut
    rows: list[RowOut]
