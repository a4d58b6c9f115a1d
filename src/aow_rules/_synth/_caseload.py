"""An invented area caseload, sampled the way HM Inspectorate of Probation drew its cases.

In: a `Caseload` (its strata and their shares, officers, LDUs: from a synthetic profile, or
the generic one), the sample size and the seed. Out: a `SamplePlan`, the caseload and the cases
the sampler took. The sampler's rules are the Inspectorate's (reconstructed): allocate the
sample to the strata in proportion to their size, and take at most a fixed number of cases of
any one responsible officer. Called by `synthesize` and the tests.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from types import MappingProxyType

from ._streams import stream

__all__ = [
    "GENERIC_CASELOAD",
    "AreaCase",
    "Caseload",
    "SamplePlan",
    "allocate",
    "draw_area",
    "plan_sample",
]


@dataclass(frozen=True, slots=True)
class Caseload:
    """What the invented area looks like before any case is sampled."""

    strata: tuple[tuple[str, float], ...]
    """Each stratum and its share of the caseload (relative weights), in sample order."""
    officers: tuple[int, int] = (30, 45)
    """Fewest and most responsible officers in the area."""
    ldus: tuple[int, int] = (3, 5)
    """Fewest and most local delivery units."""
    max_per_officer: int = 6
    """The sampler takes at most this many cases of one responsible officer."""

    @property
    def names(self) -> tuple[str, ...]:
        """The strata, in sample order."""
        return tuple(name for name, _ in self.strata)


GENERIC_CASELOAD = Caseload(strata=(("all", 1.0),))
"""The caseload of a criteria file without a synthetic profile: one stratum, nothing known."""


@dataclass(frozen=True, slots=True)
class AreaCase:
    """One case of the invented area caseload the sample is drawn from."""

    ref: str
    """Its id in the caseload (``P-0001``), not the id of the sampled case."""
    stratum: str
    officer: str
    """Pseudonymous responsible officer (``RO-07``)."""
    ldu: str
    """The officer's local delivery unit."""


@dataclass(frozen=True, slots=True)
class SamplePlan:
    """An invented caseload, the sampler's allocation to strata, and the cases it took."""

    population: tuple[AreaCase, ...]
    allocation: Mapping[str, int]
    """Cases allocated to each stratum, in the caseload's stratum order."""
    chosen: tuple[AreaCase, ...]
    """The sampled cases in stratum then caseload order."""


def allocate(counts: Mapping[str, int], total: int) -> dict[str, int]:
    """Share ``total`` out over ``counts`` in proportion, by the largest remainder method.

    Each part gets the whole part of its exact quota; the parts left over go to the largest
    fractions, ties to the earlier key, so the parts always sum to ``total`` exactly.
    """
    size = sum(counts.values())
    if size <= 0 or not 0 <= total <= size:
        raise ValueError(f"cannot allocate {total} of {size}")
    quotas = {key: Fraction(n * total, size) for key, n in counts.items()}
    parts = {key: math.floor(q) for key, q in quotas.items()}
    # A reversed sort is still stable, so equal remainders keep the order of the keys.
    order = sorted(quotas, key=lambda k: quotas[k] - parts[k], reverse=True)
    for key in order[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def _draw_area(
    size: int, cases: int, caseload: Caseload, rng: random.Random
) -> tuple[AreaCase, ...]:
    # Enough officers that half their limit each could still fill a larger sample.
    half = max(1, caseload.max_per_officer // 2)
    officers = max(rng.randint(*caseload.officers), -(-cases // half))
    ldus = rng.randint(*caseload.ldus)
    ids = [f"RO-{k:02d}" for k in range(1, officers + 1)]
    ldu_of = {o: f"LDU {rng.randrange(ldus) + 1} (synthetic)" for o in ids}
    # Uneven caseloads, so that the limit per officer has something to do.
    weights = [rng.lognormvariate(0, 0.5) for _ in ids]
    names = caseload.names
    # Cumulative weights made once: `choices` given plain weights would add them up again for
    # every draw, and there are as many officers as the sample needs, so drawing the area
    # grew with the square of its size. `choices` draws the same value from either form.
    strata = list(accumulate(share for _, share in caseload.strata))
    caseloads = list(accumulate(weights))
    area = []
    for k in range(1, size + 1):
        stratum = rng.choices(names, cum_weights=strata)[0]
        officer = rng.choices(ids, cum_weights=caseloads)[0]
        area.append(AreaCase(f"P-{k:04d}", stratum, officer, ldu_of[officer]))
    return tuple(area)


def _take(
    area: Sequence[AreaCase],
    allocation: Mapping[str, int],
    caseload: Caseload,
    rng: random.Random,
) -> list[AreaCase]:
    names = caseload.names
    limit = caseload.max_per_officer
    queues = {s: [c for c in area if c.stratum == s] for s in names}
    for queue in queues.values():
        rng.shuffle(queue)
    need = dict(allocation)
    taken: Counter[str] = Counter()
    chosen: list[AreaCase] = []
    # One case per stratum per round, so the officers who reach the limit are spread over
    # the strata rather than all filled by whichever stratum would be sampled first.
    while any(need.values()):
        for stratum in names:
            if not need[stratum]:
                continue
            queue = queues[stratum]
            while queue and taken[queue[-1].officer] >= limit:
                queue.pop()
            if not queue:
                raise ValueError(
                    f"the caseload cannot fill stratum {stratum} with at most "
                    f"{limit} cases per officer; draw a larger population"
                )
            case = queue.pop()
            taken[case.officer] += 1
            need[stratum] -= 1
            chosen.append(case)
    rank = {s: i for i, s in enumerate(names)}
    return sorted(chosen, key=lambda c: (rank[c.stratum], c.ref))


def draw_area(
    cases: int, *, seed: int, population: int | None = None, caseload: Caseload = GENERIC_CASELOAD
) -> tuple[AreaCase, ...]:
    """The invented caseload `plan_sample` samples ``cases`` from (the same for the same
    arguments): ``population`` cases, by default ten times ``cases``."""
    size = 10 * cases if population is None else population
    return _draw_area(size, cases, caseload, stream(seed, "area", size))


def plan_sample(
    cases: int = 60,
    *,
    seed: int = 2013,
    population: int | None = None,
    caseload: Caseload = GENERIC_CASELOAD,
) -> SamplePlan:
    """Draw an invented caseload of ``population`` cases (default ten times ``cases``) and
    sample ``cases`` of them as the Inspectorate's sampler did.

    Raises `ValueError` for sizes that cannot be sampled.
    """
    size = 10 * cases if population is None else population
    if cases < 1 or size < cases:
        raise ValueError(f"cannot sample {cases} cases from a caseload of {size}")
    area = _draw_area(size, cases, caseload, stream(seed, "area", size))
    counts = Counter(c.stratum for c in area)
    allocation = allocate({s: counts[s] for s in caseload.names}, cases)
    chosen = _take(area, allocation, caseload, stream(seed, "sample", size, cases))
    return SamplePlan(area, MappingProxyType(allocation), tuple(chosen))
