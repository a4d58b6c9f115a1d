"""The inspection record (aow-inspection/1): read strictly, checked against the criteria,
shown in every report format's header; bad files refused with line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import aow_rules
from aow_rules._render import report_text  # private: the CLI's text renderer
from aow_rules._strict import read_yaml_file  # private: the strict reader the CLI uses
from aow_rules.errors import ArgumentError, CaseError

from .support import MINI, ROOT, run_cli

EXAMPLE = ROOT / "examples" / "inspection-iaow-2013-10.yaml"
SAMPLE = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
CRITERIA = aow_rules.load_criteria("iaow-2013-10")

GOOD = """\
format: aow-inspection/1
id: test-2013
title: "SYNTHETIC test inspection"
criteria: iaow-2013-10
synthetic: true
area:
  name: "Test cluster"
  police_force_area: "Test Police"
  ldus: ["North", "South"]
providers:
  - provider: probation_trust
    name: "Test Probation Trust"
announced: "2013-11-04"
fieldwork:
  start: "2013-11-18"
  end: "2013-11-22"
meetings:
  start: "2013-12-09"
  end: "2013-12-11"
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inspection.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(record: Any, criteria: aow_rules.Criteria = CRITERIA) -> list[dict[str, Any]]:
    with pytest.raises(CaseError) as caught:
        aow_rules.report(criteria, [], inspection=record)
    return [p.to_dict() for p in caught.value.problems]


def test_the_example_is_synthetic_and_shown_in_the_json_header() -> None:
    data = aow_rules.report(CRITERIA, SAMPLE, inspection=EXAMPLE).to_dict()
    i = data["inspection"]
    assert i["synthetic"] is True
    assert i["title"].startswith("SYNTHETIC")
    assert i["announced"] < i["fieldwork"]["start"] <= i["fieldwork"]["end"]
    assert i["fieldwork"]["end"] < i["meetings"]["start"]
    assert i["providers"] == [
        {
            "provider": "probation_trust",
            "title": "Probation Trust",
            "name": "Synthetic Shire Probation Trust",
            "criteria": "iaow-2013-10",
        }
    ]
    # Every LDU of the sample is one of the inspection's.
    ldus = {json.loads(line)["facts"]["ldu"] for line in SAMPLE.open()}
    assert ldus <= set(i["area"]["ldus"])
    jsonschema.validate(data, aow_rules.schema("report"))


def test_a_report_without_an_inspection_has_no_inspection_field() -> None:
    data = aow_rules.report(CRITERIA, SAMPLE).to_dict()
    assert "inspection" not in data
    jsonschema.validate(data, aow_rules.schema("report"))


def test_the_cli_shows_it_in_text_and_html(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    code, out, err = run_cli(
        *("report", str(SAMPLE), "--criteria", "iaow-2013-10", "--format", "text"),
        *("--inspection", str(EXAMPLE), "--html", str(html)),
    )
    assert code == 0, err
    assert "Inspection: SYNTHETIC: Inspection of probation work in Synthetic Shire" in out
    assert "SYNTHETIC INSPECTION" in out
    assert "Announced 2013-11-04; fieldwork 2013-11-18 to 2013-11-22; meetings 2013-12-09" in out
    page = html.read_text(encoding="utf-8")
    assert "<dt>Fieldwork week</dt><dd>2013-11-18 to 2013-11-22</dd>" in page
    assert "<dt>Police force area</dt><dd>Synthetic Shire Police</dd>" in page
    assert "The inspection is invented" in page


def test_a_record_given_as_data_is_checked_with_json_paths() -> None:
    record = json.loads(json.dumps(_yaml_as_data()))
    result = aow_rules.report(CRITERIA, [], inspection=record)
    assert result.to_dict()["inspection"]["id"] == "test-2013"
    record["meetings"] = {"start": "2013-11-20", "end": "2013-11-21"}
    (problem,) = _problems(record)
    assert problem["location"] == "$.meetings.start"
    assert "not after the fieldwork ends (2013-11-22)" in problem["message"]


def _yaml_as_data() -> dict[str, Any]:
    return {
        "format": "aow-inspection/1",
        "id": "test-2013",
        "title": "SYNTHETIC test inspection",
        "criteria": "iaow-2013-10",
        "synthetic": True,
        "area": {"name": "Test cluster", "ldus": ["North"]},
        "providers": [{"provider": "probation_trust", "name": "Test Probation Trust"}],
        "announced": "2013-11-04",
        "fieldwork": {"start": "2013-11-18", "end": "2013-11-22"},
        "meetings": {"start": "2013-12-09", "end": "2013-12-11"},
    }


@pytest.mark.parametrize(
    ("old", "new", "location", "words"),
    [
        # Dates out of order.
        ('announced: "2013-11-04"', 'announced: "2013-11-18"', "13:12", "not before the field"),
        ('announced: "2013-11-04"', 'announced: "2013-12-01"', "13:12", "not before the field"),
        ('  start: "2013-12-09"', '  start: "2013-11-22"', "18:10", "not after the fieldwork"),
        ('  end: "2013-11-22"', '  end: "2013-11-15"', "16:8", "ends (2013-11-15) before"),
        ('  end: "2013-11-22"', '  end: "2013-11-29"', "16:8", "runs 12 days"),
        # Dates that are not dates.
        ('announced: "2013-11-04"', 'announced: "2013-11-31"', "13:12", "is no date"),
        ('announced: "2013-11-04"', 'announced: "4 Nov 2013"', "13:12", "does not match"),
        # Providers the criteria do not allow, or that did not exist at the fieldwork.
        ("provider: probation_trust", "provider: nps", "11:15", "did not exist at the field"),
        ("provider: probation_trust", "provider: probation", "11:15", "not a provider of"),
        # The file's shape and YAML.
        ("synthetic: true", "synthetic: yes", "5:12", "boolean to some YAML readers"),
        ("synthetic: true", "synthetic: true\nsynthetic: false", "6:1", "duplicate"),
        ("area:", "areas:", "6:1", "unknown key 'areas'"),
        ("format: aow-inspection/1", "format: aow-inspection/2", "1:9", "aow-inspection/1"),
        ("criteria: iaow-2013-10", "criteria: iaow-2014-08", "4:11", "no provider of the"),
    ],
)
def test_bad_files_are_refused_with_line_and_column(
    tmp_path: Path, old: str, new: str, location: str, words: str
) -> None:
    assert old in GOOD
    problems = _problems(_file(tmp_path, GOOD.replace(old, new, 1)))
    assert any(
        p["location"] == location and words in p["message"] + (p["suggestion"] or "")
        for p in problems
    ), problems


def test_the_trusts_are_gone_after_june_2014(tmp_path: Path) -> None:
    text = GOOD.replace('"2013-', '"2014-').replace("iaow-2014-10", "iaow-2013-10")
    problems = _problems(_file(tmp_path, text))
    assert [p["location"] for p in problems] == ["11:15"]
    assert "closed on 31 May 2014" in problems[0]["message"]


def test_nps_and_crc_in_one_inspection_from_june_2014(tmp_path: Path) -> None:
    text = (
        GOOD.replace('"2013-', '"2014-')
        .replace("iaow-2013-10", "iaow-2014-08")
        .replace(
            '  - provider: probation_trust\n    name: "Test Probation Trust"\n',
            '  - provider: nps\n    name: "NPS South West"\n'
            '  - provider: crc\n    name: "Test CRC"\n',
        )
    )
    criteria = aow_rules.load_criteria("iaow-2014-08")
    data = aow_rules.report(criteria, [], inspection=_file(tmp_path, text)).to_dict()
    assert [p["provider"] for p in data["inspection"]["providers"]] == ["nps", "crc"]


def test_a_framework_split_by_provider_names_each_tool(tmp_path: Path) -> None:
    text = (
        GOOD.replace('"2013-', '"2018-')
        .replace("criteria: iaow-2013-10", "criteria: hmip-2018-adult")
        .replace(
            '  - provider: probation_trust\n    name: "Test Probation Trust"\n',
            '  - provider: nps\n    name: "NPS division"\n'
            '  - provider: crc\n    name: "Test CRC"\n    criteria: hmip-2018-adult-crc\n',
        )
    )
    path = _file(tmp_path, text)
    nps = aow_rules.report(aow_rules.load_criteria("hmip-2018-adult"), [], inspection=path)
    crc = aow_rules.report(aow_rules.load_criteria("hmip-2018-adult-crc"), [], inspection=path)
    for result in (nps, crc):
        providers = result.to_dict()["inspection"]["providers"]
        assert [p["criteria"] for p in providers] == ["hmip-2018-adult", "hmip-2018-adult-crc"]
    lines = aow_rules.report(aow_rules.load_criteria("hmip-2018-adult"), [], inspection=path)
    assert (
        "Community Rehabilitation Company: Test CRC (judged by hmip-2018-adult-crc)"
        in report_text(lines.to_dict())
    )


def test_criteria_without_a_provider_fact_cannot_check_providers(tmp_path: Path) -> None:
    mini = aow_rules.load_criteria(MINI)
    text = GOOD.replace("iaow-2013-10", "mini-1").replace('"2013-', '"2020-')
    problems = _problems(_file(tmp_path, text), mini)
    assert [p["location"] for p in problems] == ["11:15"]
    assert "declares no provider fact" in problems[0]["message"]


def test_the_cli_refuses_a_bad_file_before_reading_the_sample(tmp_path: Path) -> None:
    bad = _file(tmp_path, GOOD.replace('announced: "2013-11-04"', 'announced: "2013-11-25"'))
    code, out, err = run_cli(
        "report", "no-such-sample.jsonl", "--criteria", "iaow-2013-10", "--inspection", str(bad)
    )
    assert code == 3
    assert out == ""
    assert f"{bad}:13:12" in err
    assert "announced 2013-11-25, not before the fieldwork starts (2013-11-18)" in err
    assert "Traceback" not in err


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run_cli(
        *("report", str(SAMPLE), "--criteria", "iaow-2013-10"),
        *("--inspection", str(tmp_path / "none.yaml")),
    )
    assert code == 3
    assert "none.yaml" in err
    assert "Traceback" not in err


def test_a_wrong_type_names_the_parameter() -> None:
    with pytest.raises(ArgumentError) as caught:
        aow_rules.report(CRITERIA, [], inspection=7)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert problem.source == "inspection"


def test_the_example_validates_against_the_published_schema() -> None:
    located, problems = read_yaml_file(EXAMPLE)
    assert not problems
    assert located is not None
    jsonschema.validate(located.data, aow_rules.schema("inspection"))
    on_disk = json.loads((ROOT / "schemas" / "inspection.schema.json").read_text())
    assert on_disk == aow_rules.schema("inspection")


def test_the_demo_makes_the_example_record_and_shows_it(tmp_path: Path) -> None:
    code, out, err = run_cli("demo", "--out", str(tmp_path / "demo"))
    assert code == 0, err
    report = json.loads((tmp_path / "demo" / "report.json").read_text())
    located, _ = read_yaml_file(EXAMPLE)
    assert located is not None
    shown = aow_rules.report(CRITERIA, [], inspection=located.data).to_dict()["inspection"]
    assert report["inspection"] == {**shown, "source": "inspection"}
    assert "Inspection: SYNTHETIC: Inspection of probation work in Synthetic Shire" in out
    assert "Interviews (of 60 case(s)" in out
    assert "Reoffending during the period inspected (of 60 case(s)" in out
