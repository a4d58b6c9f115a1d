"""Fuzzing every reader, and every renderer with whatever a reader let through.

The property (issue 13): any input gives a result or an error carrying `Problem`s (the CLI
exits 2 or 3), never another exception and never a hang (the limits bound the work); a batch
keeps every good row; and every output of what was accepted can be written as UTF-8.
Inputs that once crashed or hung aow-rules are kept in tests/fixtures/hostile/ and run here as
regression data (`test_corpus`).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import AowError, CaseError, CriteriaError
from aow_rules._cases import read_case_json  # private: the strict reader on texts in memory
from aow_rules._strict._json import key_bound  # private: the fast reader's key bound alone

from .support import EXAMPLES, FIXTURES, MINI, run_cli

HOSTILE = FIXTURES / "hostile"
MINI_C = aow_rules.load_criteria(MINI)
IAOW = aow_rules.load_criteria("iaow-2013-10")
GOOD = json.loads((FIXTURES / "case-good.json").read_text())
IAOW_GOOD = aow_rules.synthesize(IAOW, cases=6, seed=5)
# AOW_FUZZ_EXAMPLES=5000 fuzzes longer (before a release, or after changing a reader).
FUZZ = settings(
    max_examples=int(os.environ.get("AOW_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text as a hostile sender writes it: lone surrogates, controls, bidirectional overrides,
# formula starts, combining marks, huge numbers as text.
hostile_text = st.one_of(
    st.text(max_size=12),
    st.lists(
        st.sampled_from(
            ["\ud800", "\udfff", "\x00", "\x1b", "\t", "\n", "\r", "\u202e", "\u2066", "\u200b",
             "=", "+", "-", "@", "'", "e\u0301", "\ufeff", "\u0430", "a", "1", " ", "\\", '"']
        ),
        max_size=12,
    ).map("".join),
    st.sampled_from(["1" + "0" * 5000, "NaN", "Infinity", "1e999", "-0", "0x10"]),
)  # fmt: skip

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**80)
    | st.floats()
    | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=24,
)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _encodable(*texts: str) -> None:
    for text in texts:
        text.encode("utf-8")  # strict: a lone surrogate would raise


def _all_outputs(criteria: aow_rules.Criteria, cases: list[aow_rules.Case]) -> None:
    """Every renderer, on cases that got past input."""
    for case in cases:
        judgement = aow_rules.evaluate(criteria, case)
        _encodable(judgement.to_json(), aow_rules.render(judgement))
    report = aow_rules.report(criteria, cases, engine="per-case")
    _encodable(
        report.to_json(explain=True),
        aow_rules.render(report, "text"),
        aow_rules.render(report, "html"),
        *(aow_rules.render(report, "csv", table=t) for t in ("scores", "cases", "rejected")),
    )
    qa = aow_rules.qa(criteria, cases, engine="per-case")
    _encodable(json.dumps(qa.to_dict(), ensure_ascii=False), aow_rules.render(qa, "html"))


def _json_text(value: Any) -> str:
    # ensure_ascii writes a lone surrogate as an escape, as a hostile sender would.
    return json.dumps(value, allow_nan=True)


@FUZZ
@given(json_values)
def test_any_json_as_a_case(value: Any) -> None:
    try:
        data = read_case_json(_json_text(value), "fuzz.json")
        case = aow_rules.parse_case(data, MINI_C)
    except CaseError as exc:
        problems = exc.problems  # never empty: an AowError needs one
        _encodable(*(str(p) for p in problems))
        return
    _all_outputs(MINI_C, [case])


@FUZZ
@given(
    st.sampled_from(["case_id", "assessor", "note", "facts.report", "facts.months", "facts.x",
                     "answers.1.1-01", "answers.0-01", "evidence.2.1-01", "evidence.zz"]),
    json_values,
)  # fmt: skip
def test_any_value_anywhere_in_a_case_then_every_output(where: str, value: Any) -> None:
    data = json.loads(json.dumps(GOOD))
    head, _, key = where.partition(".")
    if key:
        data.setdefault(head, {})[key] = value
    else:
        data[head] = value
    try:
        case = aow_rules.parse_case(data, MINI_C)
    except CaseError as exc:
        _encodable(*(str(p) for p in exc.problems))
        return
    _all_outputs(MINI_C, [case])


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["good", "good", "good"]),
            st.binary(max_size=40),
            json_values.map(_json_text).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.integers(60, 3000).map(lambda d: _deep(d).encode()),
        ),
        max_size=12,
    )
)
def test_a_json_lines_batch_keeps_every_good_line(lines: list[Any]) -> None:
    raw = [json.dumps({**GOOD, "case_id": f"G{i}"}).encode() if x == "good" else x
           for i, x in enumerate(lines)]  # fmt: skip
    # A line holding a line break is several lines: keep each fuzzed line on its own.
    raw = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in raw]
    path = _write("batch.jsonl", "")
    path.write_bytes(b"\n".join(raw) + b"\n")
    sample = aow_rules.report(MINI_C, aow_rules.read_sample(path, MINI_C), engine="per-case")
    good = {f"G{i}" for i, x in enumerate(lines) if x == "good"}
    kept = {c["case_id"] for c in sample.to_dict()["cases"]}
    assert good <= kept
    for rejected in sample.rejected:
        line = int(rejected.source.rsplit(":", 1)[1])
        assert 1 <= line <= len(raw)
        assert rejected.problems
    assert sample.cases + len(sample.rejected) == sum(1 for r in raw if r.strip())
    _encodable(sample.to_json(), aow_rules.render(sample, "html"), aow_rules.render(sample))


@FUZZ
@given(st.lists(st.lists(hostile_text, max_size=6), max_size=6), st.booleans())
def test_any_csv(rows: list[list[str]], with_header: bool) -> None:
    header = "case_id,assessor,report,victim,months,1.1-01,evidence:2.1-01\r\n"
    body = "\r\n".join(",".join(row) for row in rows)
    raw = ((header if with_header else "") + body).encode("utf-8", "surrogatepass")
    try:
        sample = aow_rules.report(MINI_C, io.BytesIO(raw), engine="per-case")
    except CaseError as exc:  # the header cannot be read: no row can
        _encodable(*(str(p) for p in exc.problems))
        return
    _encodable(sample.to_json(), aow_rules.render(sample, "csv", table="cases"))


def _criteria_texts() -> st.SearchStrategy[str]:
    data = yaml.safe_load(MINI.read_text())
    leaves = st.one_of(
        hostile_text,
        st.integers(),
        st.sampled_from(["no", ".nan", "!!str x", "&a x", "*a", "1e999999999", "0x1F"]),
    )

    def mutate(draw: st.DrawFn) -> str:
        copy = json.loads(json.dumps(data, default=str))
        node: Any = copy
        for _ in range(draw(st.integers(1, 4))):
            if isinstance(node, dict) and node:
                key = draw(st.sampled_from(sorted(node)))
                if draw(st.booleans()) or not isinstance(node[key], dict | list):
                    node[key] = draw(leaves)
                    break
                node = node[key]
            elif isinstance(node, list) and node:
                i = draw(st.integers(0, len(node) - 1))
                if draw(st.booleans()) or not isinstance(node[i], dict | list):
                    node[i] = draw(leaves)
                    break
                node = node[i]
        text = yaml.safe_dump(copy, allow_unicode=True, sort_keys=False)
        # Scalars a YAML dump would quote, written bare as a careless author would.
        return text.replace("'no'", "no").replace("'!!str x'", "!!str x")

    return st.composite(mutate)()


@FUZZ
@given(_criteria_texts())
def test_any_yaml_as_criteria(text: str) -> None:
    result = aow_rules.check(_write("fuzz.yaml", text))
    _encodable(json.dumps(result.to_dict(), ensure_ascii=False), aow_rules.render(result))
    assert result.ok or result.problems


@FUZZ
@given(
    st.sampled_from(["reference-iaow-2013-10.yaml", "ratings-hmip-2018-adult.yaml"]),
    st.integers(0, 2000),
    st.integers(0, 30),
    hostile_text,
)
def test_any_yaml_as_reference_or_ratings(name: str, at: int, cut: int, insert: str) -> None:
    text = (EXAMPLES.parent / name).read_text()
    at = min(at, len(text))
    path = _write(name, text[:at] + insert + text[at + cut :])
    criteria, sample = (
        (IAOW, IAOW_GOOD) if "iaow" in name else (aow_rules.load_criteria("hmip-2018-adult"), None)
    )
    cases = [] if sample is None else [aow_rules.parse_case(c, criteria) for c in sample]
    flag = "reference" if name.startswith("reference") else "ratings"
    try:
        report = aow_rules.report(criteria, cases, **{flag: path})
    except AowError as exc:
        _encodable(*(str(p) for p in exc.problems))
        return
    _encodable(report.to_json(), aow_rules.render(report, "html"), aow_rules.render(report))


@FUZZ
@given(st.integers(0, 3000), st.integers(0, 30), hostile_text)
def test_any_yaml_as_golden_cases(at: int, cut: int, insert: str) -> None:
    golden = (FIXTURES / "mini.cases.yaml").read_text()
    at = min(at, len(golden))
    criteria = _write("mini.yaml", MINI.read_text())
    _write("mini.cases.yaml", golden[:at] + insert + golden[at + cut :])
    try:
        result = aow_rules.run_tests(criteria)
    except CriteriaError as exc:
        _encodable(*(str(p) for p in exc.problems))
        return
    _encodable(json.dumps(result.to_dict(), ensure_ascii=False), aow_rules.render(result))


_SCRATCH: list[Path] = []


def _write(name: str, text: str) -> Path:
    path = _SCRATCH[0] / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


@pytest.fixture(autouse=True)
def _scratch(tmp_path_factory: pytest.TempPathFactory) -> None:
    if not _SCRATCH:
        _SCRATCH.append(tmp_path_factory.mktemp("fuzz"))


# The corpus: inputs that crashed (exit 4), hung or lost data before issue 13, each with the
# command that failed and what it must do now.
SAMPLE = str(EXAMPLES.parent / "sample-iaow-2013-10.jsonl")
CORPUS: dict[str, tuple[list[str], int, str]] = {
    # file: (the command, "{}" standing for the file; the exit code; what it must say)
    "criteria-int-5000-digits.yaml": (["check", "{}"], 3, "number_out_of_range"),
    "criteria-exponent-1e999999999.yaml": (["check", "{}"], 3, "number_out_of_range"),
    "criteria-8-nested-exists.yaml": (["check", "{}"], 3, "condition_too_complex"),
    "case-int-5000-digits.json": (
        ["evaluate", "{}", "--criteria", str(MINI)],
        3,
        "number_out_of_range",
    ),
    "case-10000-deep.json": (["evaluate", "{}", "--criteria", str(MINI)], 3, "input_too_deep"),
    "case-criteria-is-a-path.json": (["evaluate", "{}"], 3, "never by a path"),
    "case-lone-surrogate-id.json": (
        ["evaluate", "{}", "--criteria", str(MINI)],
        3,
        "invalid_character",
    ),
    "case-rtl-override-id.json": (
        ["evaluate", "{}", "--criteria", str(MINI)],
        3,
        "invalid_character",
    ),
    "sample-bad-byte-line-30.jsonl": (
        ["report", "{}", "--criteria", str(MINI), "--format", "text", "--fail-on-rejected"],
        3,
        "40 case(s) scored, 1 rejected",
    ),
    "sample-lone-surrogates.jsonl": (
        ["report", "{}", "--criteria", str(MINI), "--format", "json", "--fail-on-rejected"],
        3,
        "invalid_character",
    ),
    # Found by the fuzz tests below.
    "reference-5000-digit-figure.yaml": (
        ["report", SAMPLE, "--criteria", "iaow-2013-10", "--reference", "{}"],
        3,
        "does not match",
    ),
    "golden-bad-fraction.yaml": (["test", "{}"], 3, "does not match"),
    "golden-bad-fraction.cases.yaml": (["test", "{}"], 3, "does not match"),
}


def test_the_corpus_is_complete() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md") == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus(name: str) -> None:
    argv, code, shown = CORPUS[name]
    target = HOSTILE / name.replace(".cases.yaml", ".yaml")  # golden cases: their criteria's
    got, out, err = run_cli(*(str(target) if a == "{}" else a for a in argv))
    assert got == code, err
    assert "internal error" not in err
    assert shown in out + err
    _encodable(out, err)


def _keys(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_keys(v) for v in value)
    return 0


@FUZZ
@given(json_values, st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : "), (",\t", "\t:\n")]))
def test_the_key_bound_is_never_below_the_keys(value: Any, separators: tuple[str, str]) -> None:
    # The fast reader's proof that no key was dropped.
    raw = json.dumps(value, separators=separators).encode("utf-8", "surrogatepass")
    assert key_bound(raw) >= _keys(value)


@FUZZ
@given(
    st.sampled_from(["", " ", "\t", "\r\n ", "  "]),
    st.sampled_from(["answers", "facts", "top"]),
    st.booleans(),
)
def test_a_duplicate_key_is_never_lost_on_the_fast_path(
    space: str, where: str, colon_in_text: bool
) -> None:
    case = {**GOOD, "note": 'a: b ": c' if colon_in_text else "plain"}
    text = json.dumps(case)
    key, value = {
        "answers": ('"1.1-01"', '"no"'),
        "facts": ('"months"', "8"),
        "top": ('"case_id"', '"T-2"'),
    }[where]
    anchor = {"answers": '"answers": {', "facts": '"facts": {', "top": "{"}[where]
    text = text.replace(anchor, f"{anchor}{key}{space}:{space}{value}, ", 1)
    path = _write("dup.json", text)
    with pytest.raises(CaseError) as caught:
        aow_rules.load_case(path, MINI_C)
    assert "case_duplicate_key" in {p.code for p in caught.value.problems}
    lines = _write("dup.jsonl", text.replace("\r\n", " ") + "\n")
    (rejected,) = aow_rules.read_sample(lines, MINI_C).rejected
    assert rejected.problems[0].code == "case_duplicate_key"


@FUZZ
@given(st.lists(st.one_of(st.just("good"), st.lists(hostile_text, max_size=6)), max_size=10))
def test_a_csv_batch_keeps_every_good_row(rows: list[Any]) -> None:
    # A quote never closed may swallow the lines after it (RFC 4180 lets a quoted cell span
    # lines, and the file says which lines it could not read); every other defect costs its
    # own row only.
    header = "case_id,assessor,report,victim,months,1.1-01\r\n"
    lines = [
        f"G{i},A1,full,true,7,yes"
        if row == "good"
        else ",".join(c.replace('"', "").replace("\n", " ").replace("\r", " ") for c in row)
        for i, row in enumerate(rows)
    ]
    raw = (header + "\r\n".join(lines) + "\r\n").encode("utf-8", "surrogatepass")
    path = _write("batch.csv", "")
    path.write_bytes(raw)
    sample = aow_rules.read_sample(path, MINI_C)
    kept = {c.case_id for c in sample.cases}
    assert {f"G{i}" for i, row in enumerate(rows) if row == "good"} <= kept
    _encodable(*(str(p) for r in sample.rejected for p in r.problems))
