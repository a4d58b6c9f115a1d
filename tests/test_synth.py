"""SYNTHETIC samples: drawn by the Inspectorate's sampling rules, valid, and reproducible."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import synthesize
from aow_rules._synth._caseload import (  # private: the sampler on its own (its population)
    SamplePlan,
    plan_sample,
)
from aow_rules._synth._profile import load_profile  # private: the caseload the sampler reads

from .support import ROOT, run_cli, shipped_files

SHIPPED_SAMPLE = ROOT / "examples" / "sample-iaow-2013-10.jsonl"
LICENCES = {"licence_determinate", "licence_indeterminate", "post_sentence_supervision"}
# The shipped profiles share one caseload: the sampler's five strata, six cases per officer.
CASELOAD = load_profile(aow_rules.load_criteria("iaow-2013-10")).caseload
STRATA = CASELOAD.names
MAX_PER_OFFICER = CASELOAD.max_per_officer


def _largest_remainder(counts: list[int], total: int) -> list[int]:
    """The reference allocation, written out from the textbook definition."""
    size = sum(counts)
    quotas = [Fraction(c * total, size) for c in counts]
    parts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(counts)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _check_plan(plan: SamplePlan, cases: int) -> None:
    counts = Counter(c.stratum for c in plan.population)
    expected = _largest_remainder([counts[s] for s in STRATA], cases)
    assert [plan.allocation[s] for s in STRATA] == expected
    taken = Counter(c.stratum for c in plan.chosen)
    assert [taken[s] for s in STRATA] == expected
    assert sum(expected) == cases == len(plan.chosen)
    for s in STRATA:  # proportional: within one case of the exact quota
        assert abs(plan.allocation[s] - Fraction(counts[s] * cases, len(plan.population))) < 1
    assert max(Counter(c.officer for c in plan.chosen).values()) <= MAX_PER_OFFICER
    assert len({c.ref for c in plan.chosen}) == cases
    assert set(plan.chosen) <= set(plan.population)


def _jsonl(criteria_id: str, cases: int, seed: int) -> str:
    """What ``aow-rules synth`` prints."""
    argv = ["synth", "--criteria", criteria_id, "--cases", str(cases), "--seed", str(seed)]
    code, out, err = run_cli(*argv)
    assert (code, err) == (0, "")
    return out


def _with_stratum(path: Path) -> aow_rules.Criteria:
    criteria = aow_rules.load_criteria(path)
    if "stratum" not in criteria.facts:
        pytest.skip(f"{path.name} declares no stratum fact")
    return criteria


# ------------------------------------------------------------------ reproducible


def test_same_seed_same_output_and_different_seed_different() -> None:
    first = _jsonl("iaow-2013-10", 60, 2013)
    assert _jsonl("iaow-2013-10", 60, 2013) == first
    assert _jsonl("iaow-2013-10", 60, 2014) != first


def test_same_output_in_other_processes_and_hash_seeds() -> None:
    argv = ["synth", "--criteria", "iaow-2014-08", "--cases", "50", "--seed", "7"]
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "aow_rules", *argv],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=120,
        ).stdout
        for hash_seed in ("1", "4242")
    ]
    assert outputs[0] == outputs[1] == _jsonl("iaow-2014-08", 50, 7)


def test_global_random_is_left_alone() -> None:
    state = random.getstate()
    synthesize(aow_rules.load_criteria("iaow-2013-10"), cases=50, seed=3)
    assert random.getstate() == state


def test_shipped_example_sample_is_a_fresh_generation() -> None:
    fresh = _jsonl("iaow-2013-10", 60, 2013)
    assert SHIPPED_SAMPLE.read_bytes() == fresh.encode("utf-8"), (
        f"{SHIPPED_SAMPLE} is stale: regenerate with python examples/make_samples.py"
    )


def test_synth_out_writes_one_sorted_object_per_line(tmp_path: Path) -> None:
    cases = synthesize(aow_rules.load_criteria("iaow-2013-10"), cases=50, seed=1)
    out = tmp_path / "s.jsonl"
    argv = ["synth", "--criteria", "iaow-2013-10", "--cases", "50", "--seed", "1"]
    assert run_cli(*argv, "--out", str(out)) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    assert text == _jsonl("iaow-2013-10", 50, 1)
    # One object per line, keys sorted, in the order synthesize draws them.
    assert text == "".join(json.dumps(c, sort_keys=True, ensure_ascii=False) + "\n" for c in cases)
    assert text.endswith("}\n")
    assert len(text.splitlines()) == 50


# ------------------------------------------------------------------ valid cases


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_every_case_parses_for_every_file_with_strata(path: Path, tmp_path: Path) -> None:
    criteria = _with_stratum(path)
    argv = ["synth", "--criteria", str(path), "--cases", "60", "--seed", "11"]
    assert run_cli(*argv, "--out", str(tmp_path / "s.jsonl")) == (0, "", "")
    sample = aow_rules.read_sample(tmp_path / "s.jsonl", criteria)
    assert sample.rejected == ()
    assert len(sample.cases) == 60
    for case in sample.cases:
        findings = aow_rules.evaluate(criteria, case).findings
        assert not [f.code for f in findings if f.severity == "error"], case.case_id
        assert "answered_not_applicable" not in {f.code for f in findings}, case.case_id


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_case_details_follow_the_stratum(path: Path) -> None:
    criteria = _with_stratum(path)
    plan = plan_sample(60, seed=11, caseload=load_profile(criteria).caseload)
    cases = synthesize(criteria, cases=60, seed=11)
    # A sample of its own (the 2018 domain 3 samples) is drawn as a caseload part of its own,
    # and records no stratum: the strata are the main sample's.
    strata = criteria.facts["stratum"].options or ()
    assert [c["facts"].get("stratum") for c in cases] == [
        u.stratum if u.stratum in strata else None for u in plan.chosen
    ]
    assert [c["facts"]["responsible_officer"] for c in cases] == [u.officer for u in plan.chosen]
    for case in cases:
        facts = case["facts"]
        if "stratum" not in facts:
            continue
        stratum = facts["stratum"]
        if stratum != "female" and "rosh_level" in facts:
            low = stratum in {"male_community_low", "male_post_custody_low"}
            assert (facts["rosh_level"] == "low") == low, case["case_id"]
        if stratum != "female" and "sentence_type" in facts:
            assert (facts["sentence_type"] in LICENCES) == ("post_custody" in stratum)
        if facts.get("victim_contact_eligible"):
            assert facts["victim_identified"] is True
            assert facts["sentence_type"] in LICENCES


def test_notes_ids_and_assessors() -> None:
    cases = synthesize(aow_rules.load_criteria("iaow-2013-10"), cases=60, seed=5)
    assert [c["case_id"] for c in cases] == [f"SYN-{k:03d}" for k in range(1, 61)]
    for case in cases:
        assert case["note"].startswith("SYNTHETIC:")
        assert "no real person or case" in case["note"]
        assert case["facts"]["case_summary"].startswith("Synthetic.")
        for text in case["evidence"].values():
            assert text.startswith("Synthetic evidence note:")
    spread = Counter(c["assessor"] for c in cases)
    assert sorted(spread) == [f"A0{k}" for k in range(1, 7)]
    assert set(spread.values()) == {10}


def test_answers_are_mostly_positive_but_not_all() -> None:
    cases = synthesize(aow_rules.load_criteria("iaow-2013-10"), cases=90, seed=2013)
    answers = Counter(a for c in cases for a in c["answers"].values())
    share = answers["yes"] / (answers["yes"] + answers["no"])
    assert 0.6 < share < 0.9
    assert 0 < answers["na"] < 0.06 * sum(answers.values())


# ------------------------------------------------------------------ sampling rules


@pytest.mark.parametrize("cases", [50, 90])
def test_sizes_50_and_90(cases: int) -> None:
    plan = plan_sample(cases, seed=2013, caseload=CASELOAD)
    _check_plan(plan, cases)
    assert len(plan.population) == 10 * cases
    out = synthesize(aow_rules.load_criteria("iaow-2013-10"), cases=cases, seed=2013)
    assert len(out) == cases
    officers = Counter(c["facts"]["responsible_officer"] for c in out)
    assert max(officers.values()) <= MAX_PER_OFFICER


def test_the_caseload_looks_like_an_area() -> None:
    plan = plan_sample(60, seed=2013, population=6000, caseload=CASELOAD)
    officers = {c.officer for c in plan.population}
    assert 30 <= len(officers) <= 45
    assert all(o.startswith("RO-") for o in officers)
    share = Counter(c.stratum for c in plan.population)
    assert 0.08 < share["female"] / 6000 < 0.16
    post_custody = share["male_post_custody_low"] + share["male_post_custody_non_low"]
    assert 0.3 < post_custody / (6000 - share["female"]) < 0.5


def test_the_six_case_limit_is_reached_and_kept() -> None:
    # Uneven caseloads make the limit bind in most samples; it must never be exceeded.
    reached = 0
    for seed in range(20):
        plan = plan_sample(90, seed=seed, caseload=CASELOAD)
        _check_plan(plan, 90)
        reached += max(Counter(c.officer for c in plan.chosen).values()) == MAX_PER_OFFICER
    assert reached > 0


@pytest.mark.parametrize(("cases", "population"), [(0, None), (60, 59), (-1, 10)])
def test_impossible_sizes_are_refused(cases: int, population: int | None) -> None:
    with pytest.raises(ValueError, match="cannot sample"):
        plan_sample(cases, seed=1, population=population, caseload=CASELOAD)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), cases=st.integers(50, 90))
def test_property_allocation_and_six_per_officer(seed: int, cases: int) -> None:
    _check_plan(plan_sample(cases, seed=seed, caseload=CASELOAD), cases)
