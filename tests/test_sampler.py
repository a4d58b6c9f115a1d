"""Drawing an inspection sample from a long list (issue 14, item 8), through the public API and
the CLI: the officer cap, duplicates, proportional strata, a seeded draw, a manifest that
accounts for every row, bad rows reported and good rows kept, sizes out of bounds refused."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import Counter
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import ArgumentError, CaseError, Code
from aow_rules._sample import _api, _long_list  # private: to lower limits (see their tests)

from .support import MINI, ROOT, criteria_file, run_cli

LONG_LIST = ROOT / "examples" / "long-list-iaow-2013-10.csv"
HEADER = [
    "case_ref",
    "pnc",
    "crn",
    "officer",
    "ldu",
    "sentence_type",
    "sentence_date",
    "offence_type",
    "rosh_level",
    "sex",
    "status",
    "note",
]
SMALL = """\
format: aow-criteria/1
id: small-sampler
version: "1"
title: A sampler with small bounds (invented for tests)
status: draft
effective_from: "2024-01-01"
provenance: {summary: Invented for tests.}
outcomes: [{id: O1, title: Protecting the public}]
stages: [{id: P1, title: Assessment}]
criteria: [{id: "1.1", title: Assessment, outcome: O1, stage: P1, provenance: ours}]
scales:
  - id: yes_no
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions:
  - {id: Q1, criterion: "1.1", text: "Assessed?", scale: yes_no, provenance: ours}
scoring: {method_provenance: ours, weights_provenance: ours}
sampling:
  provenance: ours
  size: {min: 1, max: 200, default: 10, provenance: ours}
  officer_cap: {max: 6, provenance: ours}
  strata: {by: [ldu, sentence_type], provenance: ours}
  exclusions:
    - code: transferred_out
      title: Gone
      when: 'case.status == "transferred_out"'
      provenance: ours
"""


@pytest.fixture(scope="module")
def small() -> aow_rules.Criteria:
    return criteria_file(SMALL, "small-sampler.yaml")


@pytest.fixture(scope="module")
def october() -> aow_rules.Criteria:
    return aow_rules.load_criteria("iaow-2013-10")


def _row(k: int, **cells: str) -> dict[str, str]:
    row = {
        "case_ref": f"T-{k:04d}",
        "pnc": f"2001/{k:07d}A",
        "crn": f"X{k:06d}",
        "officer": f"RO-{k % 20:02d}",
        "ldu": "North",
        "sentence_type": "community_order",
        "sentence_date": "2013-01-10",
        "offence_type": "violence",
        "rosh_level": "medium",
        "sex": "male",
        "status": "",
        "note": "SYNTHETIC: made by a test",
    }
    row.update(cells)
    return row


def _write(rows: list[dict[str, str]], path: Path, extra: str = "") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row[c] for c in HEADER])
    path.write_text(out.getvalue() + extra, encoding="utf-8")
    return path


def _status(drawn: aow_rules.SampleDraw) -> dict[str, str]:
    return {o.case_ref or str(o.line): o.status for o in drawn.outcomes}


# -- the shipped example ---------------------------------------------------------------------


def test_the_example_long_list_is_sampled_by_the_version_rules(
    october: aow_rules.Criteria,
) -> None:
    drawn = aow_rules.sample(october, LONG_LIST, seed=2013, cut_off="2013-11-18")
    data = drawn.to_dict()
    jsonschema.validate(data, aow_rules.schema("sample-manifest"))
    assert drawn.size == 60 == len(drawn.chosen)
    counts = data["counts"]
    assert counts["rows"] == 600
    assert counts["excluded"]
    assert counts["duplicate"]
    assert counts["unsampled"]
    # Every row of the file is in the manifest, once, in file order.
    lines = [r["line"] for r in data["rows"]]
    assert lines == list(range(2, 602))
    assert all(r["case_ref"] for r in data["rows"])
    assert all(n <= 6 for n in data["officers"]["sampled"].values())
    assert "SYNTHETIC" in LONG_LIST.read_text(encoding="utf-8").splitlines()[1]


def test_every_row_is_accounted_for_exactly_once_with_its_reason(
    small: aow_rules.Criteria, tmp_path: Path
) -> None:
    rows = [_row(k) for k in range(1, 41)]
    rows[3]["status"] = "transferred_out"
    rows[5]["pnc"] = rows[4]["pnc"]  # the same person twice
    path = _write(rows, tmp_path / "list.csv", extra="T-9999,,,,,,,,,,,\r\n")
    drawn = aow_rules.sample(small, path, seed=1, size=10)
    data = drawn.to_dict()
    by_line = Counter(r["line"] for r in data["rows"])
    assert sorted(by_line) == list(range(2, 43))
    assert set(by_line.values()) == {1}
    reasons = {r["case_ref"] or r["line"]: (r["status"], r.get("reason")) for r in data["rows"]}
    assert reasons["T-0004"] == ("excluded", "transferred_out")
    assert reasons["T-0006"] == ("duplicate", "pnc")
    assert reasons[42] == ("rejected", None)  # the bad row has no readable case_ref...
    assert data["rows"][-1]["problems"]  # ...but says why
    for r in data["rows"]:
        if r["status"] == "unsampled":
            assert r["reason"] in ("stratum_full", "officer_cap", "not_drawn")
    counts = data["counts"]
    total = (
        counts["rejected"]
        + sum(counts["excluded"].values())
        + sum(counts["duplicate"].values())
        + counts["eligible"]
    )
    assert total == counts["rows"] == 41
    assert counts["eligible"] == counts["sampled"] + sum(counts["unsampled"].values())


def test_duplicates_by_pnc_crn_and_case_reference(
    small: aow_rules.Criteria, tmp_path: Path
) -> None:
    rows = [_row(k) for k in range(1, 21)]
    rows[1]["pnc"] = rows[0]["pnc"]
    rows[2].update(pnc="", crn=rows[0]["crn"])
    rows[3]["case_ref"] = rows[0]["case_ref"]
    rows[4].update(pnc="", crn="X999999")
    rows[5].update(pnc="", crn="X999999")  # the same CRN, neither with a PNC
    drawn = aow_rules.sample(small, _write(rows, tmp_path / "l.csv"), seed=3, size=5)
    dup = {o.line: (o.reason, o.of_line) for o in drawn.outcomes if o.status == "duplicate"}
    assert dup == {3: ("pnc", 2), 4: ("crn", 2), 5: ("case_ref", 2), 7: ("crn", 6)}
    manifest = {r["line"]: r for r in drawn.to_dict()["rows"]}
    assert manifest[3]["of_case_ref"] == "T-0001"


def test_a_row_excluded_first_leaves_its_duplicate_eligible(
    small: aow_rules.Criteria, tmp_path: Path
) -> None:
    rows = [_row(k) for k in range(1, 12)]
    rows[0]["status"] = "transferred_out"
    rows[1]["pnc"] = rows[0]["pnc"]
    drawn = aow_rules.sample(small, _write(rows, tmp_path / "l.csv"), seed=3, size=10)
    assert _status(drawn)["T-0001"] == "excluded"
    assert _status(drawn)["T-0002"] == "sampled"


def test_the_officer_cap_passes_over_cases_and_says_so(
    small: aow_rules.Criteria, tmp_path: Path
) -> None:
    rows = [_row(k, officer="RO-01" if k <= 30 else f"RO-{k:02d}") for k in range(1, 41)]
    drawn = aow_rules.sample(small, _write(rows, tmp_path / "l.csv"), seed=5, size=16)
    officers = Counter(row.officer for row in drawn.chosen)
    assert officers["RO-01"] == 6
    capped = [o for o in drawn.outcomes if o.reason == "officer_cap"]
    assert capped
    assert all(o.case_ref and int(o.case_ref[2:]) <= 30 for o in capped)


def test_a_sample_the_cap_cannot_fill_is_refused_clearly(
    small: aow_rules.Criteria, tmp_path: Path
) -> None:
    rows = [_row(k, officer="RO-01") for k in range(1, 21)]
    with pytest.raises(CaseError) as caught:
        aow_rules.sample(small, _write(rows, tmp_path / "l.csv"), seed=5, size=10)
    problem = caught.value.headline
    assert problem.code == Code.SAMPLE_CANNOT_BE_DRAWN
    assert "6 sampled cases" in problem.message
    assert problem.suggestion


# -- properties over random long lists ---------------------------------------------------------

LISTS = st.lists(
    st.tuples(
        st.integers(0, 11),  # officer
        st.sampled_from(["North", "South", "East"]),
        st.sampled_from(["community_order", "licence_determinate", "suspended_sentence_order"]),
        st.sampled_from(["", "", "", "transferred_out"]),
        st.integers(0, 400),  # person: two rows with one person are duplicates
    ),
    min_size=1,
    max_size=150,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(spec=LISTS, size=st.integers(1, 60), seed=st.integers(0, 2**32))
def test_cap_and_proportions_hold_on_random_lists(
    small: aow_rules.Criteria, spec: list[tuple[int, str, str, str, int]], size: int, seed: int
) -> None:
    rows = [
        _row(
            k,
            officer=f"RO-{officer:02d}",
            ldu=ldu,
            sentence_type=sentence,
            status=status,
            pnc=f"2001/{person:07d}A",
            crn=f"X{person:06d}",
        )
        for k, (officer, ldu, sentence, status, person) in enumerate(spec, start=1)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(rows, Path(folder) / "l.csv")
        try:
            drawn = aow_rules.sample(small, path, seed=seed, size=size)
        except CaseError as exc:
            failed = exc.headline.code
        else:
            failed = None
    if failed is not None:
        assert failed == Code.SAMPLE_CANNOT_BE_DRAWN
        return
    data = drawn.to_dict()
    assert len(data["rows"]) == len(rows)
    assert all(n <= 6 for n in Counter(r.officer for r in drawn.chosen).values())
    eligible = data["counts"]["eligible"]
    for stratum in data["strata"]:
        exact = Fraction(size * stratum["eligible"], eligible)
        assert Fraction(stratum["quota"]) == exact
        assert abs(stratum["sampled"] - exact) < 1, stratum
    assert sum(s["sampled"] for s in data["strata"]) == size == len(drawn.chosen)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=LISTS, seed=st.integers(0, 2**32))
def test_when_no_officer_can_reach_the_cap_the_draw_always_succeeds(
    small: aow_rules.Criteria, spec: list[tuple[int, str, str, str, int]], seed: int
) -> None:
    rows = [
        _row(k, officer=f"RO-{k // 6:03d}", ldu=ldu, sentence_type=sentence)
        for k, (_, ldu, sentence, _, _) in enumerate(spec, start=1)
    ]
    with tempfile.TemporaryDirectory() as folder:
        drawn = aow_rules.sample(
            small, _write(rows, Path(folder) / "l.csv"), seed=seed, size=len(rows)
        )
    assert len(drawn.chosen) == len(rows)


# -- the same inputs and seed give the same bytes ---------------------------------------------


def test_the_draw_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    outputs = []
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        code, _, err = run_cli(
            "sample", str(LONG_LIST), "--criteria", "iaow-2013-10", "--seed", seed,
            "--cut-off", "2013-11-18", "--out", str(tmp_path / name),
        )  # fmt: skip
        assert code == 0, err
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())})
    first, again, other = outputs
    assert sorted(first) == ["cases.jsonl", "manifest.json", "manifest.txt", "sample.csv"]
    assert first == again
    assert first["sample.csv"] != other["sample.csv"]


def test_the_outputs_can_be_read_back(october: aow_rules.Criteria, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "sample", str(LONG_LIST), "--criteria", "iaow-2013-10", "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    assert "sampled 60" in out
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    # Without --cut-off, months are counted to the latest sentence date in the list.
    assert manifest["cut_off"]["from"] == "latest sentence_date"
    sampled = list(csv.DictReader(io.StringIO((tmp_path / "sample.csv").read_text())))
    chosen = [r["case_ref"] for r in manifest["rows"] if r["status"] == "sampled"]
    assert sorted(r["case_ref"] for r in sampled) == sorted(chosen)
    skeletons = [json.loads(line) for line in (tmp_path / "cases.jsonl").read_text().splitlines()]
    assert [s["case_id"] for s in skeletons] == [r["case_ref"] for r in sampled]
    for skeleton, row in zip(skeletons, sampled, strict=True):
        assert skeleton["facts"]["responsible_officer"] == row["officer"]
        assert skeleton["facts"]["supervision_start"] == row["sentence_date"]
        jsonschema.validate(skeleton, aow_rules.schema("case"))
    text = (tmp_path / "manifest.txt").read_text(encoding="utf-8")
    assert text.count("\n  line ") == 600


# -- bad rows, limits and arguments -----------------------------------------------------------


def test_bad_rows_are_named_by_line_and_the_good_ones_kept(
    small: aow_rules.Criteria, tmp_path: Path
) -> None:
    rows = [_row(k) for k in range(1, 16)]
    rows[2]["sentence_type"] = "Community order"
    rows[4]["pnc"], rows[4]["crn"] = "", ""
    rows[6]["sentence_date"] = "2013-02-30"
    rows[8]["offence_type"] = "violence;arson"
    path = _write(rows, tmp_path / "l.csv")
    with path.open("ab") as stream:
        stream.write(b"T-0100,2001/0000100A,X000100,RO-01,North,community_order,2013-01-01,"
                     b"violence,low,male,,caf\xe9\r\n")  # fmt: skip
    drawn = aow_rules.sample(small, path, seed=2, size=5)
    rejected = {o.line: o.problems for o in drawn.outcomes if o.status == "rejected"}
    assert sorted(rejected) == [4, 6, 8, 10, 17]
    assert rejected[4][0].location == "sentence_type"
    assert rejected[4][0].source == f"{path}:4"
    assert rejected[4][0].suggestion == "did you mean 'community_order'?"
    assert "neither pnc nor crn" in rejected[6][0].message
    assert "calendar" in rejected[8][0].message
    assert "'arson'" in rejected[10][0].message
    assert rejected[17][0].code == Code.INVALID_UTF8
    assert len(drawn.chosen) == 5


def test_the_cli_warns_of_rejected_rows(tmp_path: Path) -> None:
    text = LONG_LIST.read_text(encoding="utf-8").replace(",community_order,", ",communty_order,", 1)
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli(
        "sample", str(path), "--criteria", "iaow-2013-10", "--out", str(tmp_path / "o")
    )
    assert code == 0
    assert "1 row(s) of the long list rejected" in err


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("case_ref,pnc,crn,officer,ldu,sentence_type,sentence_date,offence_type,rosh_level",
         "no column 'sex'"),
        ("case_ref,pnc,crn,officer,ldu,sentence,sentence_date,offence_type,rosh_level,sex",
         "unknown column 'sentence'"),
    ],
)  # fmt: skip
def test_a_wrong_header_stops_the_file(
    small: aow_rules.Criteria, tmp_path: Path, header: str, words: str
) -> None:
    path = tmp_path / "l.csv"
    path.write_text(header + "\r\n", encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        aow_rules.sample(small, path, seed=1)
    assert any(words in p.message for p in caught.value.problems)
    assert all(p.location.startswith("1") for p in caught.value.problems)


def test_sizes_out_of_bounds_are_refused(october: aow_rules.Criteria) -> None:
    for size in (49, 91):
        with pytest.raises(ArgumentError) as caught:
            aow_rules.sample(october, LONG_LIST, seed=1, size=size)
        problem = caught.value.headline
        assert problem.source == "size"
        assert problem.message == f"size={size}: iaow-2013-10 samples 50 to 90 cases"
    code, _, err = run_cli("sample", str(LONG_LIST), "--criteria", "iaow-2013-10", "--size", "95")
    assert code == 3
    assert err.startswith("aow-rules: --size: invalid_value: --size 95: iaow-2013-10 samples 50")


def test_arguments_are_checked_and_named(october: aow_rules.Criteria) -> None:
    with pytest.raises(ArgumentError) as caught:
        aow_rules.sample(october, LONG_LIST, seed="x", cut_off="18/11/2013")  # type: ignore[arg-type]
    assert sorted(p.source for p in caught.value.problems) == ["cut_off", "seed"]
    with pytest.raises(ArgumentError) as caught:
        aow_rules.sample(october, LONG_LIST, seed=1, cut_off="2013-W47-1")  # an ISO week date
    assert caught.value.headline.source == "cut_off"
    unsampled = aow_rules.parse_criteria(
        SMALL[: SMALL.index("sampling:")].replace("small-sampler", "no-sampling")
    )
    with pytest.raises(ArgumentError) as caught:
        aow_rules.sample(unsampled, LONG_LIST, seed=1)
    assert caught.value.headline.source == "criteria"
    assert "no sampling: section" in caught.value.headline.message


def test_too_small_a_list_is_refused_with_its_count(
    small: aow_rules.Criteria, october: aow_rules.Criteria, tmp_path: Path
) -> None:
    path = _write([_row(k) for k in range(1, 41)], tmp_path / "l.csv")
    with pytest.raises(CaseError) as caught:
        aow_rules.sample(october, path, seed=1)
    # Without a cut-off every sentence began on the latest date in the list: all too recent.
    assert caught.value.headline.message.startswith("0 case(s) of the long list can be sampled")
    assert "40 excluded" in caught.value.headline.message
    with pytest.raises(CaseError) as caught:
        aow_rules.sample(october, path, seed=1, cut_off="2013-11-18")
    assert caught.value.headline.code == Code.SAMPLE_CANNOT_BE_DRAWN
    assert "40 case(s)" in caught.value.headline.message
    assert "needs 50" in caught.value.headline.message


def test_the_row_limit_refuses_the_file(
    small: aow_rules.Criteria, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Private: the limit is 200,000 rows; a test lowers it rather than write such a file.
    monkeypatch.setattr(_long_list, "MAX_LONG_LIST_ROWS", 10)
    path = _write([_row(k) for k in range(1, 12)], tmp_path / "l.csv")
    with pytest.raises(CaseError) as caught:
        aow_rules.sample(small, path, seed=1)
    assert caught.value.headline.code == Code.TOO_MANY_ROWS
    assert "11 rows; at most 10" in caught.value.headline.message


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.lists(
        st.lists(st.text(alphabet=st.sampled_from('ab1/;-"\'=\r\n\x00é,X0 _'), max_size=12),
                 max_size=14),
        max_size=8,
    ),
    junk=st.binary(max_size=20),
)  # fmt: skip
def test_any_long_list_is_read_or_refused_with_problems(
    small: aow_rules.Criteria, body: list[list[str]], junk: bytes
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(body)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "l.csv"
        path.write_bytes(out.getvalue().encode("utf-8", "surrogatepass") + junk)
        try:
            drawn = aow_rules.sample(small, path, seed=1, size=1)
        except aow_rules.AowError as exc:  # refused: with its problems, never a crash
            refused: tuple[aow_rules.Problem, ...] = exc.problems
        else:
            refused = ()
    if refused:
        return
    # Whatever was read, every row of the file is accounted for once.
    lines = [o.line for o in drawn.outcomes]
    assert len(lines) == len(set(lines))
    assert all(o.problems for o in drawn.outcomes if o.status == "rejected")


def test_the_byte_limit_refuses_the_file(
    small: aow_rules.Criteria, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Private: the limit is 64 MiB; a test lowers it rather than write such a file.
    monkeypatch.setattr(_api, "MAX_LONG_LIST_BYTES", 1_000)
    path = _write([_row(k) for k in range(1, 41)], tmp_path / "l.csv")
    with pytest.raises(CaseError) as caught:
        aow_rules.sample(small, path, seed=1)
    assert caught.value.headline.code == Code.INPUT_TOO_LARGE
    assert "at most 1,000 are read" in caught.value.headline.message


def test_demo_without_a_sampling_section_draws_as_synth(tmp_path: Path) -> None:
    code, out, err = run_cli(
        "demo", "--criteria", str(MINI), "--cases", "12", "--out", str(tmp_path)
    )
    assert code == 0, err
    assert "drawn by synth (the criteria have no sampling: section)" in out
    assert not (tmp_path / "manifest.json").exists()
