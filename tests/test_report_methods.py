"""Sample aggregation: the three methods on hand-computed samples, breakdowns, and the
properties (pooled = sum of yes / sum of counted, order independence, split-and-merge)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import Aggregate
from aow_rules.errors import ArgumentError

from .support import FIXTURES, MINI

METHODS = FIXTURES / "ratings" / "methods.yaml"


def _case(cid: str, full: bool, answers: dict[str, str], area: str | None = None) -> Any:
    crit = aow_rules.load_criteria(METHODS)
    facts: dict[str, Any] = {"full": full}
    if area is not None:
        facts["area"] = area
    data = {
        "format": "aow-case/1",
        "case_id": cid,
        "criteria": crit.id,
        "assessor": "A1" if cid < "C" else "A2",
        "facts": facts,
        "answers": answers,
    }
    return aow_rules.parse_case(data, crit)


# A: 4 of 4; B: 1 of 2 (q3, q4 do not apply); C: 1 of 4.
HAND = [
    ("A", True, {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes"}, "north"),
    ("B", False, {"q1": "yes", "q2": "no"}, "north"),
    ("C", True, {"q1": "no", "q2": "no", "q3": "no", "q4": "yes"}, "south"),
]


def _hand_report(cases: list[Any] | None = None) -> aow_rules.SampleReport:
    crit = aow_rules.load_criteria(METHODS)
    cases = cases if cases is not None else [_case(*row) for row in HAND]
    return aow_rules.report(crit, cases)


def test_three_methods_give_different_known_answers() -> None:
    rep = _hand_report()
    g = rep.criteria.outcomes[0]
    t = rep.aggregate.totals(g)
    # pooled: (4 + 1 + 1) / (4 + 2 + 4)
    assert t.score == Fraction(3, 5)
    # case_mean: (1 + 1/2 + 1/4) / 3
    assert t.case_mean == Fraction(7, 12)
    # cases_meeting at 3/4: only A
    assert t.cases_meeting(Fraction(3, 4)) == Fraction(1, 3)
    assert t.meeting(Fraction(1, 2)) == 2  # A and B reach one half
    data = rep.to_dict()
    o1 = data["outcomes"]["O1"]
    assert o1["fraction"] == "3/5"  # the declared method (pooled)
    assert o1["methods"]["case_mean"]["fraction"] == "7/12"
    assert o1["methods"]["cases_meeting"] == {
        "score": 1 / 3,
        "fraction": "1/3",
        "threshold": "3/4",
        "meeting": 1,
    }
    assert (o1["yes"], o1["counted"], o1["cases"]) == (6, 10, 3)


def test_breakdown_by_declared_fact_and_assessor() -> None:
    data = _hand_report().to_dict()
    assert data["sample"]["breakdowns"] == ["area", "assessor"]
    area = data["breakdowns"][0]
    assert [(v["value"], v["cases"]) for v in area["values"]] == [("north", 2), ("south", 1)]
    north = area["values"][0]["outcomes"]["O1"]
    assert north["fraction"] == "5/6"  # (4 + 1) / (4 + 2)
    assessor = data["breakdowns"][1]
    assert [(v["value"], v["cases"]) for v in assessor["values"]] == [("A1", 2), ("A2", 1)]


def test_absent_breakdown_value_is_its_own_row_last() -> None:
    crit = aow_rules.load_criteria(METHODS)
    cases = [_case(*row) for row in HAND] + [_case("D", False, {"q1": "yes", "q2": "yes"})]
    rep = aow_rules.report(crit, cases, by=["area"])
    values = rep.to_dict()["breakdowns"][0]["values"]
    assert [(v["value"], v["title"], v["cases"]) for v in values] == [
        ("north", "north", 2),
        ("south", "south", 1),
        (None, "(not recorded)", 1),
    ]


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (["aera"], "did you mean 'area'"),
        (["colour"], "not a fact of methods-1"),
    ],
)
def test_unknown_breakdown_is_a_clear_error(by: list[str], message: str) -> None:
    with pytest.raises(ArgumentError) as info:
        aow_rules.report(aow_rules.load_criteria(METHODS), [], by=by)
    assert message in str(info.value)
    assert [p.source for p in info.value.problems] == ["by"]


def test_set_fact_cannot_be_a_breakdown() -> None:
    crit = aow_rules.load_criteria("iaow-2013-10")
    with pytest.raises(ArgumentError, match="set fact") as info:
        aow_rules.report(crit, [], by=["requirements"])
    assert [p.source for p in info.value.problems] == ["by"]


def test_empty_sample_has_no_scores() -> None:
    data = _hand_report([]).to_dict()
    assert data["outcomes"]["O1"]["score"] is None
    assert data["outcomes"]["O1"]["methods"]["case_mean"]["score"] is None
    assert data["sample"]["cases"] == 0


# -- properties over generated samples of the MINI criteria ------------------------------------

_mini = aow_rules.load_criteria(MINI)

_answers = st.fixed_dictionaries(
    {},
    optional={
        "1.1-01": st.sampled_from(["yes", "no"]),
        "1.1-02": st.sampled_from(["yes", "no", "na"]),
        "2.1-01": st.sampled_from(["good", "sufficient", "insufficient"]),
    },
)
_cases = st.lists(
    st.tuples(
        st.sampled_from(["none", "full", "fast"]),
        st.booleans(),
        _answers,
        st.sampled_from(["A1", "A2", "A3"]),
    ),
    max_size=25,
)


def _mini_cases(rows: list[tuple[str, bool, dict[str, str], str]]) -> list[Any]:
    out = []
    for i, (report, victim, answers, assessor) in enumerate(rows):
        data = {
            "format": "aow-case/1",
            "case_id": f"C{i:03}",
            "criteria": _mini.id,
            "assessor": assessor,
            "facts": {"report": report, "victim": victim},
            "answers": answers,
        }
        out.append(aow_rules.parse_case(data, _mini))
    return out


@settings(max_examples=60, deadline=None)
@given(_cases)
def test_pooled_is_sum_of_case_yes_over_sum_of_case_counted(rows: list[Any]) -> None:
    judgements = [aow_rules.evaluate(_mini, c) for c in _mini_cases(rows)]
    agg = Aggregate.of(_mini, judgements)
    for g in _mini.groups:
        t = agg.totals(g)
        yes = sum((j.group(g).yes for j in judgements), Fraction(0))
        counted = sum((j.group(g).counted for j in judgements), Fraction(0))
        assert (t.yes, t.counted) == (yes, counted)
        assert t.score == (yes / counted if counted else None)
        applicable = [j.group(g).score for j in judgements if j.group(g).counted]
        assert t.cases == len(applicable)
        mean = sum(applicable, Fraction(0)) / len(applicable) if applicable else None
        assert t.case_mean == mean
        for score in (t.score, t.case_mean):
            assert score is None or 0 <= score <= 1


@settings(max_examples=40, deadline=None)
@given(_cases, st.randoms(use_true_random=False))
def test_report_does_not_depend_on_case_order(rows: list[Any], rnd: Any) -> None:
    cases = _mini_cases(rows)
    shuffled = list(cases)
    rnd.shuffle(shuffled)
    a = aow_rules.report(_mini, cases, by=["report", "victim", "assessor"]).to_dict()
    b = aow_rules.report(_mini, shuffled, by=["report", "victim", "assessor"]).to_dict()
    # Everything but the list of cases (which keeps input order) is identical.
    a.pop("cases")
    b.pop("cases")
    assert a == b


@settings(max_examples=40, deadline=None)
@given(_cases, st.lists(st.integers(0, 25), max_size=4))
def test_split_and_merge_equals_the_whole(rows: list[Any], cuts: list[int]) -> None:
    judgements = [aow_rules.evaluate(_mini, c) for c in _mini_cases(rows)]
    by = ["report", "assessor"]
    whole = Aggregate.of(_mini, judgements, by)
    bounds = sorted({0, len(judgements), *(min(c, len(judgements)) for c in cuts)})
    parts = [Aggregate.of(_mini, judgements[lo:hi], by) for lo, hi in itertools.pairwise(bounds)]
    merged = Aggregate(_mini, by)
    for part in parts:
        merged = merged.merge(part)
    assert merged == whole
    for g in _mini.groups:
        assert merged.totals(g) == whole.totals(g)
        for value, _ in whole.values("report"):
            assert merged.totals(g, "report", value) == whole.totals(g, "report", value)


def test_merge_refuses_other_criteria_or_breakdowns() -> None:
    a = Aggregate(_mini, ["report"])
    with pytest.raises(ValueError, match="breakdowns"):
        a.merge(Aggregate(_mini, ["victim"]))
    with pytest.raises(ValueError, match="cannot merge"):
        a.merge(Aggregate(aow_rules.load_criteria(METHODS), ["area"]))
