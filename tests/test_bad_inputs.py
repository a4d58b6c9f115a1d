"""The corpus of bad criteria files and bad cases: each gives its stable code and location,
through the CLI, as one line per problem on stderr, and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import aow_rules
from aow_rules import CaseError, Code, CriteriaError
from aow_rules._strict import _yaml  # private: to swap in PyYAML's pure-Python parser

from .support import BAD, FIXTURES, MINI, run_cli

# file -> (code of the headline problem, its location, text the message or suggestion holds)
CRITERIA_CORPUS: dict[str, tuple[str, str, str]] = {
    "empty.yaml": ("yaml_empty", "1:1", "no YAML document"),
    "two-documents.yaml": ("yaml_multiple_documents", "75:1", "more than one"),
    "tag.yaml": ("yaml_tag", "5:8", "tag"),
    "anchor.yaml": ("yaml_anchor", "12:5", "&o2"),
    "duplicate-key.yaml": ("yaml_duplicate_key", "5:1", "first at line 4"),
    "non-string-key.yaml": ("yaml_non_string_key", "9:3", 'quote it: "1.1"'),
    "yaml11-bool.yaml": ("yaml_implicit_bool", "27:17", 'quote it: "no"'),
    "non-finite.yaml": ("yaml_non_finite", "26:46", "finite"),
    "ambiguous-number.yaml": ("yaml_ambiguous_number", "4:10", "octal"),
    "unknown-key.yaml": ("unknown_key", "49:5", "did you mean 'outcome'?"),
    "missing-key.yaml": ("missing_key", "63:5", "'text'"),
    "wrong-type.yaml": ("wrong_type", "17:10", 'quote it: "2.1"'),
    "unknown-reference.yaml": ("unknown_reference", "64:16", "did you mean '2.1'?"),
    "duplicate-id.yaml": ("duplicate_id", "63:9", "declared twice"),
    "counts-nowhere.yaml": ("counts_nowhere", "66:21", "no outcome"),
    "condition-syntax.yaml": ("condition_syntax", "45:17", "character"),
    "condition-unknown-fact.yaml": ("condition_unknown_name", "45:17", "case.report"),
    "condition-unknown-question.yaml": ("condition_unknown_name", "53:11", "1.1-01"),
    "condition-type.yaml": ("condition_type", "58:17", "string"),
    "condition-unknown-option.yaml": ("condition_unknown_option", "45:17", 'did you mean "none"?'),
    "condition-outside-subset.yaml": ("condition_outside_subset", "58:17", "subset"),
    "condition-not-bool.yaml": ("condition_type", "58:17", "must be true or false"),
    "unsupported-format.yaml": ("unsupported_format", "2:9", "aow-criteria/1"),
    "yaml-syntax.yaml": ("yaml_syntax", "13:7", "expected ',' or '}'"),
    "credit-out-of-range.yaml": ("invalid_value", "37:44", "from 0 to 1"),
    "unknown-outcome.yaml": ("unknown_reference", "17:52", "'O3' is not declared"),
    "unknown-status.yaml": ("invalid_value", "6:9", "did you mean 'draft'?"),
    "rule-code-built-in.yaml": ("invalid_value", "71:11", "code of a built-in finding"),
}

CASE_CORPUS: dict[str, tuple[str, str, str]] = {
    "case-unknown-question.json": ("case_unknown_question", '$.answers["1.1-09"]', "did you mean"),
    "case-option-not-in-scale.json": (
        "case_option_not_in_scale",
        '$.answers["2.1-02"]',
        "did you mean 'yes'? (options are case-sensitive)",
    ),
    "case-wrong-type.json": ("wrong_type", "$.facts.victim", "true or false"),
    "case-duplicate-key.json": ("case_duplicate_key", "", "'assessor'"),
    "case-non-finite.json": ("case_non_finite", "", "NaN"),
    "case-wrong-criteria.json": ("case_wrong_criteria", "$.criteria", "mini-0"),
    "case-null-answer.json": ("case_null_value", '$.answers["1.1-02"]', 'answer "na"'),
    "case-unknown-fact.json": ("case_unknown_fact", "$.facts.victm", "did you mean 'victim'?"),
    "case-missing-required-fact.json": ("missing_key", "$.facts", "'victim'"),
    "case-json-syntax.json": ("case_json_syntax", "5:20", "Expecting property name"),
    "case-empty.json": ("case_json_syntax", "1:1", "Expecting value"),
    "case-unknown-key.json": ("unknown_key", "$.answer", "did you mean 'answers'?"),
    "case-int-out-of-range.json": ("invalid_value", "$.facts.months", "0 to 600"),
    "case-not-object.json": ("wrong_type", "$", "JSON object"),
}


def _assert_one_line_each(stderr: str) -> None:
    assert "Traceback" not in stderr
    for line in stderr.splitlines():
        assert line.startswith("aow-rules: "), line


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with PyYAML's libyaml parser (the default) and its pure Python fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(_yaml, "_LOADER", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    return str(request.param)


@pytest.mark.parametrize("name", sorted(CRITERIA_CORPUS))
def test_bad_criteria_file(name: str, yaml_parser: str) -> None:
    code, location, hint = CRITERIA_CORPUS[name]
    path = BAD / name
    with pytest.raises(CriteriaError) as info:
        aow_rules.load_criteria(path)
    head = info.value.headline
    assert (head.code, head.location) == (code, location), str(head)
    assert hint in f"{head.message} {head.suggestion}"
    exit_code, out, err = run_cli("check", str(path))
    assert exit_code == 3
    assert out == ""
    _assert_one_line_each(err)
    assert f"{path}:{location}: {code}:" in err


@pytest.mark.parametrize("name", sorted(CASE_CORPUS))
def test_bad_case(name: str) -> None:
    code, location, hint = CASE_CORPUS[name]
    path = BAD / name
    exit_code, out, err = run_cli("evaluate", str(path), "--criteria", str(MINI))
    assert exit_code == 3
    assert out == ""
    _assert_one_line_each(err)
    assert f": {code}: " in err
    assert location in err
    assert hint in err


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in BAD.iterdir()}
    assert on_disk == set(CRITERIA_CORPUS) | set(CASE_CORPUS)
    assert len(on_disk) >= 25


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = MINI.read_text()
    text = text.replace("status: draft", "status: drafted")
    text = text.replace("text: Was it on time?", "text: Was it on time?\n    outcme: O1")
    text = text.replace(
        'criterion: "2.1"\n    text: Was contact', 'criterion: "2.2"\n    text: Was contact'
    )
    bad = tmp_path / "several.yaml"
    bad.write_text(text)
    with pytest.raises(CriteriaError) as info:
        aow_rules.load_criteria(bad)
    codes = sorted(p.code for p in info.value.problems)
    # Shape problems stop before references are resolved; both shape problems are reported.
    assert codes == [Code.INVALID_VALUE, Code.UNKNOWN_KEY]
    text = MINI.read_text().replace(
        'criterion: "2.1"\n    text: Was contact', 'criterion: "2.2"\n    text: Was contact'
    )
    text = text.replace("applies_if: case.victim", "applies_if: case.victm")
    bad.write_text(text)
    with pytest.raises(CriteriaError) as info:
        aow_rules.load_criteria(bad)
    assert sorted(p.code for p in info.value.problems) == [
        Code.CONDITION_UNKNOWN_NAME,
        Code.UNKNOWN_REFERENCE,
    ]


def test_600_deep_condition(tmp_path: Path) -> None:
    deep = "(" * 600 + "case.victim" + ")" * 600
    bad = tmp_path / "deep.yaml"
    bad.write_text(MINI.read_text().replace("applies_if: case.victim", f"applies_if: '{deep}'"))
    exit_code, _, err = run_cli("check", str(bad))
    assert exit_code == 3
    _assert_one_line_each(err)
    assert ":58:17: condition_too_deep:" in err


def test_600_deep_yaml_structure(tmp_path: Path) -> None:
    nested = "x"
    for _ in range(600):
        nested = "{all: [" + nested + "]}"
    bad = tmp_path / "deep.yaml"
    bad.write_text(MINI.read_text().replace("applies_if: case.victim", f"applies_if: {nested}"))
    exit_code, _, err = run_cli("check", str(bad))
    assert exit_code == 3
    _assert_one_line_each(err)
    assert "yaml_too_deep" in err


def test_10_mb_string_in_criteria(tmp_path: Path) -> None:
    bad = tmp_path / "big.yaml"
    bad.write_text(
        MINI.read_text().replace("title: Minimal criteria for tests", "title: " + "x" * 10_000_000)
    )
    with pytest.raises(CriteriaError) as info:
        aow_rules.load_criteria(bad)
    head = info.value.headline
    assert (head.code, head.location) == ("value_too_long", "5:8")
    assert "10,000,000 characters" in head.message


def test_10_mb_string_in_case(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "case-good.json").read_text())
    data["evidence"] = {"2.1-01": "x" * 10_000_000}
    bad = tmp_path / "big.json"
    bad.write_text(json.dumps(data))
    exit_code, _, err = run_cli("evaluate", str(bad), "--criteria", str(MINI))
    assert exit_code == 3
    _assert_one_line_each(err)
    # Over the limit of bytes in one case (docs/limits.md): refused before it is decoded.
    assert "input_too_large" in err
    # Under it, a text over its own limit is named by its path.
    data["evidence"] = {"2.1-01": "x" * 20_000}
    bad.write_text(json.dumps(data))
    exit_code, _, err = run_cli("evaluate", str(bad), "--criteria", str(MINI))
    assert exit_code == 3
    assert "value_too_long" in err
    assert '$.evidence["2.1-01"]' in err


def test_a_case_reports_all_its_problems() -> None:
    criteria = aow_rules.load_criteria(MINI)
    data = json.loads((FIXTURES / "case-good.json").read_text())
    data["answers"]["1.1-01"] = "Yes"
    data["answers"]["9.9"] = "yes"
    data["facts"]["victim"] = 1
    with pytest.raises(CaseError) as info:
        aow_rules.parse_case(data, criteria)
    assert sorted(p.code for p in info.value.problems) == [
        Code.CASE_OPTION_NOT_IN_SCALE,
        Code.CASE_UNKNOWN_QUESTION,
        Code.WRONG_TYPE,
    ]
    assert all(p.source == "case T-1" for p in info.value.problems)


def test_errors_as_json_lines() -> None:
    exit_code, _, err = run_cli("check", str(BAD / "unknown-key.yaml"), "--format", "json")
    assert exit_code == 3
    rows = [json.loads(line) for line in err.splitlines()]
    assert rows[0]["code"] == "unknown_key"
    assert rows[0]["suggestion"] == "did you mean 'outcome'?"
