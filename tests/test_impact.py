"""`aow-rules impact`: a sample re-scored under an old and a new version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import aow_rules
from aow_rules._versions import (
    translate,  # private: impact keeps no answers of a case the new version refuses
)

from .support import EXAMPLES, FIXTURES, ROOT, run_cli, shipped_files

APRIL = EXAMPLES.parent / "examples-iaow-2013-04.jsonl"
REGRESSION = FIXTURES / "impact-iaow-2013-04-to-iaow-2013-10.json"


def _golden_sample(path: Path, tmp_path: Path) -> Path:
    """The golden cases beside a criteria file (aow-golden/1), as a JSON Lines sample."""
    golden = yaml.safe_load(path.with_name(path.stem + ".cases.yaml").read_text(encoding="utf-8"))
    out = tmp_path / "golden.jsonl"
    out.write_text(
        "".join(
            json.dumps({"format": "aow-case/1", "criteria": golden["criteria"], **c["case"]}) + "\n"
            for c in golden["cases"]
        )
    )
    return out


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    # The regression is about scores, not about the bytes of the files, the engine version or
    # where the checkout lives.
    data = json.loads(json.dumps(data).replace(str(ROOT) + "/", ""))
    for side in ("old", "new"):
        data[side].pop("sha256")
    data.pop("engine")
    return data


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_a_version_against_itself_changes_nothing(path: Path, tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria(path)
    sample = aow_rules.read_sample(_golden_sample(path, tmp_path), criteria)
    data = aow_rules.impact(criteria, criteria, sample).to_dict(cases=True)
    assert data["changes"]["cases_changing_score"] == 0
    assert data["drivers"] == []
    assert data["evidence_to_collect"] == []
    assert data["sample"]["invalid_under_new"] == []
    assert data["sample"]["not_carried_over"] == []
    assert data["cases"] == [{"case_id": c["case_id"], "outcomes": {}} for c in data["cases"]]
    for part in ("outcomes", "stages"):
        for row in data[part].values():
            assert row["before"] == row["after"]


def test_golden_regression_april_to_october_2013() -> None:
    code, out, err = run_cli(
        "impact", "iaow-2013-04", "iaow-2013-10", str(APRIL), "--format", "json"
    )
    assert (code, err) == (0, "")
    expected = json.loads(REGRESSION.read_text())
    assert _stable(json.loads(out)) == expected, (
        f"regenerate {REGRESSION} if the change is deliberate"
    )
    # What October 2013 changed: the child-harm assessment applies to every case, and the
    # three kinds of child-protection case bring 4.1-11 and 4.2-08 (carried from April's one
    # yes/no as potential concerns, so 4.1-11 needs evidence where children were at risk).
    assert [d["question"] for d in expected["drivers"]] == ["4.1-11", "4.2-08", "4.1-06"]
    assert {e["case_id"] for e in expected["evidence_to_collect"]} == {
        "EX-001",
        "EX-002",
        "EX-003",
        "EX-004",
    }


def test_answers_follow_the_declared_correspondence() -> None:
    old = aow_rules.load_criteria("iaow-2013-10")
    new = aow_rules.load_criteria("iaow-2014-08")
    case = aow_rules.load_case(sorted(EXAMPLES.glob("*.json"))[0], old)
    data, notes = translate(old, new, case)
    assert data["criteria"] == "iaow-2014-08"
    assert data["answers"]["1.2-01"] == case.answers["4.1-01"]  # previous: ["4.1-01"]
    assert data["answers"]["2.2-01"] == case.answers["3.1-01"]  # previous: ["3.1-01"]
    assert "3.1-06" not in data["answers"]  # previous: []: a new question on an old id
    assert "answer to 3.1-06 has no question in iaow-2014-08" in notes


def test_cases_that_cannot_be_scored_under_new_are_listed() -> None:
    sample = EXAMPLES.parent / "double-marked.jsonl"
    code, out, err = run_cli(
        "impact", "iaow-2013-10", "iaow-2014-08", str(sample), "--format", "json"
    )
    # Every case is invalid under the new version: the report lists them, and the exit code
    # says there was nothing to compare (never "0 changes", exit 0).
    assert code == 3
    assert "8 case(s) cannot be scored under iaow-2014-08" in err
    assert "no case of the sample is valid under iaow-2014-08" in err
    data = json.loads(out)
    invalid = data["sample"]["invalid_under_new"]
    assert len(invalid) == 8
    codes = {p["code"] for row in invalid for p in row["problems"]}
    assert codes == {"case_option_not_in_scale", "missing_key"}


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_text_and_html(fmt: str) -> None:
    code, out, _ = run_cli("impact", "iaow-2013-04", "iaow-2013-10", str(APRIL), "--format", fmt)
    assert code == 0
    if fmt == "html":
        assert out.lower().startswith("<!doctype html>")
        assert "<script" not in out
    else:
        assert out.startswith("Impact of iaow-2013-04 -> iaow-2013-10 on 4 cases")
        assert "4.1-06: 2 case(s): not_applicable -> unanswered: 2" in out


def test_impact_is_deterministic() -> None:
    args = ("impact", "iaow-2013-04", "iaow-2013-10", str(APRIL), "--format", "json", "--cases")
    assert run_cli(*args)[1] == run_cli(*args)[1]
