"""`qa` on the columnar engine against the per-case engine: the same report, to the byte.

The per-case engine is the reference. The columnar engine scores the sample as columns and
evaluates only the assessments the report explains (those with findings, and those of
double-marked cases), so every part of the report that reads judgements (findings, the
disagreements, drift) is compared in JSON, text and HTML: on the shipped samples, and on
generated criteria with generated samples whose case ids repeat across assessors.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import ArgumentError, Case, Criteria, QAReport, Sample
from aow_rules import qa as qa_report
from aow_rules._evaluate import (
    _engines as engines,  # private: to lower auto's 20,000-case threshold to a small sample
)

from .support import ROOT, run_cli, without_polars
from .test_columnar import EDGE, criteria_specs, samples, to_yaml

pytest.importorskip("polars", reason="the columnar engine needs polars (the columnar extra)")

DOUBLE = ROOT / "examples" / "double-marked.jsonl"
SHIPPED = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
FORMATS = ("json", "text", "html")


def _outputs(report: QAReport) -> dict[str, str]:
    return {
        "json": report.to_json(),
        "text": aow_rules.render(report, "text"),
        "html": aow_rules.render(report, "html"),
    }


def assert_same_report(criteria: Criteria, sample: Sample) -> QAReport:
    """Both engines give byte-identical JSON, text and HTML, and explain the same cases."""
    per_case = qa_report(criteria, sample, engine="per-case")
    cols = qa_report(criteria, sample, engine="columnar")
    assert (per_case.engine, cols.engine) == ("per-case", "columnar")
    expected, got = _outputs(per_case), _outputs(cols)
    for fmt in FORMATS:
        assert got[fmt] == expected[fmt], fmt
    assert sorted(cols.explained) == sorted(per_case.explained)
    assert cols.error_findings == per_case.error_findings
    return per_case


# -- the shipped samples ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [DOUBLE, SHIPPED], ids=["double-marked", "sample"])
def test_shipped_samples_give_the_same_report(path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    report = assert_same_report(criteria, aow_rules.read_sample(path, criteria))
    data = report.to_dict()
    assert data["drift"]["rows"]
    if path == DOUBLE:
        # The comparison covers disagreements, not an empty list of them.
        assert data["sample"]["double_marked_cases"] == 4
        assert data["disagreements"]


@pytest.mark.parametrize("path", [DOUBLE, SHIPPED], ids=["double-marked", "sample"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_engines_print_the_same_bytes(path: Path, fmt: str) -> None:
    runs = {
        engine: run_cli(
            "qa", str(path), "--criteria", "iaow-2013-10", "--format", fmt, "--engine", engine
        )
        for engine in ("per-case", "columnar", "auto")
    }
    assert runs["per-case"][0] == 0
    assert runs["per-case"][2] == ""  # no note of the engine on stderr, as for `report`
    assert runs["columnar"] == runs["per-case"]
    assert runs["auto"] == runs["per-case"]


# -- generated criteria, and samples marked by several assessors ------------------------------

CASE_IDS = ("K0", "K1", "K2", "k2 ", "K3")  # "k2 " is a near-duplicate of "K2": never paired
ASSESSORS = ("A1", "A2", "A3", None)


@st.composite
def double_marked(draw: st.DrawFn, criteria: Criteria) -> list[Case]:
    """Cases whose ids repeat across assessors: double- and triple-marked cases, repeated
    assessments by one assessor, assessments without an assessor, near-duplicate ids; some
    markings copy another's content exactly. Now and then a hundred more copies, so that
    drift has the counts to compute z and flag."""
    drawn = draw(samples(criteria, max_size=30))
    if drawn and draw(st.integers(0, 2)) == 0:
        drawn += draw(st.lists(st.sampled_from(drawn), min_size=60, max_size=100))
    out: list[Case] = []
    for case in drawn:
        content = case
        if out and draw(st.integers(0, 3)) == 0:
            content = draw(st.sampled_from(out))  # the same content again
        out.append(
            dataclasses.replace(
                content,
                case_id=draw(st.sampled_from((content.case_id, *CASE_IDS))),
                assessor=draw(st.sampled_from(ASSESSORS)),
            )
        )
    return out


def _sample(cases: Sequence[Case]) -> Sample:
    return Sample(tuple(cases), tuple(f"generated:{i + 1}" for i in range(len(cases))), ())


@pytest.mark.slow  # hundreds of generated criteria and samples, both engines: 7-11 s
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_criteria_and_double_marked_samples_give_the_same_report(
    data: st.DataObject,
) -> None:
    text = to_yaml(data.draw(criteria_specs(), label="criteria"))
    note(text)
    criteria = aow_rules.parse_criteria(text, source="generated.yaml")
    cases = data.draw(double_marked(criteria), label="cases")
    assert_same_report(criteria, _sample(cases))


def test_drift_is_flagged_alike(tmp_path: Path) -> None:
    # Enough counted judgements on both sides to compute z and flag: one assessor answers no
    # wherever the other answers yes, on ten double-marked cases.
    criteria = aow_rules.load_criteria("iaow-2013-10")
    base = [json.loads(line) for line in DOUBLE.read_text().splitlines()]
    lines = []
    for k in range(10):
        top = {**base[k % len(base)], "case_id": f"D-{k:02d}", "assessor": "TOP"}
        low = {**top, "assessor": "LOW"}
        low["answers"] = {q: ("no" if a == "yes" else a) for q, a in top["answers"].items()}
        lines += [json.dumps(top), json.dumps(low)]
    path = tmp_path / "drift.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = assert_same_report(criteria, aow_rules.read_sample(path, criteria))
    assert any(r.flagged for r in report.drift)


def test_an_empty_sample_gives_the_same_report() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    assert_same_report(criteria, Sample((), (), ()))


# -- choosing the engine ----------------------------------------------------------------------


def test_auto_picks_columnar_from_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(DOUBLE, criteria)
    assert qa_report(criteria, sample).engine == "per-case"
    monkeypatch.setattr(engines, "COLUMNAR_FROM", len(sample.cases))
    assert qa_report(criteria, sample).engine == "columnar"


def test_an_unknown_engine_is_refused() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    with pytest.raises(ArgumentError, match="engine must be one of") as info:
        qa_report(criteria, Sample((), (), ()), engine="stream")  # type: ignore[arg-type]
    assert [p.source for p in info.value.problems] == ["engine"]


def _beyond_int64(tmp_path: Path) -> tuple[Path, Path]:
    # A credit of 1/2**62: one case's counted reaches 2**62 units, past what the columnar
    # engine sums in int64.
    text = EDGE.format(fact="num", fact_type="int", tiny=f"1/{2**62}", condition="has(case.num)")
    crit = tmp_path / "edge.yaml"
    crit.write_text(text)
    case = {
        "format": "aow-case/1",
        "case_id": "E0",
        "criteria": "edge-1",
        "assessor": "A1",
        "facts": {"num": 1},
        "answers": {"q1": "tiny"},
    }
    sample = tmp_path / "edge.jsonl"
    sample.write_text(json.dumps(case) + "\n")
    return crit, sample


def test_columnar_on_criteria_it_cannot_sum_is_a_clear_error(tmp_path: Path) -> None:
    crit, sample = _beyond_int64(tmp_path)
    code, out, err = run_cli("qa", str(sample), "--criteria", str(crit), "--engine", "columnar")
    assert (code, out) == (3, "")
    assert "too large for the columnar engine" in err
    assert "--engine per-case" in err
    assert "Traceback" not in err
    # auto and per-case run it per case.
    for engine in ("auto", "per-case"):
        code, out, err = run_cli("qa", str(sample), "--criteria", str(crit), "--engine", engine)
        assert (code, err) == (0, "")
        assert "Agreement between assessors" in out


def test_columnar_without_polars_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    without_polars(monkeypatch)
    argv = ["qa", str(DOUBLE), "--criteria", "iaow-2013-10", "--format", "json"]
    code, out, err = run_cli(*argv, "--engine", "columnar")
    assert (code, out) == (3, "")
    (problem,) = [json.loads(line) for line in err.splitlines()]
    assert problem["source"] == "--engine"
    assert "needs polars" in problem["message"]
    assert problem["suggestion"] == "use --engine per-case"
    # auto falls back to the per-case engine, above the threshold too.
    monkeypatch.setattr(engines, "COLUMNAR_FROM", 1)
    code, out, _ = run_cli(*argv)
    assert code == 0
    assert json.loads(out)["sample"]["assessments"] == 8


def test_engine_choices_are_checked() -> None:
    code, _, err = run_cli("qa", str(DOUBLE), "--criteria", "iaow-2013-10", "--engine", "stream")
    assert code == 2
    assert "invalid choice" in err


def test_strict_reads_error_findings_alike(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    case = json.loads(DOUBLE.read_text().splitlines()[0])
    case["answers"]["3.1-01"] = "no"
    case["answers"]["3.1-02"] = "yes"  # judged timely although not done: an error rule
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(case) + "\n")
    report = qa_report(criteria, aow_rules.read_sample(path, criteria), engine="columnar")
    assert report.error_findings >= 1
    for engine in ("per-case", "columnar"):
        argv = ("qa", str(path), "--criteria", "iaow-2013-10", "--strict", "--engine", engine)
        assert run_cli(*argv)[0] == 1
