"""Carrying a case's facts into a new version: what the new version declares is kept, what it
derives is left for it to derive, and what it needs but the old case never recorded is
filled by the new version's declared ``carry`` rules, each an assumption that is named.

In: a case read under the old version and the new `Criteria`. Out: the facts as the new
version would have them, with notes on what was assumed and what could not be carried. Used
by `impact` (translation); nothing here reads answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._cases._derive import months_before
from .._criteria._facts import fits_fact

if TYPE_CHECKING:
    from .._criteria._model import Carry, Criteria, Fact

__all__ = ["Assumption", "CarriedFacts", "carry_facts"]


@dataclass(frozen=True, slots=True)
class Assumption:
    """A fact filled by a carry rule: its value, where it came from, and why."""

    fact: str
    value: str
    """The value as text (``true``, ``3``, ``high``)."""
    origin: str
    reason: str

    def text(self) -> str:
        return f"{self.fact} = {self.value} assumed from {self.origin}: {self.reason}"


@dataclass(frozen=True, slots=True)
class CarriedFacts:
    facts: dict[str, object]
    assumed: list[Assumption]
    """One per fact filled by a carry rule."""
    lost: list[str]
    """Old facts the new version does not declare, and carry rules that could not apply."""


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return str(value)


def _apply(
    fact: Fact, rule: Carry, old: Mapping[str, object], facts: Mapping[str, object]
) -> tuple[object, str] | str:
    """(value, where it came from), or why the rule could not fill the fact."""
    if rule.kind == "value":
        return rule.value, "a constant"
    if rule.kind == "fact":
        assert rule.fact is not None
        if rule.fact not in old:
            return f"the old case does not record {rule.fact}"
        given = old[rule.fact]
        if rule.values is not None and _text(given) not in rule.values:
            return f"{rule.fact} = {_text(given)} says nothing of it"
        mapped = given if rule.values is None else rule.values[_text(given)]
        if not fits_fact(fact, mapped):
            return f"{rule.fact} = {_text(given)} gives no value of {fact.id}"
        return mapped, f"{rule.fact} = {_text(given)}"
    if rule.kind == "condition":
        assert rule.condition is not None
        value = rule.condition.value(facts, {})
        if not isinstance(value, bool):
            return f"{rule.condition.text} cannot be read ({value})"
        read = ", ".join(f"{f} = {_text(facts[f])}" for f in rule.condition.facts if f in facts)
        return value, f"{rule.condition.text} with {read}"
    assert rule.months_before is not None
    date_fact, months_fact = rule.months_before
    date, months = facts.get(date_fact), old.get(months_fact)
    if not isinstance(date, str) or not isinstance(months, int) or isinstance(months, bool):
        return f"it needs {date_fact} and the old case's {months_fact}"
    return months_before(date, months), f"{months} month(s) ({months_fact}) before {date_fact}"


def carry_facts(case_facts: Mapping[str, object], old: Criteria, new: Criteria) -> CarriedFacts:
    """The facts of a case as ``new`` would have them (see the module docstring). A carry
    rule fills only a fact ``old`` does not declare: a fact the old version declares and the
    case left unrecorded stays unrecorded."""
    facts: dict[str, object] = {}
    lost: list[str] = []
    # Old facts a carry rule reads live on in the fact it fills.
    read = {f.carry.fact for f in new.facts.values() if f.carry is not None and f.carry.fact}
    read |= {
        f.carry.months_before[1] for f in new.facts.values() if f.carry and f.carry.months_before
    }
    for k, v in case_facts.items():
        fact = new.facts.get(k)
        if fact is None:
            derived_before = k in old.facts and old.facts[k].derived is not None
            if not derived_before and k not in read:  # computed before, or carried: no loss
                lost.append(f"fact {k} is not a fact of {new.id}")
        elif fact.derived is None:
            facts[k] = v
        # A fact the new version derives is derived again from what is carried.
    assumed: list[Assumption] = []
    # Dates counted back from another date wait for that date, and conditions for every
    # other fact, to be carried first.
    order = {"fact": 0, "value": 0, "months_before": 1, "condition": 2}
    pending = [
        f
        for f in new.facts.values()
        if f.carry is not None and f.id not in facts and f.id not in old.facts
    ]
    pending.sort(key=lambda f: order[f.carry.kind] if f.carry is not None else 0)
    for fact in pending:
        rule = fact.carry
        assert rule is not None
        result = _apply(fact, rule, case_facts, facts)
        if isinstance(result, str):
            lost.append(f"fact {fact.id} could not be carried: {result}")
            continue
        value, origin = result
        facts[fact.id] = value
        assumed.append(Assumption(fact.id, _text(value), origin, rule.note))
    return CarriedFacts(facts, assumed, lost)
