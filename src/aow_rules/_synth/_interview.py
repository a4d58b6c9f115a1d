"""SYNTHETIC interview records and a SYNTHETIC inspection record for a synthetic sample.

Rates are invented to look like an inspection, not measured: the responsible officer is met
in nearly every case, the individual in fewer, and a few cases record nothing (so that a
report shows "not recorded" too). Each case's record comes from a stream of its own, so adding
it changed no other draw of a sample.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any

from .._cases._model import is_iso_date
from .._criteria import Criteria

__all__ = ["draw_interview", "synthetic_inspection"]

_NOT_RECORDED = 0.05
_OFFICER = 0.92
_OFFENDER = 0.35
_FIELDWORK_DAYS = 5
"""Cases are read from the Monday of the fieldwork week: interviews fall within its days."""
_NAMES = {
    "probation_trust": "Synthetic Shire Probation Trust",
    "nps": "National Probation Service, Synthetic division",
    "crc": "Synthetic Shire Community Rehabilitation Company",
}


def draw_interview(facts: Mapping[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """A case's interview record (None: not recorded), dated in the week its case was read
    (its ``inspection_date`` fact, where it has one)."""
    if rng.random() < _NOT_RECORDED:
        return None
    record: dict[str, Any] = {
        "officer": rng.random() < _OFFICER,
        "offender": rng.random() < _OFFENDER,
    }
    read = facts.get("inspection_date")
    day = rng.randrange(_FIELDWORK_DAYS)
    if (record["officer"] or record["offender"]) and isinstance(read, str) and is_iso_date(read):
        record["date"] = (dt.date.fromisoformat(read) + dt.timedelta(days=day)).isoformat()
    return record


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def synthetic_inspection(
    criteria: Criteria, cases: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """A SYNTHETIC ``aow-inspection/1`` record for a synthetic sample: its fieldwork week holds
    the latest day a case was read (``inspection_date``; else eight weeks after the criteria
    took effect), announced two weeks before, meetings three weeks after; its LDUs and
    providers are the sample's. None when the criteria record no provider."""
    fact = criteria.facts.get("provider")
    if fact is None or not fact.options:
        return None
    facts = [c.get("facts") or {} for c in cases]
    read = sorted(
        d for f in facts if isinstance(d := f.get("inspection_date"), str) and is_iso_date(d)
    )
    last = (
        dt.date.fromisoformat(read[-1])
        if read
        else dt.date.fromisoformat(criteria.effective_from) + dt.timedelta(weeks=8)
    )
    start = _monday(last)
    seen = {f.get("provider") for f in facts}
    providers = [p for p in fact.options if p in seen] or [fact.options[0]]
    ldus = sorted({v for f in facts if isinstance(v := f.get("ldu"), str)})
    area = f"Synthetic Shire (a cluster of {len(ldus)} LDUs)" if ldus else "Synthetic Shire"
    return {
        "format": "aow-inspection/1",
        "id": f"synthetic-shire-{start:%Y-%m}",
        "title": "SYNTHETIC: Inspection of probation work in Synthetic Shire",
        "criteria": criteria.id,
        "synthetic": True,
        "note": "Invented by aow-rules to show an inspection record: an announcement, a "
        "fieldwork week and a week of meetings, in the order of an inspection; not a real one.",
        "area": {"name": area, "police_force_area": "Synthetic Shire Police", "ldus": ldus},
        "providers": [{"provider": p, "name": _NAMES.get(p, f"Synthetic {p}")} for p in providers],
        "announced": (start - dt.timedelta(weeks=2)).isoformat(),
        "fieldwork": {
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=4)).isoformat(),
        },
        "meetings": {
            "start": (start + dt.timedelta(weeks=3)).isoformat(),
            "end": (start + dt.timedelta(weeks=3, days=2)).isoformat(),
        },
    }
