"""Derived facts: computed from a case's recorded facts when it is read, never sent.

A criteria file may declare a fact ``derived`` (see `_criteria._facts`): months under
supervision counted from the start of supervision to the inspection, or a bool given by a
condition over other facts (``"violence" in case.offence_type``). `parse_case` checks a case,
then adds its derived facts here, so every later stage (conditions, breakdowns, reports) reads
them like any fact, and an explanation shows the dates they came from (`read_values`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._criteria._model import Criteria, Fact
    from ._parse import Case

__all__ = ["derive_facts", "months_before", "months_between", "with_derived"]


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (ISO dates): a month counts once its day of the
    month is reached, so 2013-01-31 to 2013-02-28 is 0 and to 2013-03-31 is 2. Negative when
    ``end`` is before ``start``."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if b < a:
        return -months_between(end, start)
    months = (b.year - a.year) * 12 + b.month - a.month
    return months - 1 if b.day < a.day else months


def months_before(date: str, months: int) -> str:
    """The date ``months`` whole months before ``date`` (the day kept, or the month's last
    day where the month is shorter), so that `months_between` of the two is ``months``."""
    d = dt.date.fromisoformat(date)
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last)).isoformat()


def _value(fact: Fact, facts: dict[str, object]) -> object:
    derived = fact.derived
    assert derived is not None
    if any(s not in facts for s in derived.sources):
        return None
    if derived.kind == "months_between":
        start, end = (facts[s] for s in derived.sources)
        assert isinstance(start, str)
        assert isinstance(end, str)
        return months_between(start, end)
    assert derived.condition is not None
    value = derived.condition.value(facts, {})
    # A condition over facts that are all present cannot fail at run time except by reading
    # a fact that is absent, which is checked above; anything else leaves the fact absent.
    return value if isinstance(value, bool) else None


def derive_facts(facts: Mapping[str, object], criteria: Criteria) -> dict[str, object]:
    """``facts`` with the derived facts of ``criteria`` added, in the criteria's fact order."""
    out = dict(facts)
    for fact in criteria.derived:
        value = _value(fact, out)
        if value is not None:
            out[fact.id] = value
    return {fid: out[fid] for fid in criteria.facts if fid in out}


def with_derived(case: Case, criteria: Criteria) -> Case:
    """``case`` with the derived facts of ``criteria`` added, in the criteria's fact order."""
    return replace(case, facts=derive_facts(case.facts, criteria))
