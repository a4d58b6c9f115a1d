"""The published JSON Schemas: criteria files, cases and judgements, generated from models.

The judgement models below describe what `Judgement.to_dict` renders; the test suite
validates rendered judgements against them, so schema and output cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._case import CaseSpec
from ._spec import CriteriaSpec

__all__ = ["SCHEMA_NAMES", "JudgementModel", "schema", "schema_text"]

Exact = int | str  # an integer, or an exact fraction "p/q"
Value = bool | int | str | list[str] | None


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class BecauseEntry(_Out):
    """Why one question did or did not count in a group."""

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


class Engine(_Out):
    name: Literal["aow-rules"]
    version: str


class JudgementModel(_Out):
    """A scored, explained case: format aow-judgement/1."""

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


_MODELS: dict[str, type[BaseModel]] = {
    "criteria": CriteriaSpec,
    "case": CaseSpec,
    "judgement": JudgementModel,
}
SCHEMA_NAMES = tuple(_MODELS)


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema called ``name`` (one of `SCHEMA_NAMES`)."""
    out = _MODELS[name].model_json_schema(by_alias=True)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return out


def schema_text(name: str) -> str:
    """The schema as the text of its published file."""
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
