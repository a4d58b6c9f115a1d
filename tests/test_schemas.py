"""Published JSON Schemas match the models, and real output validates against them."""

from __future__ import annotations

import json

import jsonschema
import pytest

import aow_rules
from aow_rules._schemas._schemas import (
    JudgementModel,  # private: the schema's source model; strict, it refuses 8.0 for an integer
)
from aow_rules._strict._yaml import (
    load_yaml,  # private: the YAML data as aow-rules reads it (unquoted dates stay strings)
)

from .support import EXAMPLES, ROOT, run_cli, shipped_files

SCHEMA_NAMES = tuple(aow_rules.schema())  # every published schema, by name


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_published_files_are_in_sync(name: str) -> None:
    path = ROOT / "schemas" / f"{name}.schema.json"
    code, out, _ = run_cli("schema", name)
    assert code == 0
    assert json.loads(out) == aow_rules.schema(name)
    assert path.read_text() == out, (
        f"{path} is stale: regenerate with aow-rules schema {name} > {path}"
    )


def test_schema_verb_prints_all() -> None:
    code, out, _ = run_cli("schema")
    assert code == 0
    assert sorted(json.loads(out)) == sorted(SCHEMA_NAMES)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_and_their_judgements_validate(path: object) -> None:
    case = json.loads(path.read_text())  # type: ignore[attr-defined]
    jsonschema.validate(case, aow_rules.schema("case"))
    criteria = aow_rules.load_criteria(case["criteria"])
    judgement = aow_rules.evaluate(criteria, aow_rules.parse_case(case, criteria)).to_dict()
    jsonschema.validate(judgement, aow_rules.schema("judgement"))
    JudgementModel.model_validate_json(json.dumps(judgement))


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_shipped_criteria_validate_against_the_schema(path: object) -> None:
    located, problems = load_yaml(path.read_text(), str(path))  # type: ignore[attr-defined]
    assert not problems
    assert located is not None
    jsonschema.validate(located.data, aow_rules.schema("criteria"))
