"""Provenance on everything (issue 14, item 4): every criterion, question, method, band and
weight of a released file says whether it is documented, reconstructed or ours, and reports
show a method's provenance beside its number."""

from __future__ import annotations

from pathlib import Path

import pytest

import aow_rules

from .support import ROOT, run_cli

SHIPPED = sorted(aow_rules.shipped_criteria())
KINDS = {"documented", "reconstructed", "ours"}


@pytest.mark.parametrize("criteria_id", SHIPPED)
def test_every_part_of_a_shipped_file_says_what_it_rests_on(criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    for group in criteria.criteria:
        assert group.provenance is not None, group.id
        assert group.provenance.kind in KINDS, group.id
        assert group.provenance.note, group.id
    for q in criteria.questions:
        assert q.provenance is not None, q.id
        assert q.provenance.kind in KINDS, q.id
        assert q.provenance.note, q.id
        for outcome in q.declared_weights:
            assert q.weight_provenance is not None, q.id
            assert outcome in q.weight_provenance, q.id
    scoring = criteria.scoring
    assert scoring.method_provenance is not None
    assert scoring.method_provenance.note
    assert scoring.weights_provenance is not None
    for band in scoring.bands:
        assert band.provenance is not None
    if scoring.ratings is not None:
        assert scoring.ratings.method_provenance is not None
        assert all(v.provenance is not None for v in scoring.ratings.levels)
        assert all(p is not None for p in scoring.ratings.overall_provenance)
        assert all(s.provenance is not None for s in scoring.ratings.standards)


@pytest.mark.parametrize("criteria_id", ["iaow-2013-04", "iaow-2013-10", "iaow-2014-08"])
def test_the_pooled_method_is_labelled_our_reconstruction(criteria_id: str) -> None:
    method = aow_rules.load_criteria(criteria_id).scoring.method_provenance
    assert method is not None
    assert method.kind == "reconstructed"
    assert "Offender Management Inspection (2009-2012)" in (method.note or "")


def test_reports_show_the_method_provenance_beside_its_number(tmp_path: Path) -> None:
    sample = str(ROOT / "examples" / "sample-iaow-2013-10.jsonl")
    code, text, _ = run_cli("report", sample, "--criteria", "iaow-2013-10", "--format", "text")
    assert code == 0
    assert "Method pooled: reconstructed: The pooled share" in text
    assert "[score: pooled, reconstructed]" in text
    assert "5.5a Victim contact: the statutory victim contact scheme     [R]" in text
    page = tmp_path / "report.html"
    code, _, _ = run_cli("report", sample, "--criteria", "iaow-2013-10", "--html", str(page))
    assert code == 0
    html = page.read_text()
    assert "Method provenance" in html
    assert 'Score <span class="n">(Pooled, reconstructed)</span>' in html
    code, text, _ = run_cli(
        "report",
        str(ROOT / "examples" / "sample-hmip-2018-adult.jsonl"),
        "--criteria",
        "hmip-2018-adult",
        "--format",
        "text",
    )
    assert "Ratings (key question scores: cases_meeting, reconstructed: Recalled" in text


def test_statutory_victim_contact_has_its_own_number_in_every_iaow_report() -> None:
    for criteria_id in ("iaow-2013-04", "iaow-2013-10", "iaow-2014-08"):
        criteria = aow_rules.load_criteria(criteria_id)
        groups = {g.id: g for g in criteria.criteria}
        assert {q.id for q in criteria.questions if q.criterion == "5.5a"} >= {
            "5.5-01",
            "5.5-02",
            "5.5-04",
        }
        assert [q.id for q in criteria.questions if q.criterion == "5.5b"] == ["5.5-05"]
        assert groups["5.5a"].outcome == "O5"
        rj = criteria.question("5.5-05")
        assert rj.applies_if is not None
        assert rj.applies_if.facts == ("restorative_justice_appropriate",)


BASIS = """format: aow-criteria/1
id: basis
version: "1"
title: Basis (invented for a test)
status: released
effective_from: "2024-01-01"
provenance: {summary: Invented for a test.}
outcomes: [{id: O1, title: One}]
stages: [{id: P1, title: One}]
criteria:
  - {id: "1.1", title: One, outcome: O1, stage: P1, provenance: ours, provenance_note: Ours.}
scales:
  - id: yn
    title: Yes or no
    options: [{value: "yes", title: "Yes", credit: 1}, {value: "no", title: "No", credit: 0}]
questions:
  - {id: Q1, criterion: "1.1", text: "Done?", scale: yn, basis: theme,
     basis_note: A published finding.}
  - {id: Q2, criterion: "1.1", text: "Done well?", scale: yn, basis: reconstruction}
  - {id: Q3, criterion: "1.1", text: "Done on time?", scale: yn, basis: documented}
scoring:
  method_provenance: ours
  weights_provenance: ours
"""


def test_the_older_basis_is_still_read_as_provenance(tmp_path: Path) -> None:
    path = tmp_path / "basis.yaml"
    path.write_text(BASIS)
    criteria = aow_rules.load_criteria(path)
    kinds = {q.id: (q.provenance.kind if q.provenance else None) for q in criteria.questions}
    assert kinds == {"Q1": "reconstructed", "Q2": "ours", "Q3": "documented"}
    assert criteria.question("Q1").provenance.note == "A published finding."  # type: ignore[union-attr]
    assert aow_rules.check(path).warnings == ()


def test_basis_and_provenance_together_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "both.yaml"
    path.write_text(BASIS.replace("basis: documented}", "basis: documented, provenance: ours}"))
    with pytest.raises(aow_rules.CriteriaError) as err:
        aow_rules.load_criteria(path)
    assert "both provenance and the older basis" in str(err.value)


def test_a_released_file_without_provenance_is_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text(
        BASIS.replace(", provenance: ours, provenance_note: Ours.", "")
        .replace("basis: theme,\n     basis_note: A published finding.", "")
        .split("scoring:")[0]
    )
    warnings = {(w.code, w.id) for w in aow_rules.check(path).warnings}
    assert warnings == {
        ("provenance_missing", "criteria"),
        ("provenance_missing", "questions"),
        ("provenance_missing", "methods"),
        ("provenance_missing", "weights"),
    }
