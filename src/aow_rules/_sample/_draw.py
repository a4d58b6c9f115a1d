"""The draw: a long list's rows and a version's sampling rules in; what became of every row out.

In the order the Inspectorate's samplers work (reconstructed, docs/sampling.md): each row the
version's exclusions name is excluded (the first rule that holds); of the rest, a row that
repeats the case reference, PNC number or CRN of an earlier row is a duplicate of it; the
eligible rows are put in their strata, the sample is allocated to the strata in proportion to
their size (largest remainder), and each stratum is drawn in a seeded random order, one case
per stratum per round, passing over any case whose officer already has the most cases allowed.
Every row ends with exactly one `Outcome`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .._cases._derive import months_between
from .._cel import CelError
from .._criteria._sampling import Sampling
from .._synth._caseload import allocate
from ..errors import CaseError, Code, Problem
from ._long_list import ListRow

__all__ = ["Drawn", "Outcome", "StratumCount", "draw"]

Status = Literal["sampled", "excluded", "duplicate", "unsampled", "rejected"]
ALL_STRATA = "all"
"""The one stratum of a version that declares none."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one row of the long list, and why."""

    line: int
    status: Status
    case_ref: str | None = None
    stratum: str | None = None
    reason: str | None = None
    """``sampled``: none. ``excluded``: the exclusion's code (``outside_strata`` when no named
    stratum takes it). ``duplicate``: ``case_ref``, ``pnc`` or ``crn``, the value it repeats.
    ``unsampled``: ``stratum_full``, ``officer_cap`` or ``not_drawn``. ``rejected``: none."""
    of_line: int | None = None
    """For a duplicate: the line of the row it repeats."""
    draw_position: int | None = None
    """Its place (from 1) in its stratum's seeded order, for a row that came up in the draw."""
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class StratumCount:
    id: str
    title: str | None
    eligible: int
    quota: Fraction
    """The exact proportional share of the sample: size x eligible / all eligible."""
    allocated: int
    sampled: int


@dataclass(frozen=True, slots=True)
class Drawn:
    outcomes: tuple[Outcome, ...]
    """One per row of the list, in file order."""
    chosen: tuple[ListRow, ...]
    """The sampled rows, by stratum then line."""
    strata: tuple[StratumCount, ...]
    size: int


def _error(message: str, source: str, suggestion: str) -> CaseError:
    return CaseError([Problem(Code.SAMPLE_CANNOT_BE_DRAWN, message, source, "", suggestion)])


def _condition_problem(row: ListRow, source: str, what: str, err: CelError) -> Problem:
    return Problem(
        Code.INVALID_VALUE,
        f"{what} could not be decided for this row: {err}",
        f"{source}:{row.line}",
        "",
        "fill in the cells the rule reads (docs/sampling.md)",
    )


def _classify(
    good: Sequence[ListRow], sampling: Sampling, cut_off: str, source: str
) -> tuple[dict[int, Outcome], dict[int, str]]:
    """Exclusions and strata: the outcome of each row decided here, and each other row's
    stratum."""
    decided: dict[int, Outcome] = {}
    stratum_of: dict[int, str] = {}
    for row in good:
        facts = dict(row.values)
        facts["months_since_sentence"] = months_between(str(facts["sentence_date"]), cut_off)
        outcome: Outcome | None = None
        for rule in sampling.exclusions:
            v = rule.when.value(facts, {})
            if isinstance(v, CelError):
                problem = _condition_problem(row, source, f"exclusion {rule.code}", v)
                outcome = Outcome(row.line, "rejected", row.case_ref, problems=(problem,))
                break
            if v:
                outcome = Outcome(row.line, "excluded", row.case_ref, reason=rule.code)
                break
        if outcome is None and sampling.named:
            for stratum in sampling.named:
                v = stratum.when.value(facts, {})
                if isinstance(v, CelError):
                    problem = _condition_problem(row, source, f"stratum {stratum.id}", v)
                    outcome = Outcome(row.line, "rejected", row.case_ref, problems=(problem,))
                    break
                if v:
                    stratum_of[row.line] = stratum.id
                    break
            else:
                outcome = Outcome(row.line, "excluded", row.case_ref, reason="outside_strata")
        elif outcome is None:
            by = sampling.strata_by
            stratum_of[row.line] = "/".join(str(row.values[c]) for c in by) if by else ALL_STRATA
        if outcome is not None:
            decided[row.line] = outcome
    return decided, stratum_of


def _dedupe(eligible: Sequence[ListRow], decided: dict[int, Outcome]) -> list[ListRow]:
    first: dict[tuple[str, object], ListRow] = {}
    kept: list[ListRow] = []
    for row in eligible:
        keys = [(k, row.values[k]) for k in ("case_ref", "pnc", "crn") if k in row.values]
        earlier = next(((k, first[k]) for k in keys if k in first), None)
        if earlier is not None:
            (key, _), of = earlier
            decided[row.line] = Outcome(
                row.line, "duplicate", row.case_ref, reason=key, of_line=of.line
            )
            continue
        for k in keys:
            first[k] = row
        kept.append(row)
    return kept


def _size(
    sampling: Sampling, size: int | None, eligible: int, outcomes: dict[int, Outcome], source: str
) -> int:
    if size is None:
        if eligible >= sampling.size_default:
            return sampling.size_default
        if eligible >= sampling.size_min:
            return eligible
    elif eligible >= size:
        return size
    want = sampling.size_min if size is None else size
    why = Counter(o.status for o in outcomes.values())
    raise _error(
        f"{eligible} case(s) of the long list can be sampled ({why['excluded']} excluded, "
        f"{why['duplicate']} duplicate(s), {why['rejected']} rejected); the sample needs {want}",
        source,
        "check the list and the cut-off date the months since sentence are counted to, or "
        "ask for a smaller size within the bounds",
    )


def draw(
    rows: Sequence[tuple[int, ListRow | tuple[Problem, ...]]],
    sampling: Sampling,
    *,
    cut_off: str,
    size: int | None,
    seed: int,
    source: str,
) -> Drawn:
    """Draw the sample (see the module). Raises `CaseError` (``sample_cannot_be_drawn``) when
    the eligible rows cannot fill the sample within the officer cap."""
    outcomes: dict[int, Outcome] = {}
    good: list[ListRow] = []
    for line, got in rows:
        if isinstance(got, ListRow):
            good.append(got)
        else:
            outcomes[line] = Outcome(line, "rejected", problems=got)
    decided, stratum_of = _classify(good, sampling, cut_off, source)
    outcomes.update(decided)
    eligible = _dedupe([r for r in good if r.line not in decided], outcomes)
    total = _size(sampling, size, len(eligible), outcomes, source)
    if sampling.named:
        names = [s.id for s in sampling.named]
        titles: Mapping[str, str | None] = {s.id: s.title for s in sampling.named}
    else:
        names = sorted({stratum_of[r.line] for r in eligible})
        titles = {}
    members: dict[str, list[ListRow]] = {s: [] for s in names}
    for row in eligible:
        members[stratum_of[row.line]].append(row)
    counts = {s: len(members[s]) for s in names if members[s]}
    allocation = allocate(counts, total)
    cap = sampling.officer_cap
    queues: dict[str, list[ListRow]] = {}
    for s in counts:
        queue = list(members[s])
        # One stream per stratum: a row added to one stratum leaves every other's order alone.
        random.Random(f"aow-sample/{seed}/{s}").shuffle(queue)
        queues[s] = queue
    position = dict.fromkeys(counts, 0)
    need = dict(allocation)
    taken: Counter[str] = Counter()
    chosen: list[ListRow] = []
    while any(need.values()):
        for s in counts:
            if not need[s]:
                continue
            queue = queues[s]
            while position[s] < len(queue):
                row = queue[position[s]]
                position[s] += 1
                if taken[row.officer] >= cap:
                    outcomes[row.line] = Outcome(
                        row.line, "unsampled", row.case_ref, s, "officer_cap", None, position[s]
                    )
                    continue
                taken[row.officer] += 1
                need[s] -= 1
                chosen.append(row)
                outcomes[row.line] = Outcome(
                    row.line, "sampled", row.case_ref, s, None, None, position[s]
                )
                break
            else:
                raise _error(
                    f"stratum {s} needs {allocation[s]} case(s) but has {len(queue)} eligible, "
                    f"too many of them with officers who already have {cap} sampled cases",
                    source,
                    "ask for a smaller size; the officer cap is the version's rule",
                )
    for s in counts:
        queue = queues[s]
        for k in range(position[s], len(queue)):
            row = queue[k]
            reason = "stratum_full" if allocation[s] else "not_drawn"
            outcomes[row.line] = Outcome(
                row.line,
                "unsampled",
                row.case_ref,
                s,
                reason,
                None,
                k + 1 if allocation[s] else None,
            )
    order = {s: i for i, s in enumerate(names)}
    chosen.sort(key=lambda r: (order[stratum_of[r.line]], r.line))
    sampled = Counter(stratum_of[r.line] for r in chosen)
    size_all = len(eligible)
    strata = tuple(
        StratumCount(
            s,
            titles.get(s),
            len(members[s]),
            Fraction(total * len(members[s]), size_all),
            allocation.get(s, 0),
            sampled[s],
        )
        for s in names
    )
    return Drawn(
        tuple(outcomes[line] for line, _ in rows),
        tuple(chosen),
        strata,
        total,
    )
