"""Interview records on cases, and the report's interview coverage and reoffending tables:
known answers on a hand-made sample, every engine alike, criteria without the facts, and
the record read strictly from JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules._cases._csv import write_csv  # private: the CSV writer make_samples uses
from aow_rules._cases._fast import plainly_valid  # private: which path took the case
from aow_rules._render import render, report_text  # private: the CLI's renderers
from aow_rules.errors import CaseError

from .support import MINI, ROOT, columnar_installed, run_cli

SAMPLE = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
CRITERIA = aow_rules.load_criteria("iaow-2013-10")
LINES = {json.loads(line)["case_id"]: json.loads(line) for line in SAMPLE.open()}

# The hand-made sample: (case, interview record or None, further_offence, recall), where None
# leaves the fact out (not recorded). SYN-002, -004, -005: community orders; SYN-034, -035,
# -036: licences; assessors A04, A06, A05, A01, A05, A03.
HAND = [
    ("SYN-002", {"officer": True, "offender": True, "date": "2013-11-19"}, True, False),
    ("SYN-004", {"officer": True, "offender": False}, False, None),
    ("SYN-005", None, None, None),
    ("SYN-034", {"officer": False, "offender": False}, True, True),
    ("SYN-035", {"officer": True, "offender": False, "date": "2013-11-20"}, False, True),
    ("SYN-036", None, False, False),
]


def _case(case_id: str, interview: Any, further: Any, recall: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(LINES[case_id]))
    data.pop("interview", None)  # the example's own record, replaced by the one given
    if interview is not None:
        data["interview"] = interview
    for fact, value in (("further_offence", further), ("recall", recall)):
        data["facts"].pop(fact, None)
        if value is not None:
            data["facts"][fact] = value
    return data


def _hand_sample(tmp_path: Path) -> Path:
    path = tmp_path / "hand.jsonl"
    path.write_text("".join(json.dumps(_case(*row)) + "\n" for row in HAND))
    return path


def test_known_answers_on_a_hand_made_sample(tmp_path: Path) -> None:
    path = _hand_sample(tmp_path)
    data = aow_rules.report(CRITERIA, path, by=["sentence_type"]).to_dict()
    iv = data["interviews"]
    assert iv["cases"] == 6
    # Officers: interviewed in SYN-002, -004, -035; not in -034; -005 and -036 record nothing.
    assert iv["officer"] == {
        "interviewed": 3,
        "not_interviewed": 1,
        "not_recorded": 2,
        "share": 0.5,
        "fraction": "1/2",
        "percent": "50%",
    }
    assert (iv["offender"]["interviewed"], iv["offender"]["not_interviewed"]) == (1, 3)
    assert iv["offender"]["not_recorded"] == 2
    (by,) = iv["breakdowns"]
    cells = {v["value"]: v for v in by["values"]}
    assert cells["community_order"]["cases"] == 3
    assert cells["community_order"]["officer"]["interviewed"] == 2
    assert cells["community_order"]["officer"]["not_recorded"] == 1
    assert cells["licence_determinate"]["officer"]["interviewed"] == 1
    assert cells["licence_determinate"]["officer"]["not_interviewed"] == 1
    r = data["reoffending"]
    assert [e["fact"] for e in r["events"]] == ["further_offence", "recall"]
    assert r["note"] is None
    further, recall = r["totals"]["further_offence"], r["totals"]["recall"]
    assert (further["yes"], further["no"], further["not_recorded"]) == (2, 3, 1)
    assert further["fraction"] == "1/3"
    assert (recall["yes"], recall["no"], recall["not_recorded"]) == (2, 2, 2)
    (by,) = r["breakdowns"]
    cells = {v["value"]: v for v in by["values"]}
    community, licence = cells["community_order"], cells["licence_determinate"]
    assert (community["further_offence"]["yes"], community["recall"]["yes"]) == (1, 0)
    assert community["recall"]["not_recorded"] == 2
    assert (licence["further_offence"]["yes"], licence["recall"]["yes"]) == (1, 2)
    assert licence["recall"]["fraction"] == "2/3"
    assert licence["recall"]["percent"] == "67%"


def test_known_answers_in_text_and_csv(tmp_path: Path) -> None:
    path = _hand_sample(tmp_path)
    argv = ["report", str(path), "--criteria", "iaow-2013-10", "--by", "sentence_type"]
    code, out, err = run_cli(*argv, "--format", "text")
    assert code == 0, err
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert any(line.startswith("Interviews (of 6 case(s)") for line in lines)
    assert "Responsible officer 3 (50%) 1 2" in lines
    assert "Individual (offender) 1 (17%) 3 2" in lines
    assert "Further offence 2 (33%) 3 1" in lines
    assert "Recall to custody 2 (33%) 2 2" in lines
    assert "Licence after a determinate custodial... 3 1 (33%) 2 (67%)" in lines
    code, _, err = run_cli(*argv, "--format", "csv", "--csv-dir", str(tmp_path / "t"))
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "t" / "reoffending.csv").open()))
    whole = {r["event"]: r for r in rows if r["breakdown"] == ""}
    assert (whole["recall"]["yes"], whole["recall"]["no"], whole["recall"]["not_recorded"]) == (
        "2",
        "2",
        "2",
    )
    rows = list(csv.DictReader((tmp_path / "t" / "interviews.csv").open()))
    licence = [r for r in rows if r["value"] == "licence_determinate" and r["who"] == "officer"]
    assert [(r["interviewed"], r["not_interviewed"], r["not_recorded"]) for r in licence] == [
        ("1", "1", "1")
    ]


def test_an_absent_record_is_not_recorded_never_not_interviewed() -> None:
    cases = [aow_rules.parse_case(_case("SYN-002", None, None, None), CRITERIA)]
    data = aow_rules.report(CRITERIA, cases, by=[]).to_dict()
    assert data["interviews"]["officer"]["not_interviewed"] == 0
    assert data["interviews"]["officer"]["not_recorded"] == 1
    assert data["reoffending"]["totals"]["further_offence"]["no"] == 0


ENGINES = ["per-case", "stream"] + (["columnar"] if columnar_installed() else [])


@st.composite
def _samples(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = draw(st.lists(st.sampled_from(sorted(LINES)), min_size=0, max_size=25))
    out = []
    for case_id in ids:
        interview = draw(
            st.none() | st.fixed_dictionaries({"officer": st.booleans(), "offender": st.booleans()})
        )
        flag = st.none() | st.booleans()
        out.append(_case(case_id, interview, draw(flag), draw(flag)))
    return out


@pytest.mark.slow  # 60 generated samples, each reported by every engine: 4-7 s
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=_samples(), by=st.sampled_from([[], ["sentence_type"], ["assessor", "ldu"]]))
def test_every_engine_counts_alike_and_as_an_oracle(
    sample: list[dict[str, Any]], by: list[str]
) -> None:
    cases = [aow_rules.parse_case(c, CRITERIA) for c in sample]
    reports = [
        aow_rules.report(CRITERIA, cases, by=by, engine=engine).to_dict(case_list=False)
        for engine in ENGINES
    ]
    first = reports[0]
    for other in reports[1:]:
        assert other["interviews"] == first["interviews"]
        assert other["reoffending"] == first["reoffending"]
    # The oracle: count the records straight from the case dicts.
    for who in ("officer", "offender"):
        seen = [c.get("interview", {}).get(who) for c in sample]
        got = first["interviews"][who]
        assert got["interviewed"] == seen.count(True)
        assert got["not_interviewed"] == seen.count(False)
        assert got["not_recorded"] == seen.count(None)
    for event in ("further_offence", "recall"):
        seen = [c["facts"].get(event) for c in sample]
        got = first["reoffending"]["totals"][event]
        assert (got["yes"], got["no"], got["not_recorded"]) == (
            seen.count(True),
            seen.count(False),
            seen.count(None),
        )


@pytest.mark.parametrize("engine", ENGINES)
def test_the_whole_report_is_the_same_whatever_the_engine(engine: str, tmp_path: Path) -> None:
    path = _hand_sample(tmp_path)
    base = aow_rules.report(CRITERIA, path, engine="per-case").to_dict(case_list=False)
    other = aow_rules.report(CRITERIA, path, engine=engine).to_dict(case_list=False)
    for data in (base, other):
        data["sample"].pop("engine")
        data["sample"].pop("case_list")
    assert other == base


def test_criteria_without_the_facts_have_no_reoffending_table() -> None:
    mini = aow_rules.load_criteria(MINI)
    case = {
        "format": "aow-case/1",
        "case_id": "M1",
        "criteria": mini.id,
        "facts": {"report": "none", "victim": False},
        "interview": {"officer": True, "offender": True},
    }
    result = aow_rules.report(mini, [aow_rules.parse_case(case, mini)], by=[])
    data = result.to_dict()
    r = data["reoffending"]
    assert r["events"] == []
    assert r["totals"] == {}
    assert r["breakdowns"] == []
    assert r["missing"] == ["further_offence", "recall"]
    assert r["note"] == "mini-1 records no further_offence or recall (a bool fact): no " + (
        "reoffending table"
    )
    assert data["interviews"]["officer"]["interviewed"] == 1
    assert "Reoffending during the period inspected: mini-1 records no" in report_text(data)
    html = render(result, "html")
    assert "no reoffending table" in html


def test_valid_interview_records_take_the_fast_path() -> None:
    data = _case("SYN-002", {"officer": True, "offender": False, "date": "2013-11-19"}, None, None)
    case = plainly_valid(data, CRITERIA)
    assert case is not None
    assert case.interview is not None
    assert (case.interview.officer, case.interview.offender, case.interview.date) == (
        True,
        False,
        "2013-11-19",
    )


@pytest.mark.parametrize(
    ("interview", "location", "words"),
    [
        (None, "$.interview", "interview is null"),
        ("yes", "$.interview", "expected an object, got a string"),
        ({"offender": True}, "$.interview", "missing required key 'officer'"),
        ({"officer": "true", "offender": True}, "$.interview.officer", "expected true or false"),
        ({"officer": True, "offender": 1}, "$.interview.offender", "got an integer"),
        ({"officer": True, "offender": True, "date": "2013-W47-2"}, "$.interview.date", "date"),
        ({"officer": True, "offender": True, "date": "2013-02-30"}, "$.interview.date", "date"),
        ({"officer": False, "offender": False, "date": "2013-11-19"}, "$.interview.date", "neith"),
        ({"officer": True, "offender": True, "dated": "x"}, "$.interview.dated", "unknown key"),
    ],
)
def test_bad_interview_records_are_refused_with_their_path(
    interview: Any, location: str, words: str
) -> None:
    data = _case("SYN-002", None, None, None)
    data["interview"] = interview
    with pytest.raises(CaseError) as caught:
        aow_rules.parse_case(data, CRITERIA)
    assert any(p.location == location and words in p.message for p in caught.value.problems), [
        p.to_dict() for p in caught.value.problems
    ]


def test_interview_columns_in_a_csv_sample(tmp_path: Path) -> None:
    cases = [
        _case("SYN-002", {"officer": True, "offender": False, "date": "2013-11-19"}, None, None),
        _case("SYN-004", None, None, None),
        _case("SYN-005", {"officer": False, "offender": False}, None, None),
    ]
    out = io.StringIO()
    write_csv(cases, CRITERIA, out)
    # As a spreadsheet user writes them: booleans in any case; a yes where true was meant.
    text = out.getvalue().replace(",true,false,2013-11-19", ",true,FALSE,2013-11-19")
    text = text.replace(",false,false,\r\n", ",yes,false,\r\n")
    path = tmp_path / "s.csv"
    path.write_text(text, newline="")
    sample = aow_rules.read_sample(path, CRITERIA)
    by_id = {c.case_id: c for c in sample.cases}
    record = by_id["SYN-002"].interview
    assert record is not None
    assert (record.officer, record.offender) == (True, False)
    assert by_id["SYN-004"].interview is None
    (rejected,) = sample.rejected
    (problem,) = rejected.problems
    assert problem.location == "$.interview.officer"
    assert "column interview:officer" in problem.message
    assert problem.suggestion is not None
    assert problem.suggestion.startswith("write true")


def test_csv_written_with_interviews_reads_back(tmp_path: Path) -> None:
    cases = [
        _case("SYN-002", {"officer": True, "offender": False, "date": "2013-11-19"}, None, None),
        _case("SYN-004", None, None, None),
    ]
    out = io.StringIO()
    write_csv(cases, CRITERIA, out)
    assert (
        out.getvalue()
        .splitlines()[0]
        .endswith("interview:officer,interview:offender,interview:date")
    )
    path = tmp_path / "written.csv"
    path.write_text(out.getvalue())
    sample = aow_rules.read_sample(path, CRITERIA)
    assert [c.interview for c in sample.cases] == [
        aow_rules.parse_case(c, CRITERIA).interview for c in cases
    ]
