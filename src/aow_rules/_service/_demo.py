"""The demo inspection of ``aow-rules serve --demo``: the SYNTHETIC sample of ``aow-rules
demo`` put in the store as an inspection, so the service's pages have something to show.

Made once: a store that holds the demo inspection already keeps it as it is (with whatever
was done to it since), so a restarted demo goes on where it stopped. Every case is invented
(its note says so, and so do the inspection's title and the start's output). Most cases are
submitted; some are double-marked by a second synthetic assessor who disagrees on a few
answers, both submitted, so a qa_lead has cases to moderate; the last few are drafts, so the
assessment form has something to finish.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

import aow_rules

from .._store import Conflict, NewCase, Store
from .._synth import synthesize
from ._catalog import Catalog
from ._common import stamp_of

__all__ = ["DEMO_ACTOR", "DEMO_INSPECTION", "Demo", "Seeded", "seed_demo"]

DEMO_INSPECTION = "demo"
DEMO_ACTOR = "demo"
"""Who the store records as making the demo inspection and its assessments."""
SECOND_MARKING = 10
"""One case in this many is double-marked."""
DRAFTS = 3
"""The last cases of the sample left as drafts."""
DISAGREE = 3
"""Answers on which the second marking differs from the first."""


@dataclass(frozen=True, slots=True)
class Demo:
    """What to draw: the same arguments as ``aow-rules demo``."""

    criteria: str
    cases: int
    seed: int


@dataclass(frozen=True, slots=True)
class Seeded:
    """The demo inspection as the start found or made it."""

    inspection: str
    criteria: str
    made: bool
    """False: it was in the store already, and is served as it is."""
    cases: int = 0
    double_marked: int = 0
    drafts: int = 0

    def message(self) -> str:
        if not self.made:
            return (
                f"the demo inspection {self.inspection!r} is in the store already (SYNTHETIC "
                "data, made by an earlier serve --demo): served as it is"
            )
        return (
            f"made the demo inspection {self.inspection!r} ({self.criteria}): {self.cases} "
            "SYNTHETIC cases (invented, no real person or case), as aow-rules demo draws "
            f"them; {self.double_marked} double-marked and awaiting moderation, "
            f"{self.drafts} left as drafts, the rest submitted"
        )


def _second(
    case: dict[str, Any], criteria: aow_rules.Criteria, assessors: list[str], rng: random.Random
) -> dict[str, Any]:
    """A second marking of ``case`` by another synthetic assessor, differing on a few scored
    answers (never one that another question's condition reads, so the same questions
    apply and the pair differs only where moderation decides)."""
    gates = {a for q in criteria.questions if q.applies_if for a in q.applies_if.questions}
    answers = dict(case["answers"])
    open_to = [
        q
        for q in criteria.questions
        if q.scored and q.scale is not None and q.id in answers and q.id not in gates
    ]
    for q in rng.sample(open_to, min(DISAGREE, len(open_to))):
        assert q.scale is not None
        others = [o.value for o in q.scale.options if o.value != answers[q.id]]
        if others:
            answers[q.id] = rng.choice(others)
    first = assessors.index(case["assessor"])
    return {
        **case,
        "assessor": assessors[(first + 1) % len(assessors)],
        "answers": answers,
        "note": f"{case['note']} Second marking, for the demo: it differs from the first "
        "on a few answers.",
    }


def _new(data: dict[str, Any], criteria: aow_rules.Criteria) -> NewCase:
    case = aow_rules.parse_case(data, criteria, source=f"demo case {data['case_id']}")
    judgement = aow_rules.evaluate(criteria, case).to_json(indent=None)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return (case.case_id, str(data["assessor"]), text, judgement, stamp_of(criteria))


def seed_demo(store: Store, catalog: Catalog, demo: Demo) -> Seeded:
    """The demo inspection, made unless the store holds it already.

    `ValueError` (its message says what to do) when an inspection of that id in the store
    was not made by ``--demo``, or the demo's criteria are not served."""
    served = catalog.get(demo.criteria)
    if served is None:
        raise ValueError(f"the demo's criteria {demo.criteria} are not served")
    criteria = served.criteria
    found = store.inspection(DEMO_INSPECTION)
    if found is not None and found.created_by != DEMO_ACTOR:
        raise ValueError(
            f"this store holds an inspection {DEMO_INSPECTION!r} made by {found.created_by}, "
            "not by serve --demo: give --demo another store with --db"
        )
    if found is not None and store.assessments(DEMO_INSPECTION):
        return Seeded(DEMO_INSPECTION, found.criteria_id, made=False)
    drawn = synthesize(criteria, cases=demo.cases, seed=demo.seed)
    assessors = sorted({str(c["assessor"]) for c in drawn})
    rng = random.Random(demo.seed)
    submitted: list[NewCase] = []
    drafts: list[NewCase] = []
    doubled = 0
    for k, case in enumerate(drawn):
        if k >= len(drawn) - DRAFTS and len(drawn) > DRAFTS:
            drafts.append(_new(case, criteria))
            continue
        submitted.append(_new(case, criteria))
        if k % SECOND_MARKING == SECOND_MARKING // 2 and len(assessors) > 1:
            submitted.append(_new(_second(case, criteria, assessors, rng), criteria))
            doubled += 1
    if found is None:
        title = f"Demo inspection: SYNTHETIC sample of {len(drawn)} invented cases"
        try:
            store.create_inspection(
                DEMO_INSPECTION, title, criteria.id, criteria.sha256, DEMO_ACTOR
            )
        except Conflict:  # another start made it meanwhile
            return Seeded(DEMO_INSPECTION, criteria.id, made=False)
    try:
        store.create_assessments(DEMO_INSPECTION, submitted, DEMO_ACTOR, ("submitted",))
        store.create_assessments(DEMO_INSPECTION, drafts, DEMO_ACTOR)
    except Conflict:
        return Seeded(DEMO_INSPECTION, criteria.id, made=False)
    return Seeded(DEMO_INSPECTION, criteria.id, True, len(drawn), doubled, len(drafts))
