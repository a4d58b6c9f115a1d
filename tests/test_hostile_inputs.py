"""Hostile and careless input, class by class (issue 13): nothing lost, nothing crashes,
nothing ignored. Each test reproduces one failure the issue lists with an input of its own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

import aow_rules
from aow_rules import ArgumentError, Case, CaseError, Code
from aow_rules._cases import read_case_json  # private: the strict reader on texts in memory

from .support import EXAMPLES, FIXTURES, MINI, run_cli

IAOW = aow_rules.load_criteria("iaow-2013-10")
MINI_C = aow_rules.load_criteria(MINI)
GOOD = [json.dumps(c) for c in aow_rules.synthesize(IAOW, cases=100, seed=13)]
SAMPLE = EXAMPLES.parent / "sample-iaow-2013-10.jsonl"


def _hostile_sample(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """100 good cases, and among them a line with a byte that is not UTF-8, a case id with a
    lone surrogate, a case nested 10,000 deep and a good case whose assessor looks like a
    spreadsheet formula. Returns the file and the line numbers of the bad lines."""
    formula = json.loads(GOOD[0])
    formula["case_id"] = "FORMULA-1"
    formula["assessor"] = '=HYPERLINK("http://example.invalid","x")'
    surrogate = json.dumps({**json.loads(GOOD[1]), "case_id": "S-1"}).replace('"S-1"', '"S\\ud800"')
    deep = '{"format": "aow-case/1", "case_id": "D", "facts": ' + "[" * 10_000 + "]" * 10_000
    deep += "}"
    lines: list[bytes] = [g.encode() for g in GOOD]
    lines.insert(29, b'{"format": "aow-case/1", "case_id": "X\xff"}')
    lines.insert(50, surrogate.encode())
    lines.insert(70, deep.encode())
    lines.insert(90, json.dumps(formula).encode())
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, {30: "invalid_utf8", 51: "invalid_character", 71: "input_too_deep"}


def test_done_when_every_good_case_is_scored_and_every_bad_line_named(tmp_path: Path) -> None:
    path, bad = _hostile_sample(tmp_path)
    code, out, err = run_cli("report", str(path), "--criteria", "iaow-2013-10")
    assert code == 0, err
    assert "Traceback" not in err
    data = json.loads(out)
    # The 100 good cases, and the good case with a formula-looking assessor.
    assert data["sample"]["cases"] == 101
    rejected = {r["source"]: r["problems"][0]["code"] for r in data["rejected"]}
    assert rejected == {f"{path}:{line}": code for line, code in bad.items()}
    code, _, err = run_cli("report", str(path), "--criteria", "iaow-2013-10", "--fail-on-rejected")
    assert code == 3
    assert "3 case(s) rejected" in err
    for verb in (["qa", str(path), "--criteria", "iaow-2013-10"],):
        assert run_cli(*verb)[0] == 0
        assert run_cli(*verb, "--fail-on-rejected")[0] == 3


def test_a_bad_byte_rejects_one_line_not_the_rest_of_the_stream(tmp_path: Path) -> None:
    # Data loss: the decoder's error used to end the file at line 30, exit 0, no message.
    path, _ = _hostile_sample(tmp_path)
    for engine in ("per-case", "stream"):
        code, out, _ = run_cli(
            "report", str(path), "--criteria", "iaow-2013-10", "--engine", engine
        )
        assert code == 0
        assert json.loads(out)["sample"]["cases"] == 101


def test_standard_input_is_read_like_a_file(tmp_path: Path) -> None:
    path, bad = _hostile_sample(tmp_path)
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    code, out, _ = run_cli("report", "-", "--criteria", "iaow-2013-10", stdin=text)
    assert code == 0
    data = json.loads(out)
    assert data["sample"]["cases"] == 101
    assert sorted(r["source"] for r in data["rejected"]) == sorted(
        f"<stdin>:{line}" for line in bad
    )
    code, out, _ = run_cli(
        "report", "-", "--criteria", "iaow-2013-10", "--engine", "stream", stdin=text
    )
    assert code == 0
    assert json.loads(out)["sample"]["cases"] == 101
    # CSV on standard input.
    buffer = io.StringIO()
    aow_rules.write_csv([json.loads(g) for g in GOOD[:5]], IAOW, buffer)
    code, out, _ = run_cli(
        "qa", "-", "--criteria", "iaow-2013-10", "--format", "json", stdin=buffer.getvalue()
    )
    assert code == 0, out
    april = (EXAMPLES.parent / "sample-iaow-2013-04.jsonl").read_text()
    code, out, _ = run_cli("impact", "iaow-2013-04", "iaow-2013-10", "-", stdin=april)
    assert code == 0


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("case_id", "A\ud800"),
        ("case_id", "A\u202eB"),  # right-to-left override
        ("case_id", "A\x1b[31mB"),  # a terminal escape
        ("assessor", "\u2066A1"),
        ("facts.ldu", "LDU\x00"),
        ("facts.ldu", "LDU \udfff"),
    ],
)
def test_text_an_id_or_fact_may_not_hold_is_a_clear_error(where: str, value: str) -> None:
    data = json.loads(GOOD[0])
    if where.startswith("facts."):
        data["facts"][where[6:]] = value
    else:
        data[where] = value
    with pytest.raises(CaseError) as caught:
        aow_rules.parse_case(data, IAOW)
    problem = caught.value.headline
    assert problem.code == Code.INVALID_CHARACTER
    assert problem.location == "$." + where
    # Every part of the message can be written as UTF-8, so the CLI can always print it.
    str(problem).encode("utf-8")


def test_ids_are_normalised_to_nfc_and_free_text_keeps_what_it_can() -> None:
    data = json.loads(GOOD[0])
    data["case_id"] = "Zoe\u0301"  # e + combining acute: NFD
    data["note"] = "SYNTHETIC \ud800 and \x00 and \x1b[2J"
    answered = next(iter(data["answers"]))
    data["evidence"] = {answered: "seen \udc80 here"}
    case = aow_rules.parse_case(data, IAOW)
    assert case.case_id == "Zo\u00e9"
    assert case.note == "SYNTHETIC \ufffd and \ufffd and \x1b[2J"
    assert case.evidence[answered] == "seen \ufffd here"
    judgement = aow_rules.evaluate(IAOW, case)
    judgement.to_json().encode("utf-8")
    aow_rules.render(judgement).encode("utf-8")


def test_surrogates_never_crash_an_output(tmp_path: Path) -> None:
    # Crashes: a lone surrogate in a case id, assessor or fact value crashed evaluate, report
    # and qa as they wrote their output (exit 4).
    lines = [GOOD[0]]
    for key in ("case_id", "assessor"):
        data = json.loads(GOOD[2])
        data[key] = "SURR"
        lines.append(json.dumps(data).replace('"SURR"', '"X\\ud800"'))
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(lines) + "\n")
    html = tmp_path / "r.html"
    for argv in (
        ["report", str(path), "--criteria", "iaow-2013-10", "--html", str(html)],
        ["report", str(path), "--criteria", "iaow-2013-10", "--format", "text"],
        ["report", str(path), "--criteria", "iaow-2013-10", "--format", "csv"],
        ["qa", str(path), "--criteria", "iaow-2013-10", "--format", "html"],
        ["impact", "iaow-2013-10", "iaow-2014-08", str(path), "--format", "html"],
    ):
        code, out, err = run_cli(*argv)
        assert code in (0, 3), err
        (out + err).encode("utf-8")
    html.read_text(encoding="utf-8")
    case = tmp_path / "c.json"
    case.write_text(lines[1])
    code, _, err = run_cli("evaluate", str(case))
    assert code == 3
    assert "invalid_character" in err


@pytest.mark.slow  # about 9 s: ten thousand and one cases, scored and rendered twice
def test_html_report_of_more_than_10000_cases(tmp_path: Path) -> None:
    # Crash: report --html on more than 10,000 cases exited 4 (the page expected every case).
    case = json.loads(GOOD[0])
    cases = [aow_rules.parse_case({**case, "case_id": f"C{i:05d}"}, IAOW) for i in range(10_001)]
    report = aow_rules.report(IAOW, cases, engine="per-case")
    # Every case is listed at any size now (compact data the page lists a page at a time);
    # case_list=False leaves the list out.
    page = aow_rules.render(report, "html")
    assert '"C10000"' in page
    assert "The case list is left out" not in page
    unlisted = aow_rules.render(report, "html", case_list=False)
    assert "C10000" not in unlisted
    assert "The case list is left out of this page: case_list=False" in unlisted


def test_yaml_files_beside_a_sample_are_read_strictly(tmp_path: Path) -> None:
    # Silent acceptance: ratings and reference files accepted duplicate keys, tags, .nan and
    # YAML 1.1 booleans, and dropped the problems found reading them.
    inputs = (
        ("--reference", "reference-iaow-2013-10.yaml", "sample-iaow-2013-10.jsonl", "iaow-2013-10"),
        (
            "--ratings",
            "ratings-hmip-2018-adult.yaml",
            "sample-hmip-2018-adult.jsonl",
            "hmip-2018-adult",
        ),
    )
    for flag, name, sample, criteria in inputs:
        text = (EXAMPLES.parent / name).read_text()
        for defect, code in (
            ("format:", "yaml_duplicate_key"),
            ("!!str x", "yaml_tag"),
            (".nan", "yaml_non_finite"),
            ("no", "yaml_implicit_bool"),
        ):
            broken = tmp_path / "broken.yaml"
            if defect == "format:":  # the file's first key, twice
                broken.write_text(text + "\n" + _first_key_line(text) + "\n")
            else:
                broken.write_text(text + f"\nzz_extra: {defect}\n")
            code_, _, err = run_cli(
                "report", str(EXAMPLES.parent / sample), "--criteria", criteria, flag, str(broken)
            )
            assert code_ == 3, (flag, defect, err)
            assert code in err, (flag, defect, err)


def _first_key_line(text: str) -> str:
    return next(line for line in text.splitlines() if line and not line.startswith("#"))


def test_unsupported_options_are_errors_that_name_where_they_apply(tmp_path: Path) -> None:
    # Silent acceptance: options a path did not support were ignored without a word.
    common = [str(SAMPLE), "--criteria", "iaow-2013-10"]
    for argv, where in (
        (["report", *common, "--format", "text", "--explain"], "--format json"),
        (["report", *common, "--format", "csv", "--explain"], "--format json"),
        (["report", *common, "--qa"], "--html"),
        (["report", *common, "--by", "provider", "--no-breakdowns"], "without --by"),
        (["report", *common, "--format", "text", "--case-list"], "--csv-dir"),
        (["impact", "iaow-2013-04", "iaow-2013-10", str(SAMPLE), "--cases"], "--format json"),
        (
            ["impact", "iaow-2013-04", "iaow-2013-10", str(SAMPLE), "--cases", "--format", "html"],
            "--format json",
        ),
    ):
        code, out, err = run_cli(*argv)
        assert code == 3, (argv, err)  # refused before reading, as --indent without JSON is
        assert out == ""
        assert "invalid_value" in err
        assert where in err, (argv, err)
    report = aow_rules.report(IAOW, aow_rules.read_sample(SAMPLE, IAOW), engine="stream")
    with pytest.raises(ArgumentError) as caught:
        report.to_dict(explain=True)
    assert caught.value.headline.source == "explain"
    with pytest.raises(ArgumentError):
        report.to_dict(case_list=True)
    with pytest.raises(ArgumentError) as caught:
        aow_rules.render(report, "text", case_list=True)
    assert caught.value.headline.source == "case_list"
    # The page shows the sample's figures and says why it lists no case: never a failure.
    page = aow_rules.render(report, "html")
    assert "The case list is left out of this page: the " in page
    assert "engine that scored the sample keeps no cases" in page
    assert 'id="case-data"' not in page
    with pytest.raises(ArgumentError) as caught:  # the page cannot list cases it has not got
        aow_rules.render(report, "html", case_list=True)
    assert caught.value.headline.source == "case_list"


def test_check_format_json_always_prints_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("format: aow-criteria/1", "format: nope"))
    for target in (str(bad), "nonesuch"):
        code, out, err = run_cli("check", target, "--format", "json")
        assert code == 3
        verdict = json.loads(out)
        assert verdict["ok"] is False
        assert verdict["problems"]
        assert all(json.loads(line)["code"] for line in err.splitlines())


def test_impact_exits_non_zero_when_a_side_has_no_valid_case(tmp_path: Path) -> None:
    # Silent acceptance: "0 changes", exit 0, when every case was invalid under one side.
    code, _, err = run_cli("impact", "iaow-2013-04", "iaow-2013-10", str(SAMPLE))
    assert code == 3  # the sample is written for 2013-10: every case rejected under 2013-04
    assert "rejected under iaow-2013-04" in err
    assert "no case of the sample is valid under iaow-2013-04" in err


def test_csv_outputs_are_spreadsheet_safe_and_scalar(tmp_path: Path) -> None:
    path, _ = _hostile_sample(tmp_path)
    folder = tmp_path / "tables"
    code, out, _ = run_cli(
        "report",
        str(path),
        "--criteria",
        "iaow-2013-10",
        "--format",
        "csv",
        "--csv-dir",
        str(folder),
    )
    assert code == 0
    texts = [out, *(p.read_text() for p in sorted(folder.glob("*.csv")))]
    written = io.StringIO()
    aow_rules.write_csv([json.loads(g) for g in GOOD[:3]] + [_formula_case()], IAOW, written)
    texts.append(written.getvalue())
    cells = [cell for text in texts for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("{") or c.startswith("[")]
    assert '\'=HYPERLINK("http://example.invalid","x")' in cells
    # A CSV sample written with escapes reads back as it was.
    back = tmp_path / "back.csv"
    back.write_text(written.getvalue())
    sample = aow_rules.read_sample(back, IAOW)
    assert not sample.rejected
    assert sample.cases[-1].assessor == "=cmd|' /C calc'!A0"
    assert sample.cases[-1].note == "-2+3 and '= kept"


def _formula_case() -> dict[str, Any]:
    case = json.loads(GOOD[3])
    case.update(case_id="@SUM(A1)", assessor="=cmd|' /C calc'!A0", note="-2+3 and '= kept")
    return case


def test_a_case_names_criteria_by_id_never_by_path(tmp_path: Path) -> None:
    # Injection: a case whose criteria was a path made the CLI open it and echo its keys.
    case = tmp_path / "c.json"
    for target in ("/etc/passwd", str(MINI), "../criteria/iaow-2013-10.yaml"):
        case.write_text(json.dumps({"format": "aow-case/1", "case_id": "X", "criteria": target}))
        code, out, err = run_cli("evaluate", str(case))
        assert code == 3
        assert out == ""
        assert "never by a path" in err
        assert "root:x:0" not in err  # nothing of the file it names is read
        data = {"format": "aow-case/1", "case_id": "X", "criteria": target}
        with pytest.raises(CaseError) as caught:
            aow_rules.parse_case(data, MINI_C)
        assert caught.value.headline.location == "$.criteria"
    # From the caller, a path is fine.
    good = FIXTURES / "case-good.json"
    assert run_cli("evaluate", str(good), "--criteria", str(MINI))[0] == 0


def test_a_case_built_by_hand_is_checked_like_a_parsed_one() -> None:
    # Library path: a Case built directly accepted out-of-scale answers, left them unscored,
    # and failed later with TypeError or ValueError.
    good = aow_rules.parse_case(json.loads((FIXTURES / "case-good.json").read_text()), MINI_C)
    for changes, code in (
        ({"answers": {"1.1-01": "maybe"}}, Code.CASE_OPTION_NOT_IN_SCALE),
        ({"answers": {"1.1-01": 1}}, Code.WRONG_TYPE),
        ({"facts": {**good.facts, "months": float("nan")}}, Code.WRONG_TYPE),
        ({"case_id": "A\u202eB"}, Code.INVALID_CHARACTER),
        ({"criteria_id": "other-1"}, Code.CASE_WRONG_CRITERIA),
    ):
        fields = {
            "case_id": good.case_id,
            "criteria_id": good.criteria_id,
            "facts": good.facts,
            "answers": good.answers,
            "evidence": good.evidence,
            **changes,
        }
        case = Case(**fields)
        with pytest.raises(CaseError) as caught:
            aow_rules.evaluate(MINI_C, case)
        assert code in {p.code for p in caught.value.problems}
        # In a sample, it is one rejected case; the good one is kept.
        report = aow_rules.report(MINI_C, [good, case])
        assert (report.cases, len(report.rejected)) == (1, 1)
    # facts=None is no facts, as null is in JSON; the case is then checked as usual.
    bare = Case(good.case_id, good.criteria_id, None, good.answers)  # type: ignore[arg-type]
    with pytest.raises(CaseError) as caught:
        aow_rules.evaluate(MINI_C, bare)
    assert {p.code for p in caught.value.problems} == {Code.MISSING_KEY}
    same = Case(good.case_id, good.criteria_id, dict(good.facts), dict(good.answers))
    assert aow_rules.evaluate(MINI_C, same).to_dict()["outcomes"]


def test_case_problems_carry_a_location() -> None:
    for text, code, where in (
        ('{"case_id": "a", "facts": {"x": 1, "x": 2}}', Code.CASE_DUPLICATE_KEY, "$.facts.x"),
        ('{"case_id": "a", "facts": {"x": NaN}}', Code.CASE_NON_FINITE, "$.facts.x"),
        ('{"answers": {"q": 1e999}}', Code.NUMBER_OUT_OF_RANGE, '$.answers["q"]'),
        ('{"facts": {"n": 1' + "0" * 5000 + "}}", Code.NUMBER_OUT_OF_RANGE, "$.facts.n"),
        ("[" * 100 + "]" * 100, Code.INPUT_TOO_DEEP, "$" + "[0]" * 64),
        ('{"a": 1,}', Code.CASE_JSON_SYNTAX, "1:9"),
    ):
        with pytest.raises(CaseError) as caught:
            aow_rules.parse_case(read_case_json(text, "t.json"), MINI_C)
        problem = caught.value.headline
        assert (problem.code, problem.location) == (code, where), text[:40]
