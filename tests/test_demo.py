"""``aow-rules demo`` and ``synth``: the main job on the shipped default, as a user runs it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from aow_rules.cli import main

from .support import ROOT, run_cli

SAMPLE = ROOT / "examples" / "sample-iaow-2013-10.jsonl"


def test_demo_prints_a_summary_and_writes_the_report(tmp_path: Path) -> None:
    out_dir = tmp_path / "demo"
    code, out, err = run_cli("demo", "--out", str(out_dir))
    assert code == 0, err
    assert "SYNTHETIC SAMPLE" in out
    assert f"Wrote {(out_dir / 'report.html').resolve()}" in out
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == [
        "cases.csv",
        "interviews.csv",
        "questions.csv",
        "ratings.csv",
        "rejected.csv",
        "reoffending.csv",
        "report.html",
        "report.json",
        "sample.jsonl",
        "scores.csv",
    ]
    # The demo's sample is the shipped example sample, byte for byte.
    assert (out_dir / "sample.jsonl").read_bytes() == SAMPLE.read_bytes()
    report = json.loads((out_dir / "report.json").read_text())
    assert report["sample"]["synthetic"] is True
    assert report["sample"]["cases"] == 60
    html = (out_dir / "report.html").read_text()
    assert "SYNTHETIC" in html
    assert "Quality assurance" in html
    assert err == ""


def test_demo_on_the_2018_standards_rates_what_it_can(tmp_path: Path) -> None:
    code, out, err = run_cli(
        "demo",
        "--criteria",
        "hmip-2018-adult",
        "--cases",
        "72",
        "--seed",
        "2018",
        "--out",
        str(tmp_path),
    )
    assert code == 0, err
    assert "Ratings" in out
    assert "rated by the inspection panel; no rating was recorded" in out
    assert (tmp_path / "sample.jsonl").read_bytes() == (
        ROOT / "examples" / "sample-hmip-2018-adult.jsonl"
    ).read_bytes()


def test_synth_is_seeded_and_labelled(tmp_path: Path) -> None:
    code, first, _ = run_cli("synth", "--cases", "50", "--seed", "7")
    assert code == 0
    _, again, _ = run_cli("synth", "--cases", "50", "--seed", "7")
    _, other, _ = run_cli("synth", "--cases", "50", "--seed", "8")
    assert first == again != other
    cases = [json.loads(line) for line in first.splitlines()]
    assert len(cases) == 50
    assert all(c["note"].startswith("SYNTHETIC:") for c in cases)
    path = tmp_path / "s.jsonl"
    assert run_cli("synth", "--cases", "50", "--seed", "7", "--out", str(path))[0] == 0
    assert path.read_text() == first


@pytest.mark.parametrize("cases", ["0", "100001"])
def test_sample_size_out_of_range_is_a_clear_error(cases: str) -> None:
    code, out, err = run_cli("synth", "--cases", cases)
    assert code == 3
    assert out == ""
    assert err.startswith(f"aow-rules: --cases: invalid_value: --cases {cases}: expected a whole ")
    assert "from 1 to 100000" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _big_sample(tmp_path: Path) -> Path:
    lines = SAMPLE.read_text().splitlines()
    path = tmp_path / "big.jsonl"
    big = []
    for k in range(10):
        for line in lines:
            case = json.loads(line)
            case["case_id"] = f"{case['case_id']}-{k}"
            big.append(json.dumps(case))
    path.write_text("\n".join(big) + "\n")
    return path


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    path = _big_sample(tmp_path)
    argv = ["report", str(path), "--criteria", "iaow-2013-10", "--format", "text"]
    terminal, piped = _Terminal(), io.StringIO()
    assert main(argv, stdout=io.StringIO(), stderr=terminal) == 0
    assert main(argv, stdout=io.StringIO(), stderr=piped) == 0
    assert "Scoring cases" in terminal.getvalue()
    assert piped.getvalue() == ""
