"""The case details of one sampled case: what the profile draws, then the generic fallback.

In: the criteria, the compiled `Profile`, the sampled caseload case and the case's random
stream. Out: the ``facts`` of an ``aow-case/1`` case, in the criteria's order, consistent with
the criteria's rules on facts. A fact the profile does not draw (every fact, for criteria
without a profile) gets a valid value of its declared type, so that a file never seen before
still gives cases that parse. Called by `synthesize`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping

from .._cases._derive import derive_facts
from .._cel import CelError
from .._criteria import Criteria, Fact, Rule
from ..errors import Code, CriteriaError, Problem
from ._caseload import AreaCase
from ._profile import Profile

__all__ = ["GENERIC_BLANK", "RETRIES", "draw_facts", "fires"]

GENERIC_BLANK = 0.2
"""The chance an optional fact the profile does not draw is left blank (not recorded)."""
RETRIES = 50
"""Draws of a case (its details, or its answers) before giving up on the rules."""


def fires(rule: Rule, facts: Mapping[str, object], answers: Mapping[str, str]) -> bool:
    """Whether a consistency rule flags these values (an error in the rule counts as yes)."""
    value = rule.when.value(facts, answers)
    return value is True or isinstance(value, CelError)


def _any_value(fact: Fact, rng: random.Random) -> object:
    """A valid value for a fact the profile knows nothing about."""
    options = fact.options or ()
    if fact.type == "bool":
        return rng.random() < 0.5
    if fact.type == "int":
        low = 0 if fact.min is None else fact.min
        high = low + 24 if fact.max is None else min(fact.max, low + 24)
        return rng.randint(low, high)
    if fact.type == "choice":
        return rng.choice(options)
    if fact.type == "set":
        return [o for o in options if rng.random() < 0.25]
    if fact.type == "date":
        return (dt.date(2013, 4, 1) + dt.timedelta(days=rng.randrange(730))).isoformat()
    return "Synthetic."


def _recorded(fact: Fact, value: object) -> object:
    # A set is drawn in the order its chances are written; a case lists it in option order.
    if fact.type == "set" and isinstance(value, list):
        return [o for o in fact.options or () if o in value]
    return value


def _one_draw(
    criteria: Criteria, profile: Profile, unit: AreaCase, rng: random.Random
) -> dict[str, object]:
    drawn = profile.draw(unit, rng)
    facts: dict[str, object] = {}
    for fid, fact in criteria.facts.items():
        if fact.derived is not None:
            continue  # computed when the case is read, like any case's
        known = fid in profile.blanks
        blank = profile.blanks[fid] if known else GENERIC_BLANK
        if callable(blank):
            blank = blank(drawn)
        # An optional fact spends one draw on whether it is left blank, even at chance 0,
        # unless it is never blank (the sampler's own records).
        if blank is not None and not fact.required and rng.random() < blank:
            continue
        facts[fid] = _recorded(fact, drawn[fid]) if known else _any_value(fact, rng)
    return facts


def _generic_again(
    criteria: Criteria, facts: dict[str, object], names: set[str], rng: random.Random
) -> dict[str, object]:
    out = dict(facts)
    for fid, fact in criteria.facts.items():
        if fid not in names or fact.derived is not None:
            continue
        out.pop(fid, None)
        if not fact.required and rng.random() < GENERIC_BLANK:
            continue
        out[fid] = _any_value(fact, rng)
    return {fid: out[fid] for fid in criteria.facts if fid in out}


def draw_facts(
    criteria: Criteria, profile: Profile, unit: AreaCase, rng: random.Random
) -> dict[str, object]:
    """The case details of ``unit``: drawn again while a rule on facts alone flags them.

    An error means details that contradict themselves, which a quality lead would send back:
    never kept. A warning means details that are unusual but possible (a CRC case in a file
    for NPS work): kept only when no draw avoids every warning. Raises `CriteriaError` when
    every draw breaks an error rule (the profile cannot give what the rules allow).
    """
    rules = [r for r in criteria.rules if not r.when.questions]
    fallback: dict[str, object] | None = None
    errors: list[str] = []
    facts = _one_draw(criteria, profile, unit, rng)
    for attempt in range(RETRIES):
        # The rules read the case as it is read: with its derived facts (which it never sends).
        read = derive_facts(facts, criteria) if criteria.derived else facts
        fired = [r for r in rules if fires(r, read, {})]
        if not fired:
            return facts
        errors = [r.code for r in fired if r.severity == "error"]
        if not errors and fallback is None:
            fallback = facts
        if attempt == RETRIES - 1:
            break
        touched = {f for r in fired for f in (*r.when.facts, *r.when.derived_from)}
        if touched.isdisjoint(profile.blanks):
            # Only facts no profile draws, each independent of the others: drawing those
            # again keeps what already agrees (a file without a profile and many rules would
            # otherwise seldom draw a whole case that breaks none).
            facts = _generic_again(criteria, facts, touched, rng)
        else:
            facts = _one_draw(criteria, profile, unit, rng)
    if fallback is None:
        raise CriteriaError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    f"{RETRIES} draws of the case details of {unit.ref} all broke the rules "
                    f"{', '.join(errors)} of criteria {criteria.id}",
                    profile.source or criteria.source,
                    suggestion="draw the facts those rules read so that they agree"
                    + ("" if profile.source else ", in a synthetic profile beside the criteria"),
                )
            ]
        )
    return fallback
