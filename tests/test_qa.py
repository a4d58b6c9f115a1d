"""`aow-rules qa` and `qa_report`: findings, case identity, agreement, disagreements, drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import aow_rules
from aow_rules import qa as qa_report
from aow_rules._schemas._schemas import (
    QAModel,  # private: the schema's source model; strict, it refuses 8.0 for an integer
)

from .support import EXAMPLES, run_cli

SAMPLE = EXAMPLES.parent / "double-marked.jsonl"
CRITERIA = aow_rules.load_criteria("iaow-2013-10")
BASE = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]


def _write(tmp_path: Path, cases: list[dict[str, Any]], name: str = "s.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(c) + "\n" for c in cases))
    return path


def _as(case: dict[str, Any], assessor: str | None, **changes: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(case))
    if assessor is None:
        out.pop("assessor", None)
    else:
        out["assessor"] = assessor
    for key, value in changes.items():
        out[key] = value
    return out


def _report(tmp_path: Path, cases: list[dict[str, Any]]) -> dict[str, Any]:
    return qa_report(CRITERIA, aow_rules.read_sample(_write(tmp_path, cases), CRITERIA)).to_dict()


def _coef(block: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in block["coefficients"] if c["name"] == name)


def test_cli_on_the_shipped_example() -> None:
    code, out, err = run_cli("qa", str(SAMPLE), "--criteria", "iaow-2013-10")
    assert (code, err) == (0, "")
    assert "Agreement between assessors" in out
    assert "Assessor drift" in out
    code, out, _ = run_cli("qa", str(SAMPLE), "--criteria", "iaow-2013-10", "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, aow_rules.schema("qa"))
    QAModel.model_validate_json(out)
    assert data["sample"]["double_marked_cases"] == 4
    code, out, _ = run_cli("qa", str(SAMPLE), "--criteria", "iaow-2013-10", "--format", "html")
    assert out.lower().startswith("<!doctype html>")
    assert "<script" not in out
    assert "http" not in out.replace('http-equiv="Content-Security-Policy"', "")


def test_identical_double_marking_agrees_fully(tmp_path: Path) -> None:
    cases = [_as(c, "A1") for c in BASE] + [_as(c, "A2") for c in BASE]
    data = _report(tmp_path, cases)
    assert data["disagreements"] == []
    for handling in ("applicability", "answered", "na_category"):
        block = data["agreement"]["overall"][handling]
        assert block["cases"] == len(BASE)
        for coef in block["coefficients"]:
            assert coef["value"] == 1 or (coef["value"] is None and coef["undefined"]), coef


def test_renaming_and_reordering_assessors_changes_nothing(tmp_path: Path) -> None:
    first = [_as(c, "A1") for c in BASE]
    second = [_as(c, "B7") for c in BASE]
    second[1]["answers"]["1.1-01"] = "no"
    second[2]["answers"]["3.1-04"] = "no"
    one = _report(tmp_path, first + second)["agreement"]
    renamed = [_as(c, "Z9") for c in first]
    two = _report(tmp_path, list(reversed(second)) + renamed)["agreement"]
    for scope in ("overall",):
        for handling in ("applicability", "answered", "na_category"):
            a = [c["fraction"] for c in one[scope][handling]["coefficients"]]
            b = [c["fraction"] for c in two[scope][handling]["coefficients"]]
            assert a == b


def test_disagreement_that_changes_a_score_shows_both_explanations(tmp_path: Path) -> None:
    case = BASE[0]
    other = _as(case, "A2")
    other["answers"]["1.1-02"] = "no" if case["answers"]["1.1-02"] == "yes" else "yes"
    data = _report(tmp_path, [_as(case, "A1"), other])
    rows = [d for d in data["disagreements"] if d["outcome"] == "O1"]
    assert len(rows) == 1
    row = rows[0]
    assert row["assessors"] == ["A1", "A2"]
    assert row["questions_differing"] == ["1.1-02"]
    assert row["fractions"][0] != row["fractions"][1]
    assert len(row["because"]) == 2


def test_case_identity_near_duplicates_and_repeats(tmp_path: Path) -> None:
    case = BASE[0]
    cases = [
        _as(case, "A1"),
        _as(case, "A2", case_id=case["case_id"].lower() + " "),  # near-duplicate: not paired
        _as(case, "A1"),  # the same assessor again: reported, first one used
        _as(case, None),  # no assessor: scored, left out of agreement
    ]
    data = _report(tmp_path, cases)
    assert data["identity"]["near_duplicates"] == [
        sorted([case["case_id"], case["case_id"].lower() + " "])
    ]
    assert [r["assessor"] for r in data["identity"]["repeated_assessments"]] == ["A1"]
    assert len(data["identity"]["unattributed"]) == 1
    assert data["sample"]["double_marked_cases"] == 0
    assert data["sample"]["assessments"] == 4


def test_rejected_cases_are_listed_and_the_rest_scored(tmp_path: Path) -> None:
    path = _write(tmp_path, [_as(BASE[0], "A1"), _as(BASE[1], "A1", criteria="iaow-2013-04")])
    with path.open("a") as f:
        f.write('{"format": "aow-case/1", "case_id": \n')
    code, out, err = run_cli("qa", str(path), "--criteria", "iaow-2013-10", "--format", "json")
    assert code == 0
    assert "2 case(s) rejected" in err
    data = json.loads(out)
    assert data["sample"]["assessments"] == 1
    codes = sorted(p["code"] for r in data["sample"]["rejected"] for p in r["problems"])
    assert codes == ["case_json_syntax", "case_wrong_criteria"]
    assert [r["source"].rsplit(":", 1)[1] for r in data["sample"]["rejected"]] == ["2", "3"]
    code, _, _ = run_cli("qa", str(path), "--criteria", "iaow-2013-10", "--strict")
    assert code == 1


def test_strict_fails_on_error_findings(tmp_path: Path) -> None:
    case = _as(BASE[0], "A1")
    case["answers"]["3.1-01"] = "no"
    case["answers"]["3.1-02"] = "yes"  # judged timely although not done: an error rule
    path = _write(tmp_path, [case])
    code, out, _ = run_cli("qa", str(path), "--criteria", "iaow-2013-10", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["findings"]["errors"] >= 1
    rules = {r.code for r in CRITERIA.rules}
    for assessment in data["findings"]["assessments"]:
        for finding in assessment["findings"]:
            if "rule" in finding:
                assert finding["rule"] in rules
    assert run_cli("qa", str(path), "--criteria", "iaow-2013-10", "--strict")[0] == 1


def test_drift_flags_only_with_enough_counts(tmp_path: Path) -> None:
    # Ten cases each by two assessors; "LOW" answers no wherever "TOP" answers yes.
    cases = []
    for k in range(10):
        base = _as(BASE[k % len(BASE)], "TOP", case_id=f"D-{k:02d}")
        low = _as(base, "LOW")
        low["answers"] = {q: ("no" if a == "yes" else a) for q, a in base["answers"].items()}
        cases += [base, low]
    data = _report(tmp_path, cases)
    rows = {(r["assessor"], r["outcome"]): r for r in data["drift"]["rows"]}
    assert rows[("LOW", "O2")]["flagged"]
    assert rows[("LOW", "O2")]["z"] < 0
    assert rows[("TOP", "O2")]["flagged"]
    few = _report(tmp_path, cases[:4])
    assert not any(r["flagged"] for r in few["drift"]["rows"])
    assert all(r["note"] for r in few["drift"]["rows"])


def test_qa_is_deterministic(tmp_path: Path) -> None:
    first = run_cli("qa", str(SAMPLE), "--criteria", "iaow-2013-10", "--format", "json")[1]
    second = run_cli("qa", str(SAMPLE), "--criteria", "iaow-2013-10", "--format", "json")[1]
    assert first == second


@pytest.mark.parametrize("kind", ["folder", "jsonl"])
def test_sample_as_folder_or_jsonl(tmp_path: Path, kind: str) -> None:
    cases = [_as(c, "A1") for c in BASE]
    if kind == "folder":
        folder = tmp_path / "cases"
        folder.mkdir()
        for i, c in enumerate(cases):
            (folder / f"{i:02d}.json").write_text(json.dumps(c))
        sample = aow_rules.read_sample(folder, CRITERIA)
    else:
        sample = aow_rules.read_sample(_write(tmp_path, cases), CRITERIA)
    assert [c.case_id for c in sample.cases] == [c["case_id"] for c in cases]
    assert not sample.rejected
