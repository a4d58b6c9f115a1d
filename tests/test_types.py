"""Results are frozen values with named fields: judgements, their findings, group results."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import aow_rules
from aow_rules import Finding, Judgement
from aow_rules.errors import ArgumentError

from .support import EXAMPLES, MINI

SAMPLE = EXAMPLES.parent / "sample-iaow-2013-10.jsonl"


def _judgements() -> list[Judgement]:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(SAMPLE, criteria)
    return [aow_rules.evaluate(criteria, c) for c in sample.cases]


def test_judgement_and_finding_are_frozen_dataclasses_with_named_fields() -> None:
    assert [f.name for f in dataclasses.fields(Judgement)] == [
        "criteria",
        "case",
        "trace",
        "totals",
        "findings",
    ]
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "code",
        "severity",
        "question",
        "rule",
        "node",
        "answer",
        "error",
        "prompt",
    ]
    judgement = next(j for j in _judgements() if j.findings)
    finding = judgement.findings[0]
    for obj, name in ((judgement, "totals"), (finding, "code")):
        assert not hasattr(obj, "__dict__"), type(obj)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, None)
    group = judgement.outcomes["O1"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        group.yes = group.counted  # type: ignore[misc]


def test_evaluate_builds_what_the_dataclass_constructor_builds() -> None:
    for j in _judgements():
        rebuilt = Judgement(j.criteria, j.case, j.trace, j.totals, j.findings)
        assert rebuilt == j
        assert type(j.findings) is tuple
        assert all(type(f) is Finding for f in j.findings)
        assert j.denominator == j.criteria.plan.denominator


def test_findings_read_by_name() -> None:
    judgements = _judgements()
    codes = {(f.code, f.severity) for j in judgements for f in j.findings}
    assert ("applicable_unanswered", "warning") in codes
    unanswered = next(
        f for j in judgements for f in j.findings if f.code == "applicable_unanswered"
    )
    assert unanswered.question is not None
    assert (unanswered.rule, unanswered.node, unanswered.answer) == (None, None, None)
    assert unanswered.message == f"{unanswered.question} applies to this case but has no answer"
    ruled = next(f for j in judgements for f in j.findings if f.rule is not None)
    assert ruled.code == ruled.rule.code
    assert ruled.node is ruled.rule.when
    assert ruled.message == ruled.rule.message


def test_answers_to_questions_that_do_not_apply_are_findings_with_their_answer(
    tmp_path: Path,
) -> None:
    # Tables list a finding per option of a scored question; a free-text answer builds its own.
    text = MINI.read_text(encoding="utf-8").replace(
        "    text: Case summary\n    scored: false\n",
        "    text: Case summary\n    scored: false\n    applies_if: case.victim\n",
    )
    (tmp_path / "mini-free-text.yaml").write_text(text, encoding="utf-8")
    criteria = aow_rules.load_criteria(tmp_path / "mini-free-text.yaml")
    case = aow_rules.parse_case(
        {
            "format": "aow-case/1",
            "case_id": "T-2",
            "criteria": criteria.id,
            "facts": {"report": "none", "victim": False},
            "answers": {"1.1-01": "no", "2.1-01": "good", "0-01": "a summary"},
        },
        criteria,
    )
    judgement = aow_rules.evaluate(criteria, case)
    ignored = [f for f in judgement.findings if f.code == "answered_not_applicable"]
    assert [(f.question, f.answer) for f in ignored] == [
        ("1.1-01", "no"),
        ("2.1-01", "good"),
        ("0-01", "a summary"),
    ]
    for f in ignored:
        assert f.node is criteria.question(f.question or "").applies_if
        assert f.message.startswith(f"{f.question} was answered {f.answer!r} but does not apply")
    # The same answers give equal findings in every case: shared where the tables hold them.
    again = aow_rules.evaluate(criteria, case)
    assert again.findings == judgement.findings
    assert again.findings[0] is judgement.findings[0]


def test_an_aggregate_is_immutable_and_merging_makes_a_new_one() -> None:
    judgements = _judgements()
    criteria = judgements[0].criteria
    by = ("provider", "assessor")
    first = aow_rules.Aggregate.of(criteria, judgements[:25], by)
    second = aow_rules.Aggregate.of(criteria, judgements[25:], by)
    before = (first.cases, first.totals(criteria.outcomes[0]), first.values("provider"))
    whole = first.merge(second)
    assert whole == aow_rules.Aggregate.of(criteria, judgements, by)
    assert whole is not first
    assert whole is not second
    assert (first.cases, first.totals(criteria.outcomes[0]), first.values("provider")) == before
    assert first != whole
    assert hash(whole) == hash(aow_rules.Aggregate.of(criteria, judgements, by))
    for name in ("criteria", "by", "_whole", "_cells", "_questions"):
        with pytest.raises(AttributeError):
            setattr(whole, name, None)
    with pytest.raises(TypeError):
        whole._cells[next(iter(whole._cells))] = whole._whole  # type: ignore[index]
    assert not hasattr(whole, "__dict__")
    empty = aow_rules.Aggregate(criteria, by)
    assert empty.merge(whole) == whole
    assert empty.cases == 0
    assert empty.denominator == criteria.plan.denominator


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (["providr"], "did you mean 'provider'"),
        (["requirements"], "it is a set fact"),
    ],
)
def test_an_aggregate_takes_only_one_valued_breakdowns(by: list[str], message: str) -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    for make in (
        lambda: aow_rules.Aggregate(criteria, by),
        lambda: aow_rules.Aggregate.of(criteria, [], by),
    ):
        with pytest.raises(ArgumentError, match=message) as info:
            make()
        assert [p.source for p in info.value.problems] == ["by"]
