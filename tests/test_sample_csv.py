"""CSV samples: one row per case. The same cases as JSON Lines give equal `Case` objects and
byte-identical reports (but for the names of the source files); a bad cell loses only its row;
a bad header stops the file with a suggestion."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import CaseError, Code, Criteria, Sample, read_sample, write_csv

from .strategies import case_content, fact_value
from .support import EXAMPLES, MINI, criteria_file, run_cli

DOUBLE = EXAMPLES.parent / "double-marked.jsonl"
IAOW = aow_rules.load_criteria("iaow-2013-10")
MINI_C = aow_rules.load_criteria(MINI)
# Every fact type, for the round trip. SYNTHETIC: not a real framework.
ALL_TYPES_YAML = """\
format: aow-criteria/1
id: all-types-1
version: "1"
title: Every fact type
status: draft
effective_from: 2020-01-01
provenance: {summary: Synthetic test criteria.}
outcomes: [{id: O1, title: First}]
stages: [{id: P1, title: Assessment}]
criteria: [{id: "1.1", title: Only, outcome: O1, stage: P1}]
facts:
  - {id: flag, title: A flag, type: bool, required: true}
  - {id: count, title: A count, type: int, min: -5, max: 100000}
  - {id: kind, title: A kind, type: choice, options: [a, b, c]}
  - {id: needs, title: Needs, type: set, options: [accommodation, ete, finance], required: true}
  - {id: seen, title: Seen on, type: date}
  - {id: ldu, title: Unit, type: text}
scales:
  - id: yes_no_na
    title: Yes, no or not applicable
    options:
      - {value: "yes", title: "Yes", credit: 1}
      - {value: "no", title: "No", credit: 0}
      - {value: na, title: Not applicable, credit: null}
questions:
  - {id: "1.1-01", criterion: "1.1", text: "Done?", scale: yes_no_na, applies_if: case.flag}
  - {id: "1.1-02", criterion: "1.1", text: "Done well?", scale: yes_no_na}
  - {id: "0-01", text: Summary, scored: false}
"""
ALL_TYPES = criteria_file(ALL_TYPES_YAML, "all-types.yaml")


def _jsonl(path: Path, cases: list[dict[str, Any]], *, ascii_only: bool = True) -> Path:
    path.write_text(
        "".join(json.dumps(c, ensure_ascii=ascii_only) + "\n" for c in cases), encoding="utf-8"
    )
    return path


def _csv(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
    return path


def _case(case_id: str = "C-1", **changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": "aow-case/1",
        "case_id": case_id,
        "criteria": "mini-1",
        "assessor": "A1",
        "facts": {"report": "full", "victim": True, "months": 7},
        "answers": {"1.1-01": "yes", "2.1-02": "no"},
    }
    out.update(changes)
    return out


def _ordered(case: aow_rules.Case) -> tuple[Any, ...]:
    """A case with the order of its mappings, which `==` on dicts ignores."""
    return (case, list(case.facts), list(case.answers), list(case.evidence))


def _problems(sample: Sample) -> list[tuple[str, str, str | None, str]]:
    """Rejected problems without the file:line, which differs between a CSV and JSONL."""
    return [
        (str(p.code), p.location, p.suggestion, re.sub(r"^.*?:\d+", "", p.source) + p.message)
        for r in sample.rejected
        for p in r.problems
    ]


def _same(a: Sample, b: Sample) -> None:
    assert [_ordered(c) for c in a.cases] == [_ordered(c) for c in b.cases]
    assert _problems(a) == _problems(b)


# The shipped double-marked example, as CSV.


@pytest.fixture
def double(tmp_path: Path) -> tuple[Path, Path]:
    jsonl = tmp_path / "dm.jsonl"
    jsonl.write_bytes(DOUBLE.read_bytes())
    csv_path = tmp_path / "dm.csv"
    write_csv([json.loads(line) for line in DOUBLE.read_text().splitlines()], IAOW, csv_path)
    return jsonl, csv_path


def test_double_marked_as_csv_gives_equal_cases_in_order(double: tuple[Path, Path]) -> None:
    jsonl, csv_path = double
    a, b = read_sample(jsonl, IAOW), read_sample(csv_path, IAOW)
    assert len(a.cases) == 8
    assert b.rejected == ()
    _same(a, b)
    # Row k of the CSV is line k + 1: the header is line 1.
    assert b.sources == tuple(f"{csv_path}:{n + 1}" for n in range(1, 9))
    assert a.sources == tuple(f"{jsonl}:{n}" for n in range(1, 9))


def _renamed(out: str, jsonl: Path, csv_path: Path) -> str:
    """The JSONL run's output with each source ``dm.jsonl:N`` named as the CSV names it,
    ``dm.csv:N+1``: the only difference the two runs may have."""
    return re.sub(
        re.escape(str(jsonl)) + r":(\d+)", lambda m: f"{csv_path}:{int(m[1]) + 1}", out
    ).replace(str(jsonl), str(csv_path))


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_qa_output_is_byte_identical_but_for_source_names(
    double: tuple[Path, Path], fmt: str
) -> None:
    jsonl, csv_path = double
    runs = [run_cli("qa", str(p), "--criteria", "iaow-2013-10", "--format", fmt) for p in double]
    (code_a, out_a, err_a), (code_b, out_b, err_b) = runs
    assert (code_a, err_a) == (code_b, err_b) == (0, "")
    if fmt == "json":
        assert f'"{csv_path}:9"' in out_b  # the sources really are named
    assert _renamed(out_a, jsonl, csv_path) == out_b


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_impact_output_is_byte_identical_but_for_source_names(
    double: tuple[Path, Path], fmt: str
) -> None:
    # The JSONL lists answers in key-sorted order, the CSV in the criteria's: impact's notes
    # once followed the order a case was written in (parse_case now normalises it).
    jsonl, csv_path = double
    runs = [
        run_cli("impact", "iaow-2013-10", "iaow-2014-08", str(p), "--format", fmt) for p in double
    ]
    (code_a, out_a, _), (code_b, out_b, _) = runs
    # No case of the sample is valid under iaow-2014-08: the report is written all the same,
    # and the exit code says there was nothing to compare (issue 13).
    assert code_a == code_b == 3
    if fmt == "json":
        assert "has no question in iaow-2014-08" in out_a
    assert _renamed(out_a, jsonl, csv_path) == out_b


def test_parse_case_keeps_the_criteria_order_not_the_senders() -> None:
    raw = _case(
        facts={"months": 3, "victim": False, "report": "none"},
        answers={"2.1-02": "no", "0-01": "x", "1.1-01": "yes"},
        evidence={"2.1-02": "e", "1.1-01": "f"},
    )
    case = aow_rules.parse_case(raw, MINI_C)
    assert list(case.facts) == ["report", "victim", "months"]
    assert list(case.answers) == ["1.1-01", "2.1-02", "0-01"]
    assert list(case.evidence) == ["1.1-01", "2.1-02"]


def test_a_folder_reads_csv_with_the_others_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", [_case("J-1")])
    write_csv([_case("C-1"), _case("C-2")], MINI_C, folder / "b.csv")
    (folder / "c.json").write_text(json.dumps(_case("F-1")))
    sample = read_sample(folder, MINI_C)
    assert [c.case_id for c in sample.cases] == ["J-1", "C-1", "C-2", "F-1"]
    assert sample.sources == (
        f"{folder / 'a.jsonl'}:1",
        f"{folder / 'b.csv'}:2",
        f"{folder / 'b.csv'}:3",
        str(folder / "c.json"),
    )


def test_a_folder_with_no_case_files_names_csv(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("")
    with pytest.raises(CaseError, match=r"\.json, \.jsonl or \.csv"):
        read_sample(tmp_path, MINI_C)


# Reading cells.

HEAD = "case_id,assessor,report,victim,months,1.1-01,2.1-01,evidence:2.1-01\n"


def test_bad_cells_are_named_with_column_value_and_expectation(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        HEAD
        + "C-1,A1,full,true,7,yes,good,\n"
        + "C-2,A1,full,maybe,7,Yes,good,\n"
        + "C-3,A1,full,FALSE,12.0,yes,,\n"
        + "C-4,A1,fulll,yes,abc,yes,,\n"
        + "C-5,A1,none,False,601,,insufficient,nothing on file\n"
        + "C-6,A1,none,False,0,,insufficient,nothing on file\n",
    )
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-1", "C-6"]
    assert sample.sources == (f"{path}:2", f"{path}:7")
    rejected = {r.source: r.problems for r in sample.rejected}
    assert list(rejected) == [f"{path}:{n}" for n in (3, 4, 5, 6)]

    # Every problem of a row at once: the bool cell and the answer.
    bad_bool, bad_answer = rejected[f"{path}:3"]
    assert bad_bool.code == Code.WRONG_TYPE
    assert bad_bool.source == f"{path}:3: case C-2"
    assert bad_bool.location == "$.facts.victim"
    assert bad_bool.message == "column victim: expected true or false, got 'maybe'"
    assert bad_bool.suggestion == "only true or false (in any case) are accepted"
    assert bad_answer.code == Code.CASE_OPTION_NOT_IN_SCALE
    assert bad_answer.location == '$.answers["1.1-01"]'
    assert "'Yes'" in bad_answer.message
    assert bad_answer.suggestion == "did you mean 'yes'? (options are case-sensitive)"

    (whole,) = rejected[f"{path}:4"]
    assert (whole.code, whole.location) == (Code.WRONG_TYPE, "$.facts.months")
    assert whole.message == "column months: expected an integer, got '12.0'"
    assert whole.suggestion == "did you mean 12?"

    report, victim, months = rejected[f"{path}:5"]
    assert (report.code, report.suggestion) == (
        Code.CASE_OPTION_NOT_IN_SCALE,
        "did you mean 'full'?",
    )
    assert victim.message == "column victim: expected true or false, got 'yes'"
    assert victim.suggestion == "write true: only true or false (in any case) are accepted"
    assert months.message == "column months: expected an integer, got 'abc'"

    (bounds,) = rejected[f"{path}:6"]  # the same check, path and message as for JSON
    assert (bounds.code, bounds.location) == (Code.INVALID_VALUE, "$.facts.months")
    json_path = _jsonl(
        tmp_path / "s.jsonl", [_case("C-5", facts={**_case()["facts"], "months": 601})]
    )
    (as_json,) = read_sample(json_path, MINI_C).rejected[0].problems
    assert (as_json.code, as_json.location, as_json.message) == (
        bounds.code,
        bounds.location,
        bounds.message,
    )


def test_through_the_cli_a_bad_row_is_reported_and_the_rest_scored(tmp_path: Path) -> None:
    path = _csv(tmp_path / "s.csv", HEAD + "C-1,A1,full,true,7,yes,,\nC-2,A1,full,maybe,7,,,\n")
    code, out, err = run_cli("qa", str(path), "--criteria", str(MINI), "--format", "json")
    assert code == 0
    assert "1 case(s) rejected" in err
    data = json.loads(out)
    assert data["sample"]["assessments"] == 1
    (rejected,) = data["sample"]["rejected"]
    assert rejected["source"] == f"{path}:3"
    assert rejected["problems"][0]["message"] == (
        "column victim: expected true or false, got 'maybe'"
    )


def test_empty_cells_are_absent_never_null_or_empty(tmp_path: Path) -> None:
    head = "case_id,assessor,note,report,victim,months,1.1-01,0-01,evidence:1.1-01\n"
    path = _csv(tmp_path / "s.csv", head + "C-1,,,full,false,,,,\n")
    (case,) = read_sample(path, MINI_C).cases
    assert case.assessor is None
    assert case.note is None
    assert case.facts == {"report": "full", "victim": False}
    assert case.answers == {}
    assert case.evidence == {}
    # The same case as JSON, with the absent keys left out.
    raw = {"format": "aow-case/1", "case_id": "C-1", "criteria": "mini-1"}
    raw["facts"] = {"report": "full", "victim": False}
    assert case == aow_rules.parse_case(raw, MINI_C)


def test_empty_rows_and_blank_lines_are_skipped_and_lines_still_count(tmp_path: Path) -> None:
    path = _csv(tmp_path / "s.csv", "\n" + HEAD + "\n,,,,,,,\nC-1,A1,full,true,7,,,\n\n,,,\n")
    sample = read_sample(path, MINI_C)
    assert sample.sources == (f"{path}:5",)
    assert sample.rejected == ()


def test_an_empty_case_id_rejects_the_row(tmp_path: Path) -> None:
    path = _csv(tmp_path / "s.csv", HEAD + ",A1,full,true,7,,,\n")
    (rejected,) = read_sample(path, MINI_C).rejected
    assert rejected.source == f"{path}:2"
    assert [(p.code, p.message) for p in rejected.problems] == [
        (Code.MISSING_KEY, "missing required key 'case_id'")
    ]


def test_sets_are_semicolon_separated_and_none_is_the_empty_set(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        "case_id,flag,needs\n"
        "C-1,true,finance;accommodation\n"
        "C-2,true,(none)\n"
        "C-3,true,\n"
        "C-4,true,ete; finance\n"
        "C-5,true,ete;ete\n",
    )
    sample = read_sample(path, ALL_TYPES)
    # Kept in the criteria's option order, as for JSON.
    assert [c.facts["needs"] for c in sample.cases] == [["accommodation", "finance"], []]
    rejected = {r.source.rsplit(":", 1)[1]: r.problems for r in sample.rejected}
    assert rejected["4"][0].message == "missing required fact 'needs' (Needs)"
    (spaced,) = rejected["5"]
    assert spaced.location == "$.facts.needs[1]"
    assert spaced.suggestion == "did you mean 'finance'? (options are case-sensitive)"
    assert rejected["6"][0].message == "lists an option more than once"


def test_typed_facts_of_every_kind(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        "case_id,flag,count,kind,needs,seen,ldu\n"
        "C-1,True,-5,b,ete,2014-06-01,North; and south\n"
        "C-2,true,+5,b,ete,2014-6-1,x\n",
    )
    sample = read_sample(path, ALL_TYPES)
    (case,) = sample.cases
    assert case.facts == {
        "flag": True,
        "count": -5,
        "kind": "b",
        "needs": ["ete"],
        "seen": "2014-06-01",
        "ldu": "North; and south",
    }
    count, seen = sample.rejected[0].problems
    assert count.message == "column count: expected an integer, got '+5'"
    assert count.suggestion == "did you mean 5?"
    assert (seen.code, seen.location) == (Code.INVALID_VALUE, "$.facts.seen")


def test_the_criteria_column_must_name_the_criteria(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        "case_id,criteria,report,victim\nC-1,mini-1,full,true\nC-2,,full,true\n"
        "C-3,mini-2,full,true\n",
    )
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-1", "C-2"]
    (rejected,) = sample.rejected
    assert rejected.source == f"{path}:4"
    (problem,) = rejected.problems
    assert problem.code == Code.CASE_WRONG_CRITERIA
    assert problem.message == "the case was written for 'mini-2', not 'mini-1'"


def test_a_value_under_an_unnamed_column_rejects_the_row(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        "case_id,report,victim,\nC-1,full,true,\nC-2,full,true,,\nC-3,full,true,x\n",
    )
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-1", "C-2"]
    (problem,) = sample.rejected[0].problems
    assert problem.code == Code.UNKNOWN_KEY
    assert problem.message == "column D has no name in the header, but this row has 'x' there"


# The header.


def _header_error(tmp_path: Path, text: str) -> CaseError:
    path = _csv(tmp_path / "s.csv", text)
    with pytest.raises(CaseError) as info:
        read_sample(path, MINI_C)
    return info.value


def test_an_unknown_column_stops_the_file_with_a_suggestion(tmp_path: Path) -> None:
    err = _header_error(tmp_path, "case_id,report,vicitm,evidance:1.1-01\nC-1,full,true,x\n")
    unknown = [p for p in err.problems if p.code == Code.UNKNOWN_KEY]
    assert [(p.location, p.suggestion) for p in unknown] == [
        ("1:3", "did you mean 'victim'?"),
        ("1:4", "did you mean 'evidence:1.1-01'?"),
    ]
    assert unknown[0].source == str(tmp_path / "s.csv")
    assert unknown[0].message.startswith("column C: unknown column 'vicitm'")
    # Without the victim column, the required fact has no column either.
    (missing,) = [p for p in err.problems if p.code == Code.MISSING_KEY]
    assert missing.message == "no column for required fact 'victim' (Identifiable victim)"


def test_column_names_are_case_sensitive_with_a_hint(tmp_path: Path) -> None:
    err = _header_error(tmp_path, "Case_ID,report,victim\n")
    missing, unknown = sorted(err.problems, key=lambda p: p.code)
    assert err.headline == missing
    assert missing.suggestion == "rename column A ('Case_ID') to case_id"
    assert unknown.suggestion == "did you mean 'case_id'? (column names are case-sensitive)"


def test_duplicate_and_missing_columns(tmp_path: Path) -> None:
    err = _header_error(tmp_path, "report,victim,report\n")
    assert [(p.code, p.location) for p in err.problems] == [
        (Code.CASE_DUPLICATE_KEY, "1:3"),
        (Code.MISSING_KEY, "1"),
    ]
    assert "first in column A" in err.problems[0].message
    assert err.headline.code == Code.MISSING_KEY  # no case_id: likely no header at all


def test_a_semicolon_separated_file_gets_a_hint(tmp_path: Path) -> None:
    err = _header_error(tmp_path, "case_id;report;victim\nC-1;full;true\n")
    (unknown,) = [p for p in err.problems if p.code == Code.UNKNOWN_KEY]
    assert unknown.suggestion is not None
    assert "comma-separated files only" in unknown.suggestion


def test_an_empty_file_has_no_header(tmp_path: Path) -> None:
    err = _header_error(tmp_path, "\n\n")
    assert err.headline.code == Code.MISSING_KEY
    assert "header row" in err.headline.message


def test_the_cli_reports_a_bad_header_as_invalid_input(tmp_path: Path) -> None:
    path = _csv(tmp_path / "s.csv", "case_id,report,vicitm\n")
    code, out, err = run_cli("qa", str(path), "--criteria", str(MINI))
    assert (code, out) == (3, "")
    assert "unknown column 'vicitm'" in err
    assert "did you mean 'victim'?" in err


def test_a_column_with_two_meanings_is_refused(tmp_path: Path) -> None:
    text = ALL_TYPES_YAML.replace("id: ldu, title: Unit", "id: note, title: Unit")
    (tmp_path / "clash.yaml").write_text(text, encoding="utf-8")
    criteria = aow_rules.load_criteria(tmp_path / "clash.yaml")
    path = _csv(tmp_path / "s.csv", "case_id,flag,needs,note\nC-1,true,ete,x\n")
    with pytest.raises(CaseError) as info:
        read_sample(path, criteria)
    assert info.value.headline.message == (
        "column D: column 'note' is ambiguous in all-types-1: it could be the note column "
        "or fact note"
    )
    with pytest.raises(ValueError, match="cannot be written as CSV"):
        write_csv([], criteria, io.StringIO())


# Encoding, quoting and lines.


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = _csv(tmp_path / "s.csv", HEAD + "C-1,A1,full,true,7,,,\n", bom=True)
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-1"]


def test_bad_utf8_rejects_its_row_not_the_sample(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(HEAD.encode() + b"C-1,A\xff,full,true,7,,,\nC-2,A1,full,true,7,,,\n")
    sample = read_sample(path, MINI_C)
    (rejected,) = sample.rejected
    assert (rejected.source, rejected.problems[0].code) == (f"{path}:2", Code.INVALID_UTF8)
    assert [c.case_id for c in sample.cases] == ["C-2"]


def test_multi_line_quoted_cells_keep_line_numbers_and_text(tmp_path: Path) -> None:
    note = 'First line,\r\nsecond "quoted" line\n\nand a fourth'
    quoted = '"' + note.replace('"', '""') + '"'
    path = _csv(
        tmp_path / "s.csv",
        "case_id,note,report,victim\r\n"
        f"C-1,{quoted},full,true\r\n"
        "C-2,,full,true\r\n"
        f"C-3,{quoted},full,maybe\r\n"
        "C-4,plain,none,false\r\n",
    )
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-1", "C-2", "C-4"]
    assert sample.cases[0].note == note  # \r\n inside the cell is kept as written
    assert sample.sources == (f"{path}:2", f"{path}:6", f"{path}:11")
    assert sample.rejected[0].source == f"{path}:7"


def test_a_stray_quote_loses_only_what_it_swallows(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        "case_id,note,report,victim\n"
        'C-1,"closed" early,full,true\n'
        "C-2,,full,true\n"
        'C-3,"never closed,full,true\n'
        "C-4,,full,true\n",
    )
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-2"]
    early, never = sample.rejected
    assert (early.source, early.problems[0].code) == (f"{path}:2", Code.CASE_CSV_SYNTAX)
    assert early.problems[0].suggestion == 'a quote inside a quoted cell is written ""'
    assert never.source == f"{path}:4"
    assert never.problems[0].message == (
        "a quoted cell opened on line 4 or later is never closed: lines 4 to 5 could not be read"
    )


def test_a_cell_beyond_the_csv_field_limit_loses_only_its_row(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "s.csv",
        f"case_id,note,report,victim\nC-1,{'x' * 200_000},full,true\nC-2,,full,true\n",
    )
    sample = read_sample(path, MINI_C)
    assert [c.case_id for c in sample.cases] == ["C-2"]
    (problem,) = sample.rejected[0].problems
    assert (problem.code, problem.source) == (Code.CASE_CSV_SYNTAX, f"{path}:2")
    assert problem.message == "a cell is longer than 131,072 characters"


def test_jsonl_lines_split_only_at_line_ends(tmp_path: Path) -> None:
    # JSON allows U+2028 and U+0085 raw inside strings; str.splitlines would break the line.
    path = _jsonl(
        tmp_path / "s.jsonl", [_case(note="a\u2028b\x85c"), _case("C-2")], ascii_only=False
    )
    sample = read_sample(path, MINI_C)
    assert [c.note for c in sample.cases] == ["a\u2028b\x85c", None]
    assert sample.sources == (f"{path}:1", f"{path}:2")


# Writing.


def test_write_csv_columns_and_cells() -> None:
    cases = [
        _case(
            "C-1",
            note='said "no", then\nyes',
            facts={"months": 3, "victim": False, "report": "none"},
            answers={"2.1-01": "good", "0-01": "free, text"},
            evidence={"2.1-01": "on file"},
        ),
        {"format": "aow-case/1", "case_id": "C-2", "facts": {"report": "full", "victim": True}},
    ]
    out = io.StringIO()
    write_csv(cases, MINI_C, out)
    assert out.getvalue() == (
        "case_id,assessor,note,report,victim,months,1.1-01,1.1-02,2.1-01,2.1-02,0-01,"
        "evidence:2.1-01\r\n"
        'C-1,A1,"said ""no"", then\nyes",none,false,3,,,good,,"free, text",on file\r\n'
        "C-2,,,full,true,,,,,,,\r\n"
    )


def test_write_csv_sets_keep_the_given_order_and_the_file_equals_the_stream(
    tmp_path: Path,
) -> None:
    cases = [
        {"case_id": "C-1", "facts": {"flag": True, "needs": ["finance", "ete"]}},
        {"case_id": "C-2", "facts": {"flag": True, "needs": []}},
    ]
    out = io.StringIO()
    write_csv(cases, ALL_TYPES, out)
    assert out.getvalue().splitlines()[1:] == [
        "C-1,,,true,,,finance;ete,,,,,",
        "C-2,,,true,,,(none),,,,,",
    ]
    write_csv(cases, ALL_TYPES, tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_bytes() == out.getvalue().encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"note": ""}, "note is the empty string"),
        ({"assessor": None}, "assessor is NoneType, not a string"),
        ({"answers": {"9.9-99": "yes"}}, "'9.9-99' is not a question of mini-1"),
        ({"facts": {"months": "7"}}, "fact months is str, not an integer"),
        ({"facts": {"victim": 1}}, "fact victim is int, not a boolean"),
        ({"criteria": "mini-2"}, "written for 'mini-2', not 'mini-1'"),
        ({"evidence": {"1.1-01": ""}}, "the evidence for 1.1-01 is the empty string"),
        ({"extra": 1}, "unknown key 'extra'"),
    ],
)
def test_write_csv_refuses_what_a_csv_cannot_carry(change: dict[str, Any], message: str) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        write_csv([_case("C-1"), _case("C-2", **change)], MINI_C, out)
    assert str(info.value).startswith("case 2 ('C-2'): ")
    assert out.getvalue() == ""  # nothing written


# The round trip: any valid cases, written as CSV, read back as they read from JSON Lines.

_TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from(',;"\r\n\u2028 '),
    min_size=1,
    max_size=12,
)


@st.composite
def _cases(draw: st.DrawFn, criteria: Criteria) -> dict[str, Any]:
    facts, answers, evidence = case_content(
        draw,
        criteria,
        values=lambda fact: fact_value(fact, _TEXT),
        text=_TEXT,
        evidence=st.sampled_from(["  ", "noted in the record"]) | _TEXT,
    )
    case: dict[str, Any] = {
        "format": "aow-case/1",
        "case_id": draw(_TEXT),
        "criteria": criteria.id,
        # In any order: parse_case puts them in the criteria's.
        "facts": dict(draw(st.permutations(list(facts.items())))),
        "answers": dict(draw(st.permutations(list(answers.items())))),
        "evidence": evidence,
    }
    for key in ("assessor", "note"):
        if draw(st.booleans()):
            case[key] = draw(_TEXT)
    return case


@pytest.mark.parametrize(
    "criteria",
    [
        MINI_C,
        ALL_TYPES,
        pytest.param(IAOW, marks=pytest.mark.slow),  # a hundred questions per case: about 2 s
    ],
    ids=lambda c: c.id,
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_through_csv_equals_json_lines(
    criteria: Criteria, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cases = data.draw(st.lists(_cases(criteria), max_size=4))
    folder = tmp_path_factory.mktemp("round")
    csv_path = folder / "s.csv"
    write_csv(cases, criteria, csv_path)
    from_csv = read_sample(csv_path, criteria)
    from_json = read_sample(_jsonl(folder / "s.jsonl", cases, ascii_only=False), criteria)
    _same(from_json, from_csv)
    assert len(from_csv.cases) + len(from_csv.rejected) == len(cases)
