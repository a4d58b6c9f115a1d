"""One public function per verb: each returns a result whose ``to_dict()`` is what the CLI
prints with ``--format json``, and whose `render` is what it prints as text or HTML. Called as
a service would call them: through ``import aow_rules`` only."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

import aow_rules
from aow_rules import ArgumentError, CriteriaError

from .support import BAD, EXAMPLES, MINI, ROOT, run_cli

SAMPLE = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
SAMPLE_APRIL = ROOT / "examples" / "sample-iaow-2013-04.jsonl"
DOUBLE = ROOT / "examples" / "double-marked.jsonl"
REFERENCE = ROOT / "examples" / "reference-iaow-2013-10.yaml"


def _cli_json(*argv: str) -> object:
    code, out, err = run_cli(*argv, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def test_every_public_name_is_typed_and_documented() -> None:
    for name in aow_rules.__all__:
        if name == "__version__":
            continue
        obj = getattr(aow_rules, name)
        assert inspect.getdoc(obj), f"{name} has no docstring"
        if inspect.isfunction(obj):
            sig = inspect.signature(obj)
            assert sig.return_annotation is not inspect.Signature.empty, name
            for p in sig.parameters.values():
                assert p.annotation is not inspect.Parameter.empty, f"{name}({p.name})"


def test_the_package_is_typed() -> None:
    assert (Path(aow_rules.__file__).parent / "py.typed").is_file()


def test_check_returns_the_cli_verdict() -> None:
    result = aow_rules.check("iaow-2013-10")
    assert result.ok
    assert result.criteria is not None
    assert result.criteria.id == "iaow-2013-10"
    assert result.to_dict() == _cli_json("check", "iaow-2013-10")
    code, out, _ = run_cli("check", "iaow-2013-10")
    assert (code, out) == (0, aow_rules.render(result))


def test_check_returns_problems_instead_of_raising() -> None:
    bad = BAD / "unknown-outcome.yaml"
    result = aow_rules.check(bad)
    assert not result.ok
    assert result.criteria is None
    assert result.problems
    assert all(p.source == str(bad) for p in result.problems)
    data = result.to_dict()
    assert data["ok"] is False
    assert data["problems"] == [p.to_dict() for p in result.problems]
    # The CLI prints the same problems, one a line, and exits 3.
    code, out, err = run_cli("check", str(bad))
    assert (code, out) == (3, "")
    assert err.splitlines() == [f"aow-rules: {p}" for p in result.problems]


def test_check_of_a_name_that_is_no_file_suggests_the_id() -> None:
    result = aow_rules.check("iaow-2013-1O")
    assert not result.ok
    assert result.problems[0].suggestion == "did you mean 'iaow-2013-10'?"


def test_run_tests_returns_the_cli_run() -> None:
    run = aow_rules.run_tests("iaow-2013-10")
    assert run.passed
    assert run.results
    assert not run.failed
    assert run.to_dict() == _cli_json("test", "iaow-2013-10")
    code, out, _ = run_cli("test", "iaow-2013-10")
    assert (code, out) == (0, aow_rules.render(run))


def test_run_tests_without_golden_cases_says_where_they_belong(tmp_path: Path) -> None:
    lone = tmp_path / "lone.yaml"
    lone.write_text(MINI.read_text())
    with pytest.raises(CriteriaError) as info:
        aow_rules.run_tests(lone)
    assert info.value.headline.source == str(tmp_path / "lone.cases.yaml")


def test_diff_and_impact_return_what_the_cli_prints() -> None:
    april = aow_rules.load_criteria("iaow-2013-04")
    october = aow_rules.load_criteria("iaow-2013-10")
    changed = aow_rules.diff(april, october)
    assert changed.to_dict() == _cli_json("diff", "iaow-2013-04", "iaow-2013-10")
    sample = aow_rules.read_sample(SAMPLE_APRIL, april)
    moved = aow_rules.impact(april, october, sample, engine="per-case")
    cli = _cli_json("impact", "iaow-2013-04", "iaow-2013-10", str(SAMPLE_APRIL))
    assert moved.to_dict() == cli
    # Cases alone (no Sample) give the same report, each case named by its id.
    from_cases = aow_rules.impact(april, october, list(sample.cases), engine="per-case")
    for part in ("outcomes", "stages", "changes", "drivers"):
        assert from_cases.to_dict()[part] == moved.to_dict()[part], part


def test_qa_and_agreement() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(DOUBLE, criteria)
    checked = aow_rules.qa(criteria, sample, engine="per-case")
    cli = _cli_json("qa", str(DOUBLE), "--criteria", "iaow-2013-10", "--engine", "per-case")
    assert checked.to_dict() == cli
    # Agreement alone reads answers only, and is the same section.
    agreed = aow_rules.agreement(criteria, sample)
    assert agreed.to_dict() == cli["agreement"]  # type: ignore[index]
    assert aow_rules.agreement(criteria, sample.cases).to_dict() == agreed.to_dict()


def test_report_from_a_path_a_sample_and_cases() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    by_path = aow_rules.report(criteria, SAMPLE, reference=REFERENCE, engine="per-case")
    cli = _cli_json(
        "report", str(SAMPLE), "--criteria", "iaow-2013-10", "--reference", str(REFERENCE)
    )
    assert by_path.to_dict() == cli
    sample = aow_rules.read_sample(SAMPLE, criteria)
    by_sample = aow_rules.report(criteria, sample, reference=REFERENCE, label=str(SAMPLE))
    assert by_sample.to_dict() == cli
    by_cases = aow_rules.report(criteria, sample.cases, reference=REFERENCE)
    assert by_cases.to_dict()["outcomes"] == by_path.to_dict()["outcomes"]


def test_report_streams_a_path_and_cases_with_the_same_totals() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    held = aow_rules.report(criteria, SAMPLE, engine="per-case").to_dict()
    streamed = aow_rules.report(criteria, SAMPLE, engine="stream")
    assert streamed.engine == "stream"
    assert streamed.to_dict()["outcomes"] == held["outcomes"]
    cases = aow_rules.read_sample(SAMPLE, criteria).cases
    from_cases = aow_rules.report(criteria, iter(cases), engine="stream")
    assert from_cases.to_dict()["outcomes"] == held["outcomes"]


def test_report_calls_the_progress_hook_with_every_case() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    seen: list[int | None] = []

    def hook(items: object, total: int | None) -> object:
        seen.append(total)
        return items

    rep = aow_rules.report(criteria, SAMPLE, engine="per-case", progress=hook)  # type: ignore[arg-type]
    assert seen == [rep.cases]


def test_render_gives_each_form_and_refuses_the_others() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    case = aow_rules.load_case(sorted(EXAMPLES.glob("*.json"))[0], criteria)
    judgement = aow_rules.evaluate(criteria, case)
    assert aow_rules.render(judgement).startswith(f"Case {case.case_id} ")
    rep = aow_rules.report(criteria, SAMPLE)
    assert aow_rules.render(rep, "html").startswith("<!doctype html>")
    assert aow_rules.render(rep, "csv", table="cases").startswith("case_id,")
    with pytest.raises(ArgumentError) as info:
        aow_rules.render(judgement, "html")
    assert info.value.headline.source == "fmt"
    with pytest.raises(ArgumentError) as info:
        aow_rules.render(rep, "csv", table="nothing")
    assert info.value.headline.source == "table"


def test_schema_by_name_all_and_a_wrong_name() -> None:
    assert aow_rules.schema("case")["title"] == "aow-case/1"
    everything = aow_rules.schema()
    assert set(everything) == {
        "case",
        "criteria",
        "inspection",
        "judgement",
        "judgement-1",
        "judgement-2",
        "qa",
        "ratings",
        "reference",
        "report",
        "sample-manifest",
    }
    with pytest.raises(ArgumentError) as info:
        aow_rules.schema("cases")
    assert info.value.headline.source == "name"
    assert info.value.headline.suggestion == "did you mean 'case'?"


def test_argument_errors_name_parameters_and_the_cli_names_flags() -> None:
    code, _, err = run_cli("synth", "--cases", "0")
    assert code == 3
    assert err == (
        "aow-rules: --cases: invalid_value: --cases 0: expected a whole number from 1 to "
        "100000 (inspections read 50 to 90)\n"
    )


def test_check_reads_the_synthetic_profile_beside_the_file(tmp_path: Path) -> None:
    shipped = ROOT / "criteria"
    (tmp_path / "x.yaml").write_text((shipped / "iaow-2013-10.yaml").read_text())
    profile = (shipped / "iaow-2013-10.synth.yaml").read_text()
    assert "fact: rosh_level\n" in profile
    (tmp_path / "x.synth.yaml").write_text(
        profile.replace("fact: rosh_level\n", "fact: rosh_lvl\n")
    )
    result = aow_rules.check(tmp_path / "x.yaml")
    assert not result.ok
    assert result.problems[0].source == str(tmp_path / "x.synth.yaml")
    assert result.problems[0].suggestion == "did you mean 'rosh_level'?"


def test_parse_criteria_compiles_content_and_names_its_source() -> None:
    text = MINI.read_text(encoding="utf-8")
    first = aow_rules.parse_criteria(text, source="mini (edited)")
    again = aow_rules.parse_criteria(text.encode("utf-8"), source="mini (edited)")
    assert first == again == aow_rules.load_criteria(MINI)  # the same content, the same sha256
    assert first is not again  # compiled afresh: content in memory is never cached
    with pytest.raises(CriteriaError) as info:
        aow_rules.parse_criteria(text.replace("outcomes:", "outcomez:"), source="edited.yaml")
    assert info.value.headline.source == "edited.yaml"
