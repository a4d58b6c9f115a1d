"""A SYNTHETIC long list, drawn from a criteria version's synthetic profile, and the SYNTHETIC
cases of the rows a sample takes from it: the demo's inspection, drawn as a real one is.

Each row of the list is one case of the invented caseload `_synth` draws (its officer, LDU
and the facts the profile draws for it, from the same random streams as `synthesize`), with
an invented identity (PNC number and CRN; a few people appear twice, with a second sentence)
and a status (a few transferred out or terminated early). Every row's note says it is
synthetic. The cases of the sampled rows keep the facts their rows were made from, so the
answers invented for them follow the same details the sampler read.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._criteria import Criteria
from .._criteria._sampling import COLUMNS
from .._synth._caseload import AreaCase, draw_area
from .._synth._facts import draw_facts
from .._synth._profile import load_profile
from .._synth._streams import stream
from .._synth._synth import synthetic_cases
from ._api import sample
from ._result import SampleDraw

__all__ = ["DemoDraw", "SyntheticList", "draw_demo", "synthetic_long_list"]

_NOTE = "SYNTHETIC: invented by aow-rules (seed {seed}); no real person or case"
_TRANSFERRED, _TERMINATED, _SECOND_SENTENCE = 0.04, 0.03, 0.03


@dataclass(frozen=True, slots=True)
class SyntheticList:
    """A SYNTHETIC long list and what each row was made from."""

    text: str
    """The list as CSV (CRLF line ends)."""
    cut_off: str
    """The date the profile's inspection looks from (its ``inspection_date``)."""
    units: Mapping[str, tuple[AreaCase, dict[str, object]]]
    """Case reference -> the invented case and its facts."""
    seed: int

    def cases(
        self, criteria: Criteria, drawn: SampleDraw, profile: str | Path | None = None
    ) -> list[dict[str, Any]]:
        """The SYNTHETIC ``aow-case/1`` cases of the rows ``drawn`` took, in its order: each
        with the facts its row was made from, and answers invented for them."""
        units = [(row.case_ref, self.units[row.case_ref][0]) for row in drawn.chosen]
        facts = {unit.ref: self.units[ref][1] for ref, unit in units}
        return synthetic_cases(criteria, load_profile(criteria, profile), units, self.seed, facts)


def _identity(rng: random.Random) -> tuple[str, str]:
    year = rng.randint(1990, 2012)
    letter = chr(ord("A") + rng.randrange(26))
    return f"{year}/{rng.randrange(10**7):07d}{letter}", f"X{rng.randrange(10**6):06d}"


def synthetic_long_list(
    criteria: Criteria, *, cases: int, seed: int, profile: str | Path | None = None
) -> SyntheticList:
    """A SYNTHETIC long list of ten times ``cases`` rows for ``criteria``, from its synthetic
    profile (by default the one beside the criteria file). The same arguments give the same
    list."""
    drawn = load_profile(criteria, profile)
    area = draw_area(cases, seed=seed, caseload=drawn.caseload)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    units: dict[str, tuple[AreaCase, dict[str, object]]] = {}
    people: list[tuple[str, str]] = []
    dates: list[str] = []
    width = len(str(len(area)))
    for k, unit in enumerate(area, start=1):
        facts = draw_facts(criteria, drawn, unit, stream(seed, "facts", unit.ref))
        rng = stream(seed, "long list", unit.ref)
        if people and rng.random() < _SECOND_SENTENCE:
            pnc, crn = people[rng.randrange(len(people))]
        else:
            pnc, crn = _identity(rng)
            people.append((pnc, crn))
        roll = rng.random()
        status = (
            "transferred_out"
            if roll < _TRANSFERRED
            else "terminated_early"
            if roll < _TRANSFERRED + _TERMINATED
            else ""
        )
        female = unit.stratum == "female" if drawn.source else rng.random() < 0.12
        ref = f"SYN-{k:0{width}d}"
        start = str(facts.get("supervision_start", "2013-01-01"))
        dates.append(str(facts.get("inspection_date", start)))
        offences = facts.get("offence_type", ["other"])
        assert isinstance(offences, list)
        row = {
            "case_ref": ref,
            "pnc": pnc,
            "crn": crn,
            "officer": unit.officer,
            "ldu": unit.ldu,
            "sentence_type": facts.get("sentence_type", "community_order"),
            "sentence_date": start,
            "offence_type": ";".join(offences) or "other",
            "rosh_level": facts.get("rosh_level", "medium"),
            "sex": "female" if female else "male",
            "status": status,
            "note": _NOTE.format(seed=seed),
        }
        writer.writerow([str(row[c.name]) for c in COLUMNS])
        units[ref] = (unit, facts)
    return SyntheticList(out.getvalue(), max(dates), units, seed)


@dataclass(frozen=True, slots=True)
class DemoDraw:
    """The demo's SYNTHETIC inspection sample, drawn as a real one is."""

    listed: SyntheticList
    drawn: SampleDraw
    cases: list[dict[str, Any]]


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def draw_demo(
    criteria: Criteria,
    *,
    cases: int,
    seed: int,
    list_path: Path,
    profile: str | Path | None = None,
    write: Callable[[Path, str], None] = _write,
) -> DemoDraw:
    """The demo's sample: a SYNTHETIC long list written to ``list_path`` (by ``write``: the
    CLI's turns a path that cannot be written into an error), the sample drawn from it by
    ``criteria``'s sampling rules, and the cases of the rows drawn. `aow-rules demo` and
    `aow-rules serve --demo` both call this, so both show the same cases."""
    listed = synthetic_long_list(criteria, cases=cases, seed=seed, profile=profile)
    write(list_path, listed.text)
    drawn = sample(criteria, list_path, seed=seed, size=cases, cut_off=listed.cut_off)
    return DemoDraw(listed, drawn, listed.cases(criteria, drawn, profile))
