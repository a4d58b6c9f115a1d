"""Hypothesis strategies for valid case content, shared by the property tests.

Each test chooses its own texts (what its format must carry), how often a question is left
unanswered and where evidence is written; the rest (a valid value for each declared fact, an
option of each question's scale) is the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from aow_rules import Criteria


def fact_value(
    fact: Any,
    text: st.SearchStrategy[str],
    *,
    dates: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Any]:
    """A valid value of ``fact``: ints within its bounds (2**40 where unbounded), sets as
    lists of distinct options in any order, ``text`` for a text fact with ``?`` for each
    character a fact may not hold (controls but tab and newline, bidirectional controls:
    docs/cases.md)."""
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "int":
        low = fact.min if fact.min is not None else -(2**40)
        high = fact.max if fact.max is not None else 2**40
        return st.integers(low, high)
    if fact.type == "choice":
        return st.sampled_from(fact.options)
    if fact.type == "set":
        return st.lists(st.sampled_from(fact.options), unique=True)
    if fact.type == "date":
        return dates if dates is not None else st.dates().map(lambda d: d.isoformat())
    return text.map(_fact_text)


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _fact_text(text: str) -> str:
    return "".join(
        c
        if c in "\t\n"
        or not (c < "\x20" or "\x7f" <= c <= "\x9f" or "\ud800" <= c <= "\udfff" or c in _BIDI)
        else "?"
        for c in text
    )


def case_content(
    draw: st.DrawFn,
    criteria: Criteria,
    *,
    values: Callable[[Any], st.SearchStrategy[Any]],
    text: st.SearchStrategy[str],
    evidence: st.SearchStrategy[str],
    unanswered: int = 4,
    evidence_where_required: bool = False,
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Facts (every required one, others at random), answers (one question in
    ``unanswered`` left out), evidence (for any question, or only where a rule asks)."""
    facts = {}
    for fact in criteria.facts.values():
        if fact.derived is not None:
            continue  # computed when the case is read: a case never sends it
        if fact.required or draw(st.booleans()):
            facts[fact.id] = draw(values(fact))
    answers: dict[str, str] = {}
    written: dict[str, str] = {}
    for q in criteria.questions:
        if draw(st.integers(0, unanswered - 1)) == 0:
            continue
        if q.scale is None:
            answers[q.id] = draw(text)
        else:
            answers[q.id] = draw(st.sampled_from([o.value for o in q.scale.options]))
        if (q.evidence_when or not evidence_where_required) and draw(st.booleans()):
            written[q.id] = draw(evidence)
    return facts, answers, written
