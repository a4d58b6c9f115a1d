"""``aow-rules report``, ``synth`` and ``demo`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import aow_rules

from .support import ROOT, run_cli, without_polars

SAMPLE = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
REFERENCE = ROOT / "examples" / "reference-iaow-2013-10.yaml"


def test_report_json_follows_the_published_schema() -> None:
    code, out, err = run_cli(
        "report", str(SAMPLE), "--criteria", "iaow-2013-10", "--reference", str(REFERENCE)
    )
    assert code == 0, err
    data = json.loads(out)
    jsonschema.validate(data, aow_rules.schema("report"))
    assert data["sample"]["synthetic"] is True
    assert 50 <= data["sample"]["cases"] <= 90
    assert data["sample"]["breakdowns"] == [
        "stratum",
        "provider",
        "sentence_type",
        "ldu",
        "child_protection",
        "assessor",
    ]
    assert data["outcomes"]["O1"]["reference"]["average"] == 0.76
    assert err == ""


@pytest.mark.slow  # 60 explained judgements, each validated against its schema: about 3 s
def test_report_with_explanations_validates_and_recomputes() -> None:
    code, out, _ = run_cli("report", str(SAMPLE), "--criteria", "iaow-2013-10", "--explain")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, aow_rules.schema("report"))
    totals = {"yes": 0.0, "counted": 0.0}
    for case in data["cases"]:
        judgement = case["judgement"]
        jsonschema.validate(judgement, aow_rules.schema("judgement"))
        o4 = judgement["outcomes"]["O4"]
        assert case["outcomes"]["O4"] == {k: o4[k] for k in ("fraction", "yes", "counted")}
        totals["yes"] += judgement["outcomes"]["O4"]["yes"]
        totals["counted"] += judgement["outcomes"]["O4"]["counted"]
    # The pooled score is the sum of case yes over the sum of case counted.
    assert data["outcomes"]["O4"]["yes"] == totals["yes"]
    assert data["outcomes"]["O4"]["counted"] == totals["counted"]


def test_report_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outs = []
    for seed in ("0", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        html = tmp_path / f"r{seed}.html"
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "aow_rules",
                "report",
                str(SAMPLE),
                "--criteria",
                "iaow-2013-10",
                "--label",
                "sample",
                "--html",
                str(html),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outs.append((run.stdout, html.read_text()))
    assert outs[0] == outs[1]


def test_report_csv_and_csv_dir(tmp_path: Path) -> None:
    code, out, _ = run_cli(
        "report",
        str(SAMPLE),
        "--criteria",
        "iaow-2013-10",
        "--format",
        "csv",
        "--csv-dir",
        str(tmp_path / "tables"),
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    whole = [r for r in rows if r["breakdown"] == ""]
    assert [r["id"] for r in whole if r["kind"] == "outcome"] == ["O1", "O2", "O3", "O4", "O5"]
    by_stratum = [r for r in rows if r["breakdown"] == "stratum" and r["id"] == "O1"]
    assert sum(int(r["cases"]) for r in by_stratum) == int(whole[0]["cases"])
    names = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert names == [
        "cases.csv",
        "interviews.csv",
        "questions.csv",
        "ratings.csv",
        "rejected.csv",
        "reoffending.csv",
        "scores.csv",
    ]
    assert (tmp_path / "tables" / "scores.csv").read_text() == out


def test_report_text_names_the_sample_and_says_synthetic() -> None:
    code, out, _ = run_cli("report", str(SAMPLE), "--criteria", "iaow-2013-10", "--format", "text")
    assert code == 0
    assert "SYNTHETIC SAMPLE" in out
    assert "By Case group" in out
    assert "Outcomes" in out


def test_bad_case_is_listed_and_the_rest_scored(tmp_path: Path) -> None:
    lines = SAMPLE.read_text().splitlines()
    bad = json.loads(lines[1])
    bad["answers"]["1.1-01"] = "maybe"
    lines[1] = json.dumps(bad)
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run_cli("report", str(path), "--criteria", "iaow-2013-10")
    assert code == 0
    data = json.loads(out)
    assert data["sample"]["rejected"] == 1
    assert data["sample"]["cases"] == len(lines) - 1
    assert data["rejected"][0]["source"] == f"{path}:2"
    assert "'maybe'" in data["rejected"][0]["problems"][0]["message"]
    assert "1 case(s) rejected" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--by", "stratumm"], "did you mean 'stratum'"),
        (["--by", "requirements"], "set fact"),
        (["--reference", "no-such-file.yaml"], "no-such-file.yaml: file_not_found: no such file"),
        (["--ratings", str(REFERENCE)], "aow-ratings/1"),
    ],
)
def test_bad_options_are_clear_errors(extra: list[str], message: str) -> None:
    code, out, err = run_cli("report", str(SAMPLE), "--criteria", "iaow-2013-10", *extra)
    assert code == 3
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_reference_for_other_criteria_is_rejected(tmp_path: Path) -> None:
    ref = tmp_path / "ref.yaml"
    ref.write_text(
        REFERENCE.read_text().replace("criteria: iaow-2013-10", "criteria: iaow-2014-08")
    )
    code, _, err = run_cli(
        "report", str(SAMPLE), "--criteria", "iaow-2013-10", "--reference", str(ref)
    )
    assert code == 3
    assert "for criteria 'iaow-2014-08'" in err
    assert f"{ref}:" in err


def test_reference_with_unknown_group_suggests(tmp_path: Path) -> None:
    ref = tmp_path / "ref.yaml"
    # "05", unquoted, is now a problem of its own (yaml_ambiguous_number): the reference
    # reader no longer drops what the strict YAML reader finds. A typo that is plain text:
    ref.write_text(REFERENCE.read_text().replace("  O5:", "  OS:", 1))
    code, _, err = run_cli(
        "report", str(SAMPLE), "--criteria", "iaow-2013-10", "--reference", str(ref)
    )
    assert code == 3
    assert "no group 'OS'" in err
    assert "O5" in err


@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_csv_and_json_lines_samples_give_byte_identical_reports(fmt: str, tmp_path: Path) -> None:
    outs = []
    for sample in (SAMPLE, SAMPLE.with_suffix(".csv")):
        html = tmp_path / f"{sample.suffix}.html"
        code, out, err = run_cli(
            "report",
            str(sample),
            "--criteria",
            "iaow-2013-10",
            "--format",
            fmt,
            "--label",
            "Cluster A (synthetic)",
            "--html",
            str(html),
            "--qa",
        )
        assert code == 0, err
        outs.append((out, html.read_text()))
    assert outs[0] == outs[1]


def test_shipped_csv_sample_is_the_json_lines_sample_as_a_spreadsheet() -> None:
    crit = aow_rules.load_criteria("iaow-2013-10")
    cases = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    out = io.StringIO(newline="")
    aow_rules.write_csv(cases, crit, out)
    assert SAMPLE.with_suffix(".csv").read_bytes().decode() == out.getvalue()


def test_columnar_engine_gives_the_same_report() -> None:
    pytest.importorskip("polars", reason="the columnar engine needs polars (columnar extra)")
    outs = {}
    for engine in ("per-case", "columnar"):
        code, out, err = run_cli(
            "report",
            str(SAMPLE),
            "--criteria",
            "iaow-2013-10",
            "--engine",
            engine,
            "--label",
            "x",
            "--reference",
            str(REFERENCE),
        )
        assert code == 0, err
        outs[engine] = json.loads(out)
        jsonschema.validate(outs[engine], aow_rules.schema("report"))
    assert outs["columnar"]["sample"].pop("engine") == "columnar"
    assert outs["per-case"]["sample"].pop("engine") == "per-case"
    assert outs["columnar"] == outs["per-case"]


def test_columnar_engine_cannot_explain_cases() -> None:
    pytest.importorskip("polars", reason="the columnar engine needs polars (columnar extra)")
    code, out, err = run_cli(
        "report", str(SAMPLE), "--criteria", "iaow-2013-10", "--engine", "columnar", "--explain"
    )
    assert code == 3
    assert out == ""
    assert "--explain shows every case, which the columnar engine does not keep" in err
    assert "--engine per-case" in err


def test_columnar_engine_without_polars_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    without_polars(monkeypatch)
    code, _, err = run_cli(
        "report", str(SAMPLE), "--criteria", "iaow-2013-10", "--engine", "columnar"
    )
    assert code == 3
    assert "needs polars" in err
    # auto falls back to the per-case engine.
    code, out, _ = run_cli("report", str(SAMPLE), "--criteria", "iaow-2013-10")
    assert code == 0
    assert json.loads(out)["sample"]["engine"] == "per-case"


def test_case_list_can_be_left_out() -> None:
    code, out, _ = run_cli("report", str(SAMPLE), "--criteria", "iaow-2013-10", "--no-case-list")
    assert code == 0
    data = json.loads(out)
    assert data["cases"] == []
    assert data["sample"]["case_list"] is False
    assert data["sample"]["cases"] == 60


def test_stream_engine_gives_the_totals_without_holding_cases(tmp_path: Path) -> None:
    outs = {}
    for engine, extra in (("per-case", ["--no-case-list"]), ("stream", [])):
        code, out, err = run_cli(
            "report",
            str(SAMPLE),
            "--criteria",
            "iaow-2013-10",
            "--engine",
            engine,
            "--label",
            "x",
            *extra,
        )
        assert code == 0, err
        outs[engine] = json.loads(out)
        jsonschema.validate(outs[engine], aow_rules.schema("report"))
    assert outs["stream"]["sample"].pop("engine") == "stream"
    assert outs["per-case"]["sample"].pop("engine") == "per-case"
    assert outs["stream"] == outs["per-case"]
    code, _, err = run_cli(
        "report",
        str(SAMPLE),
        "--criteria",
        "iaow-2013-10",
        "--engine",
        "stream",
        "--html",
        str(tmp_path / "r.html"),
    )
    assert code == 3
    assert "--html shows every case, which the stream engine does not keep" in err


def test_stream_engine_keeps_the_good_part_of_a_batch(tmp_path: Path) -> None:
    lines = SAMPLE.read_text().splitlines()
    lines.insert(3, "{not json")
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run_cli(
        "report", str(path), "--criteria", "iaow-2013-10", "--engine", "stream"
    )
    assert code == 0
    data = json.loads(out)
    assert data["sample"]["cases"] == 60
    assert data["rejected"][0]["source"] == f"{path}:4"
    assert "1 case(s) rejected" in err
