"""`impact` on the columnar engine against the per-case engine: the same report, to the byte.

The per-case engine is the reference: it evaluates every case under both versions. The
columnar engine scores both versions as columns and counts the report from per-case totals
and per-question statuses, so every part of the report is compared (JSON with and without
per-case explanations, text, HTML): on the shipped samples, and on generated pairs of
criteria versions (a generated version and one derived from it by changing weights,
conditions, scales, credits, bands, ids and facts) with generated samples.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import ArgumentError, Criteria, Impact, Sample, impact
from aow_rules._evaluate import (
    _engines as engines,  # private: to lower auto's 20,000-case threshold to a small sample
)

from .support import ROOT, run_cli, without_polars
from .test_columnar import (
    CREDITS,
    EDGE,
    WEIGHTS,
    _condition,
    _leaves,
    criteria_specs,
    samples,
    to_yaml,
)

pytest.importorskip("polars", reason="the columnar engine needs polars (the columnar extra)")

APRIL = ROOT / "examples" / "sample-iaow-2013-04.jsonl"
OCTOBER = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
SHIPPED = [
    ("iaow-2013-04", "iaow-2013-10", APRIL),
    # Every case is invalid under August 2014: the new side has no case at all.
    ("iaow-2013-10", "iaow-2014-08", OCTOBER),
    ("iaow-2013-04", "iaow-2013-10", ROOT / "examples" / "examples-iaow-2013-04.jsonl"),
    ("iaow-2013-10", "iaow-2014-08", ROOT / "examples" / "double-marked.jsonl"),
]


def _outputs(report: Impact) -> dict[str, str]:
    return {
        "json": report.to_json(),
        "json --cases": report.to_json(cases=True),
        "text": report.text(),
        "html": aow_rules.render(report, "html"),
    }


def assert_same_report(old: Criteria, new: Criteria, sample: Sample) -> dict[str, Any]:
    """Both engines give the same bytes in every format; returns the report's data."""
    per_case = impact(old, new, sample, engine="per-case")
    cols = impact(old, new, sample, engine="columnar")
    assert (per_case.engine, cols.engine) == ("per-case", "columnar")
    expected, got = _outputs(per_case), _outputs(cols)
    for fmt in expected:
        assert got[fmt] == expected[fmt], fmt
    data: dict[str, Any] = json.loads(expected["json --cases"])
    return data


# -- shipped samples --------------------------------------------------------------------------


@pytest.mark.parametrize(("old_id", "new_id", "path"), SHIPPED, ids=lambda v: str(v)[-30:])
def test_shipped_samples_give_the_same_report(old_id: str, new_id: str, path: Path) -> None:
    old, new = aow_rules.load_criteria(old_id), aow_rules.load_criteria(new_id)
    sample = aow_rules.read_sample(path, old)
    assert sample.cases
    data = assert_same_report(old, new, sample)
    if path == APRIL:  # the README's example: evidence to collect, no score moves
        assert [d["question"] for d in data["drivers"]] == ["4.1-11", "4.2-08", "4.1-06"]
        assert data["evidence_to_collect"]
    if path == OCTOBER:
        assert len(data["sample"]["invalid_under_new"]) == len(sample.cases)
        assert all(
            row["after"] is None or row["after"]["cases"] == 0 for row in data["outcomes"].values()
        )


def test_shipped_sample_against_itself_and_reversed() -> None:
    # Same version: nothing moves. Reversed (October cases scored under April): 4.1-06 no
    # longer applies where no child is at risk, so O4 scores move.
    april, october = (
        aow_rules.load_criteria("iaow-2013-04"),
        aow_rules.load_criteria("iaow-2013-10"),
    )
    sample = aow_rules.read_sample(OCTOBER, october)
    same = assert_same_report(october, october, sample)
    assert same["drivers"] == []
    assert same["changes"]["cases_changing_score"] == 0
    reversed_ = assert_same_report(october, april, sample)
    assert reversed_["changes"]["by_outcome"]["O4"] > 0
    assert any(case["outcomes"] for case in reversed_["cases"])


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_cli_engines_print_the_same_bytes(fmt: str) -> None:
    argv = ["impact", "iaow-2013-04", "iaow-2013-10", str(APRIL), "--format", fmt]
    if fmt == "json":
        argv.append("--cases")
    outs = {}
    for engine in ("per-case", "columnar", "auto"):
        code, out, err = run_cli(*argv, "--engine", engine)
        assert (code, err) == (0, "")
        outs[engine] = out
    assert outs["columnar"] == outs["per-case"]
    assert outs["auto"] == outs["per-case"]


def test_auto_picks_columnar_from_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = aow_rules.load_criteria("iaow-2013-04"), aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(APRIL, old)
    assert impact(old, new, sample).engine == "per-case"  # 60 cases, below the threshold
    monkeypatch.setattr(engines, "COLUMNAR_FROM", len(sample.cases))
    assert impact(old, new, sample).engine == "columnar"
    without_polars(monkeypatch)
    assert impact(old, new, sample).engine == "per-case"


def test_an_unknown_engine_is_refused() -> None:
    old = aow_rules.load_criteria("iaow-2013-10")
    refused = "engine must be one of auto, per-case, columnar, not 'stream'"
    with pytest.raises(ArgumentError, match=refused) as info:
        impact(old, old, Sample((), (), ()), engine="stream")  # type: ignore[arg-type]
    assert [p.source for p in info.value.problems] == ["engine"]


# -- criteria the columnar engine cannot run --------------------------------------------------


def _edge_files(tmp_path: Path, old_tiny: str, new_tiny: str) -> tuple[Path, Path, Path]:
    paths = []
    for name, tiny in (("old", old_tiny), ("new", new_tiny)):
        text = EDGE.format(fact="num", fact_type="int", tiny=tiny, condition="has(case.num)")
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        paths.append(path)
    case = {
        "format": "aow-case/1",
        "case_id": "E0",
        "criteria": "edge-1",
        "facts": {"num": 1},
        "answers": {"q1": "tiny"},
    }
    sample = tmp_path / "edge.jsonl"
    sample.write_text(json.dumps(case) + "\n")
    return paths[0], paths[1], sample


# A credit of 1/2**62: one case's counted reaches 2**62 units, past what the columnar engine
# sums in int64. Either version may be the one it cannot run.
@pytest.mark.parametrize(
    ("old_tiny", "new_tiny"), [(f"1/{2**62}", "1/2"), ("1/2", f"1/{2**62}")], ids=["old", "new"]
)
def test_columnar_on_criteria_it_cannot_sum_is_a_clear_error(
    tmp_path: Path, old_tiny: str, new_tiny: str
) -> None:
    old, new, sample = _edge_files(tmp_path, old_tiny, new_tiny)
    argv = ["impact", str(old), str(new), str(sample)]
    code, out, err = run_cli(*argv, "--engine", "columnar")
    assert (code, out) == (3, "")
    assert "too large for the columnar engine" in err
    assert "--engine per-case" in err
    assert "Traceback" not in err
    code, out, err = run_cli(*argv, "--engine", "columnar", "--format", "json")
    assert code == 3
    (problem,) = [json.loads(line) for line in err.splitlines()]
    assert problem["source"] == "--engine"
    assert problem["suggestion"] == "use --engine per-case"
    # auto and per-case run it per case, with the same report.
    outs = set()
    for engine in ("auto", "per-case"):
        code, out, err = run_cli(*argv, "--engine", engine, "--format", "json")
        assert (code, err) == (0, "")
        outs.add(out)
    assert len(outs) == 1
    assert json.loads(outs.pop())["changes"]["cases_changing_score"] == 1


def test_columnar_without_polars_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    without_polars(monkeypatch)
    argv = ["impact", "iaow-2013-04", "iaow-2013-10", str(APRIL)]
    code, out, err = run_cli(*argv, "--engine", "columnar")
    assert (code, out) == (3, "")
    assert "needs polars" in err
    code, out, err = run_cli(*argv)
    assert (code, err) == (0, "")
    assert out.startswith("Impact of iaow-2013-04 -> iaow-2013-10 on 60 cases")


# -- generated pairs of versions --------------------------------------------------------------


def _walk_conditions(spec: dict[str, Any], change: Any) -> None:
    """Apply ``change`` to every leaf (a CEL string) of every condition in ``spec``."""

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return change(node)
        return {
            k: [walk(v) for v in vs] if isinstance(vs, list) else walk(vs) for k, vs in node.items()
        }

    for q in spec["questions"]:
        if "applies_if" in q:
            q["applies_if"] = walk(q["applies_if"])
    for rule in spec.get("consistency", []):
        rule["when"] = walk(rule["when"])


def _referenced(spec: dict[str, Any]) -> str:
    conditions = [q.get("applies_if") for q in spec["questions"]]
    conditions += [r["when"] for r in spec.get("consistency", [])]
    return json.dumps(conditions)


# Lower bounds of bands, and roundings: a score of 1/3 falls below 1/3 once rounded to a
# whole percentage, and one of 2/3 reaches 0.67 only when rounded.
BAND_LEVELS: tuple[tuple[Any, ...], ...] = (
    (0, "1/3", "2/3"),
    (0, "1/2", 0.67, 1),
    (0, "1/4", 0.75),
    (0, "1/3", "1/2", 0.67),
)
ROUNDINGS = (
    None,
    {"places": 0},
    {"places": 0, "mode": "down"},
    {"places": 1, "mode": "half_even"},
    {"places": 2},
)


@st.composite
def _bands(draw: st.DrawFn) -> dict[str, Any] | None:
    """Bands on outcomes (the ones impact reports), maybe on other groups, maybe rounded."""
    levels = draw(st.sampled_from((None, *BAND_LEVELS)))
    if levels is None:
        return None
    scoring: dict[str, Any] = {
        "bands": {
            "applies_to": [
                "outcomes",
                *draw(st.lists(st.sampled_from(("stages", "criteria")), unique=True)),
            ],
            "levels": [{"label": f"band {m}", "min": m} for m in levels],
        }
    }
    rounding = draw(st.sampled_from(ROUNDINGS))
    if rounding is not None:
        scoring["rounding"] = rounding
    return scoring


@st.composite
def derived_specs(draw: st.DrawFn, old: dict[str, Any]) -> dict[str, Any]:
    """A new version of ``old``: it replaces it, and changes some of its weights, conditions,
    scales, credits, question ids, required facts and outcome ids."""
    new = copy.deepcopy(old)
    new.update(id="generated-2", version="2", replaces=old["id"])
    scale_ids = [s["id"] for s in new["scales"]]
    if draw(st.integers(0, 3)) == 0:  # an outcome renamed: the old one has no counterpart
        gone = draw(st.sampled_from([o["id"] for o in new["outcomes"]]))
        for o in new["outcomes"]:
            o["id"] = "O9" if o["id"] == gone else o["id"]
        for c in new["criteria"]:
            c["outcome"] = "O9" if c["outcome"] == gone else c["outcome"]
        for q in new["questions"]:
            for t in q.get("counts_towards", []):
                t["outcome"] = "O9" if t["outcome"] == gone else t["outcome"]
    for f in new["facts"]:  # a fact now required: cases without it are invalid
        if not f.get("required") and draw(st.integers(0, 4)) == 0:
            f["required"] = True
    for s in new["scales"]:  # new credits
        if s["id"].startswith("scale") and draw(st.booleans()):
            credits = [draw(st.sampled_from(CREDITS)) for _ in s["options"]]
            if all(c is None for c in credits):
                credits[0] = 1
            for option, credit in zip(s["options"], credits, strict=True):
                option["credit"] = credit
    outcomes = [o["id"] for o in new["outcomes"]]
    renamed: dict[str, str] = {}
    for i, q in enumerate(new["questions"]):
        scored = q.get("scored", True)
        if scored and draw(st.integers(0, 3)) == 0 and f'\\"{q["id"]}\\"' not in _referenced(new):
            # Answers that are not options of the new scale are not carried over.
            q["scale"] = draw(st.sampled_from(scale_ids))
            q.pop("evidence", None)
        if scored and draw(st.integers(0, 4)) == 0:
            towards = draw(st.lists(st.sampled_from(outcomes), min_size=1, max_size=2, unique=True))
            q["counts_towards"] = [
                {"outcome": o, "weight": draw(st.sampled_from(WEIGHTS))} for o in towards
            ]
        elif scored and draw(st.integers(0, 6)) == 0:
            q["scored"] = False
            q.pop("counts_towards", None)
        naming = draw(st.sampled_from(("same", "same", "same", "rename", "disown")))
        if naming == "rename":
            renamed[q["id"]] = f"r{i + 1}"
            previous = [q["id"]]
            others = [p["id"] for p in old["questions"] if p["id"] != q["id"]]
            if others and draw(st.booleans()):  # also continues a second old question
                previous.append(draw(st.sampled_from(others)))
            q["id"], q["previous"] = renamed[q["id"]], previous
        elif naming == "disown":  # the same id, another question
            q["previous"] = []

    def rename(text: str) -> str:
        for before, after in renamed.items():
            text = text.replace(f'"{before}"', f'"{after}"')
        return text

    _walk_conditions(new, rename)
    if draw(st.booleans()):  # a question only the new version asks
        new["questions"].append(
            {
                "id": "n1",
                "criterion": draw(st.sampled_from([c["id"] for c in new["criteria"]])),
                "text": "A new question?",
                "scale": draw(st.sampled_from(scale_ids)),
            }
        )
    options = {s["id"]: [o["value"] for o in s["options"]] for s in new["scales"]}
    leaves = _leaves(
        new["facts"], {q["id"]: options.get(q.get("scale", "")) for q in new["questions"]}
    )
    for q in new["questions"]:  # new conditions, on the new version's facts and answers
        if draw(st.integers(0, 3)) == 0:
            q["applies_if"] = draw(_condition(leaves))
        elif draw(st.integers(0, 5)) == 0:
            q.pop("applies_if", None)
    return new


@pytest.mark.slow  # hundreds of generated criteria and samples, both engines: 7-11 s
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_versions_and_samples_give_the_same_report(data: st.DataObject) -> None:
    old_spec = data.draw(criteria_specs(), label="old")
    new_spec = data.draw(derived_specs(old_spec), label="new")
    for spec in (old_spec, new_spec):  # bands, maybe different ones on each side
        scoring = data.draw(_bands(), label="scoring")
        if scoring is not None:
            spec["scoring"] = scoring
    old_text, new_text = to_yaml(old_spec), to_yaml(new_spec)
    note(old_text)
    note(new_text)
    old = aow_rules.parse_criteria(old_text, source="old.yaml")
    new = aow_rules.parse_criteria(new_text, source="new.yaml")
    cases = data.draw(samples(old), label="cases")
    sample = Sample(tuple(cases), tuple(f"sample.jsonl:{i + 1}" for i in range(len(cases))), ())
    assert_same_report(old, new, sample)
