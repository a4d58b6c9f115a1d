"""Properties of evaluation on generated cases, drawn from the criteria's own declarations."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aow_rules
from aow_rules import Criteria, Status

from .strategies import case_content, fact_value
from .support import MINI, assert_recomputes, shipped_files

CRITERIA = [aow_rules.load_criteria(MINI)] + [aow_rules.load_criteria(p) for p in shipped_files()]
# 150 generated cases take 2-4 s under a shipped file; the small fixture stays in the fast run.
SLOW_UNLESS_MINI = [
    pytest.param(c, id=c.id, marks=() if c.id == "mini-1" else pytest.mark.slow) for c in CRITERIA
]


@st.composite
def cases(draw: st.DrawFn, criteria: Criteria) -> dict[str, Any]:
    facts, answers, evidence = case_content(
        draw,
        criteria,
        values=lambda fact: fact_value(fact, st.text(max_size=20)),
        text=st.text(max_size=10),
        evidence=st.sampled_from(["", "  ", "noted in the record"]),
        unanswered=5,
    )
    return {
        "format": "aow-case/1",
        "case_id": "GEN-1",
        "criteria": criteria.id,
        "assessor": "A1",
        "facts": facts,
        "answers": answers,
        "evidence": evidence,
    }


def _reordered(data: dict[str, Any], rnd: Any) -> dict[str, Any]:
    out = dict(data)
    for key in ("facts", "answers", "evidence"):
        items = list(data[key].items())
        rnd.shuffle(items)
        out[key] = dict(items)
        if key == "facts":
            out[key] = {
                k: (list(reversed(v)) if isinstance(v, list) else v) for k, v in out[key].items()
            }
    return out


@pytest.mark.parametrize("criteria", SLOW_UNLESS_MINI)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_cases(criteria: Criteria, data: st.DataObject) -> None:
    raw = data.draw(cases(criteria))
    case = aow_rules.parse_case(raw, criteria)
    judgement = aow_rules.evaluate(criteria, case)
    rendered = judgement.to_dict(format=1)
    # Every number recomputes exactly from the because lists; scores lie in [0, 1]. Both
    # formats (aow-judgement/2 is the default).
    assert_recomputes(rendered)
    assert_recomputes(judgement.to_dict())
    # not_applicable and answered_na never count, wherever they appear.
    for i, q in enumerate(criteria.questions):
        status = judgement.statuses[i]
        if status in (Status.NOT_APPLICABLE, Status.ANSWERED_NA, Status.UNANSWERED):
            for group, _ in q.contributions:
                entry = next(
                    e
                    for e in rendered[_kind(group.kind)][group.id]["because"]
                    if e["question"] == q.id
                )
                assert entry["status"] == str(status)
    # Every consistency finding names a rule that exists, and reads only what it declares.
    rules = {r.code: r for r in criteria.rules}
    for finding in rendered["findings"]:
        if "rule" in finding:
            rule = rules[finding["rule"]]
            assert set(finding["questions"]) <= set(rule.when.questions)
    # Deterministic, and independent of the order of the input.
    text = judgement.to_json()
    assert aow_rules.evaluate(criteria, case).to_json() == text
    shuffled = _reordered(raw, data.draw(st.randoms(use_true_random=False)))
    again = aow_rules.evaluate(criteria, aow_rules.parse_case(shuffled, criteria))
    assert again.to_json() == text
    json.loads(text)


def _kind(kind: str) -> str:
    return {"outcome": "outcomes", "stage": "stages", "criterion": "criteria_groups"}[kind]
