"""The two judgement formats (aow-judgement/2, the default, and /1) and the JSON they are
written as: the same information, recomputable from either; every float spelled as the
standard library spells it, so outputs stay byte-identical."""

from __future__ import annotations

import json
import math
import random
import struct
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml

import aow_rules
from aow_rules._numbers import json_text  # private: the one JSON writer, its float spelling

from .support import CRITERIA_DIR, EXAMPLES, MINI, _because, assert_recomputes, run_cli

SECTIONS = ("outcomes", "stages", "criteria_groups")


def _golden() -> list[tuple[aow_rules.Criteria, aow_rules.Case]]:
    out = []
    for path in sorted(CRITERIA_DIR.glob("*.cases.yaml")):
        ident = path.name[: -len(".cases.yaml")]
        criteria = aow_rules.load_criteria(ident)
        for g in yaml.safe_load(path.read_text())["cases"]:
            body = {"format": "aow-case/1", "criteria": ident, **g["case"]}
            out.append((criteria, aow_rules.parse_case(body, criteria, source=g["name"])))
    mini = aow_rules.load_criteria(MINI)
    for g in yaml.safe_load(MINI.with_name("mini.cases.yaml").read_text())["cases"]:
        body = {"format": "aow-case/1", "criteria": mini.id, **g["case"]}
        out.append((mini, aow_rules.parse_case(body, mini, source=g["name"])))
    return out


GOLDEN = _golden()


@pytest.mark.parametrize(("criteria", "case"), GOLDEN, ids=lambda x: getattr(x, "case_id", ""))
def test_both_formats_hold_the_same_information(
    criteria: aow_rules.Criteria, case: aow_rules.Case
) -> None:
    judgement = aow_rules.evaluate(criteria, case)
    two, one = judgement.to_dict(), judgement.to_dict(format=1)
    assert two["format"] == "aow-judgement/2"
    assert one["format"] == "aow-judgement/1"
    assert_recomputes(two)
    assert_recomputes(one)
    # Each format-1 because list is the format-2 group's questions with their entries.
    for section in SECTIONS:
        assert two[section].keys() == one[section].keys()
        for gid, group in two[section].items():
            assert _because(two, group) == one[section][gid]["because"], (section, gid)
            rest = {k: v for k, v in group.items() if k not in ("questions", "weights")}
            assert rest == {k: v for k, v in one[section][gid].items() if k != "because"}
    for key in ("case_id", "assessor", "criteria", "engine", "questions", "findings", "summary"):
        assert two[key] == one[key], key
    jsonschema.validate(two, aow_rules.schema("judgement-2"))
    jsonschema.validate(one, aow_rules.schema("judgement-1"))
    jsonschema.validate(two, aow_rules.schema("judgement"))
    jsonschema.validate(one, aow_rules.schema("judgement"))


def test_weights_other_than_1_are_listed_and_only_those() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    case = aow_rules.load_case(EXAMPLES / "EX-004-gaps-and-contradictions.json", criteria)
    data = aow_rules.evaluate(criteria, case).to_dict()
    assert data["outcomes"]["O4"]["weights"] == {"1.1-04": "1/2"}
    assert all("weights" not in g for s in SECTIONS for gid, g in data[s].items() if gid != "O4")


@pytest.mark.parametrize(
    "criteria",
    [aow_rules.load_criteria(i) for i in aow_rules.shipped_criteria()],
    ids=lambda c: c.id,
)
def test_synthetic_cases_recompute_and_render_the_same_bytes(criteria: aow_rules.Criteria) -> None:
    for raw in aow_rules.synthesize(criteria, cases=40, seed=11):
        judgement = aow_rules.evaluate(criteria, aow_rules.parse_case(raw, criteria))
        for fmt in (1, 2):
            data = judgement.to_dict(format=fmt)  # type: ignore[arg-type]
            assert_recomputes(data)
            # to_json is the standard library's text of to_dict, to the byte, compact or
            # indented (the compact format 2 is assembled from remembered pieces).
            assert judgement.to_json(format=fmt) == json.dumps(  # type: ignore[arg-type]
                data, separators=(",", ":"), ensure_ascii=False
            )
            assert judgement.to_json(format=fmt, indent=2) == json.dumps(  # type: ignore[arg-type]
                data, indent=2, ensure_ascii=False
            )


def test_format_2_is_smaller() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    raw = aow_rules.synthesize(criteria, cases=1, seed=7)[0]
    judgement = aow_rules.evaluate(criteria, aow_rules.parse_case(raw, criteria))
    two, one = len(judgement.to_json().encode()), len(judgement.to_json(format=1).encode())
    # 76 questions in 29 groups: each entry once instead of 206 times.
    assert two * 2 < one, (two, one)


@pytest.mark.parametrize("bad", [0, 3, "2", 2.0, True, None])
def test_an_unknown_format_is_an_argument_error(bad: object) -> None:
    criteria = aow_rules.load_criteria(MINI)
    case = aow_rules.load_case(Path(__file__).parent / "fixtures" / "case-good.json", criteria)
    judgement = aow_rules.evaluate(criteria, case)
    with pytest.raises(aow_rules.ArgumentError) as caught:
        judgement.to_dict(format=bad)  # type: ignore[arg-type]
    assert caught.value.problems[0].source == "format"
    assert "format=" in caught.value.problems[0].message


def test_cli_writes_either_format_indented_or_compact() -> None:
    case = str(EXAMPLES / "EX-002-low-risk-unpaid-work.json")
    code, two, _ = run_cli("evaluate", case)
    assert code == 0
    assert json.loads(two)["format"] == "aow-judgement/2"
    assert two.startswith('{\n  "format"')
    code, one, _ = run_cli("evaluate", case, "--judgement-format", "1")
    assert code == 0
    assert json.loads(one)["format"] == "aow-judgement/1"
    code, compact, _ = run_cli("evaluate", case, "--indent", "0")
    assert code == 0
    assert compact.count("\n") == 1
    assert json.loads(compact) == json.loads(two)
    code, four, _ = run_cli("evaluate", case, "--indent", "4", "--judgement-format", "1")
    assert code == 0
    assert four == json.dumps(json.loads(one), indent=4, ensure_ascii=False) + "\n"
    code, _, err = run_cli("evaluate", case, "--judgement-format", "3")
    assert code == 2, err
    code, _, err = run_cli("evaluate", case, "--indent", "x")
    assert code == 2, err


def test_report_explains_in_either_format() -> None:
    sample = str(Path(__file__).parents[1] / "examples" / "sample-iaow-2013-10.jsonl")
    for fmt in ("1", "2"):
        code, out, _ = run_cli(
            "report",
            sample,
            "--criteria",
            "iaow-2013-10",
            "--explain",
            "--judgement-format",
            fmt,
            "--indent",
            "0",
        )
        assert code == 0
        data = json.loads(out)
        jsonschema.validate(data, aow_rules.schema("report"))
        for case in data["cases"]:
            assert case["judgement"]["format"] == f"aow-judgement/{fmt}"
            assert_recomputes(case["judgement"])


# -- floats -------------------------------------------------------------------------------

FRACTIONS = [Fraction(p, q) for q in range(1, 400) for p in range(0, q + 1)]
SPECIAL = [
    1 / 3,
    2 / 3,
    0.1,
    0.2,
    0.1 + 0.2,
    1e-4,
    9.99e-5,
    1e-5,
    5e-5,
    1.5e-7,
    1e-9,
    1e-10,
    1e-300,
    5e-324,
    2.2250738585072014e-308,
    1e15,
    1e16,
    1.5e16,
    1e17,
    1e21,
    1e22,
    1.7976931348623157e308,
    123456789.123456789,
    0.0,
    -0.0,
    -1 / 3,
    1 / 20000,
    1 / 100001,
]


def _random_floats(n: int) -> list[float]:
    rnd = random.Random(20261203)
    out = []
    while len(out) < n:
        x = struct.unpack("<d", rnd.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(x):
            out.append(x)
    return out


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([float(f) for f in FRACTIONS], marks=pytest.mark.slow),
        SPECIAL,
        _random_floats(5_000),
    ],
    ids=["fractions p/q, q < 400", "special", "random bits"],
)
def test_floats_are_spelled_as_the_standard_library_spells_them(values: list[float]) -> None:
    for value in values:
        for data in (value, [value], {"score": value, "yes": 1}):
            assert json_text(data) == json.dumps(data, separators=(",", ":")), value
            assert json_text(data, indent=2) == json.dumps(data, indent=2), value
    # And in one document, as a report holds many.
    assert json_text(values, indent=2) == json.dumps(values, indent=2)


def test_text_that_orjson_cannot_write_is_written_the_same() -> None:
    data = {"big": 2**70, "text": "é\u2028\x7f\x1f", "small": 1e-5, "nested": [{}, []]}
    assert json_text(data) == json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    assert json_text(data, indent=2) == json.dumps(data, indent=2, ensure_ascii=False)


def test_json_options_the_output_cannot_honour_are_refused() -> None:
    case = str(EXAMPLES / "EX-002-low-risk-unpaid-work.json")
    code, out, err = run_cli("evaluate", case, "--format", "text", "--indent", "0")
    assert (code, out) == (3, "")
    assert "--indent" in err
    assert "add --format json" in err
    sample = str(Path(__file__).parents[1] / "examples" / "sample-iaow-2013-10.jsonl")
    code, out, err = run_cli(
        "report", sample, "--criteria", "iaow-2013-10", "--judgement-format", "1"
    )
    assert (code, out) == (3, "")
    assert "--judgement-format" in err
    code, out, err = run_cli("qa", sample, "--criteria", "iaow-2013-10", "--indent", "0")
    assert (code, out) == (3, "")
    code, out, _ = run_cli(
        "qa", sample, "--criteria", "iaow-2013-10", "--format", "json", "--indent", "0"
    )
    assert code == 0
    assert out.count("\n") == 1
