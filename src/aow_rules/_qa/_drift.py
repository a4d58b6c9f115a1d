"""Assessor drift: each assessor's yes-rate per outcome against the rest of the sample."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .._criteria._model import Criteria
from .._evaluate._judgement import Judgement
from .._numbers import json_number

__all__ = ["METHOD", "MIN_COUNTED", "Z_FLAG", "DriftRow", "Sums", "drift", "drift_rows"]

MIN_COUNTED = 30
Z_FLAG = 1.96
METHOD = (
    "An assessor's yes-rate for an outcome is the credit they gave over the judgements they "
    "counted, pooled over all their assessments; it is compared with the pooled rate of every "
    "other assessment in the sample by a two-proportion z-test with pooled variance. An "
    f"assessor is flagged when |z| >= {Z_FLAG} and both sides have at least {MIN_COUNTED} "
    "counted judgements; smaller counts are never flagged. Judgements within one case are not "
    "independent, so a flag is a prompt to review the assessor's cases, not proof of bias."
)


@dataclass(frozen=True, slots=True)
class DriftRow:
    """One assessor, one outcome."""

    assessor: str
    outcome: str
    yes: Fraction
    counted: Fraction
    rest_yes: Fraction
    rest_counted: Fraction
    z: float | None
    flagged: bool
    note: str | None
    """Why the row cannot be flagged, if it cannot."""

    def to_dict(self) -> dict[str, object]:
        def rate(y: Fraction, n: Fraction) -> float | None:
            return float(y / n) if n else None

        return {
            "assessor": self.assessor,
            "outcome": self.outcome,
            "yes": json_number(self.yes),
            "counted": json_number(self.counted),
            "rate": rate(self.yes, self.counted),
            "rest_yes": json_number(self.rest_yes),
            "rest_counted": json_number(self.rest_counted),
            "rest_rate": rate(self.rest_yes, self.rest_counted),
            "z": None if self.z is None else round(self.z, 6),
            "flagged": self.flagged,
            "note": self.note,
        }


def _z(y1: Fraction, n1: Fraction, y2: Fraction, n2: Fraction) -> float | None:
    pooled = (y1 + y2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        return None
    return float(y1 / n1 - y2 / n2) / math.sqrt(variance)


Sums = tuple[Fraction, Fraction]
"""An outcome's pooled ``(yes, counted)`` over some assessments."""


def drift(
    criteria: Criteria, judgements: Sequence[Judgement], assessors: Sequence[str | None]
) -> list[DriftRow]:
    """`drift_rows` from one judgement per assessment, ``assessors`` aligned with them."""
    names = sorted({a for a in assessors if a is not None})
    slots = [g.slot for g in criteria.outcomes]
    # Summed in the judgements' integer units, made exact fractions once at the end.
    per = {a: [[0, 0] for _ in slots] for a in names}
    total = [[0, 0] for _ in slots]
    for judgement, assessor in zip(judgements, assessors, strict=True):
        totals = judgement.totals
        for sums, slot in zip(total, slots, strict=True):
            sums[0] += totals[2 * slot]
            sums[1] += totals[2 * slot + 1]
        if assessor is not None:
            for sums, slot in zip(per[assessor], slots, strict=True):
                sums[0] += totals[2 * slot]
                sums[1] += totals[2 * slot + 1]
    plan = criteria.plan
    d: int = plan.denominator
    exact = {a: [(Fraction(y, d), Fraction(c, d)) for y, c in s] for a, s in per.items()}
    return drift_rows(criteria, exact, [(Fraction(y, d), Fraction(c, d)) for y, c in total])


def drift_rows(
    criteria: Criteria, per: Mapping[str, Sequence[Sums]], total: Sequence[Sums]
) -> list[DriftRow]:
    """Rows for every assessor and outcome, outcomes in file order, assessors sorted.

    ``per``: each assessor's sums, one per outcome in file order, over their assessments;
    ``total``: the same over every assessment, including those with no assessor."""
    rows = []
    for index, group in enumerate(criteria.outcomes):
        all_yes, all_counted = total[index]
        for assessor in sorted(per):
            yes, counted = per[assessor][index]
            rest_yes, rest_counted = all_yes - yes, all_counted - counted
            note = None
            z = None
            if counted < MIN_COUNTED or rest_counted < MIN_COUNTED:
                note = f"fewer than {MIN_COUNTED} counted judgements on one side"
            else:
                z = _z(yes, counted, rest_yes, rest_counted)
                if z is None:
                    note = "no variation: every judgement on both sides is the same"
            flagged = z is not None and abs(z) >= Z_FLAG
            rows.append(
                DriftRow(assessor, group.id, yes, counted, rest_yes, rest_counted, z, flagged, note)
            )
    return rows
