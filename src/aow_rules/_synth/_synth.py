"""SYNTHETIC inspection samples, drawn the way HM Inspectorate of Probation drew real ones.

No case-level inspection data is public, so demos, tests and benchmarks need invented cases,
and they are only useful if they look like an inspection sample. The Inspectorate's case
sampler stratified an area's caseload into five strata, allocated the sample to the strata
in proportion to their size, and took at most six cases of any one responsible officer.
`plan_sample` draws an invented area caseload and samples it by those rules; `synthesize`
then invents, for each sampled case, case details consistent with its stratum and answers
driven by the latent quality of the officer's work.

Every random draw comes from a `random.Random` seeded with text built from the seed and a
purpose (never the global generator, never ``hash()``), so the output depends only on the
criteria, the sizes and the seed: not on the process, the hash seed or the platform.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .._cases._parse import CASE_FORMAT
from .._cel import CelError
from .._criteria._model import Criteria, Fact, Question, Rule

__all__ = [
    "MAX_PER_OFFICER",
    "STRATA",
    "AreaCase",
    "SamplePlan",
    "allocate",
    "plan_sample",
    "synthesize",
    "to_jsonl",
    "write_jsonl",
]

STRATA = (
    "male_community_non_low",
    "male_community_low",
    "male_post_custody_non_low",
    "male_post_custody_low",
    "female",
)
"""The case sampler's strata, in the order the sample lists them."""

MAX_PER_OFFICER = 6
"""The sampler takes at most this many cases of one responsible officer."""

_LOW = frozenset({"male_community_low", "male_post_custody_low"})
# Shares of an invented caseload: women about 12%; of the men, 40% on licence after custody;
# low RoSH 40% of the men on community sentences and 30% of those on licence.
_SHARES = (0.88 * 0.6 * 0.6, 0.88 * 0.6 * 0.4, 0.88 * 0.4 * 0.7, 0.88 * 0.4 * 0.3, 0.12)
_ASSESSORS = 6
_RETRIES = 50
_NOTE = (
    "SYNTHETIC: invented by aow-rules (seed {seed}) for demos and tests;"
    " no real person or case is in it."
)


def _rng(seed: int, *purpose: object) -> random.Random:
    # Text seeds are hashed with SHA-512 by `random`, so each purpose gets its own stream
    # and adding a draw to one purpose leaves every other stream unchanged.
    return random.Random("/".join(["aow-synth", str(seed), *map(str, purpose)]))


# ------------------------------------------------------------------ the area and the sample


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
    """Cases allocated to each stratum, in `STRATA` order."""
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


def _draw_area(size: int, cases: int, rng: random.Random) -> tuple[AreaCase, ...]:
    # 30 to 45 officers, or enough that six each can still fill a larger sample.
    officers = max(rng.randint(30, 45), -(-cases // 3))
    ldus = rng.randint(3, 5)
    ids = [f"RO-{k:02d}" for k in range(1, officers + 1)]
    ldu_of = {o: f"LDU {rng.randrange(ldus) + 1} (synthetic)" for o in ids}
    # Uneven caseloads, so that the six-per-officer rule has something to do.
    weights = [rng.lognormvariate(0, 0.5) for _ in ids]
    area = []
    for k in range(1, size + 1):
        stratum = rng.choices(STRATA, weights=_SHARES)[0]
        officer = rng.choices(ids, weights=weights)[0]
        area.append(AreaCase(f"P-{k:04d}", stratum, officer, ldu_of[officer]))
    return tuple(area)


def _take(
    area: Sequence[AreaCase], allocation: Mapping[str, int], rng: random.Random
) -> list[AreaCase]:
    queues = {s: [c for c in area if c.stratum == s] for s in STRATA}
    for queue in queues.values():
        rng.shuffle(queue)
    need = dict(allocation)
    taken: Counter[str] = Counter()
    chosen: list[AreaCase] = []
    # One case per stratum per round, so the officers who reach six are spread over the
    # strata rather than all filled by whichever stratum would be sampled first.
    while any(need.values()):
        for stratum in STRATA:
            if not need[stratum]:
                continue
            queue = queues[stratum]
            while queue and taken[queue[-1].officer] >= MAX_PER_OFFICER:
                queue.pop()
            if not queue:
                raise ValueError(
                    f"the caseload cannot fill stratum {stratum} with at most "
                    f"{MAX_PER_OFFICER} cases per officer; draw a larger population"
                )
            case = queue.pop()
            taken[case.officer] += 1
            need[stratum] -= 1
            chosen.append(case)
    rank = {s: i for i, s in enumerate(STRATA)}
    return sorted(chosen, key=lambda c: (rank[c.stratum], c.ref))


def plan_sample(cases: int = 60, *, seed: int = 2013, population: int | None = None) -> SamplePlan:
    """Draw an invented caseload of ``population`` cases (default ten times ``cases``) and
    sample ``cases`` of them as the Inspectorate's sampler did.

    Raises `ValueError` for sizes that cannot be sampled.
    """
    size = 10 * cases if population is None else population
    if cases < 1 or size < cases:
        raise ValueError(f"cannot sample {cases} cases from a caseload of {size}")
    area = _draw_area(size, cases, _rng(seed, "area", size))
    counts = Counter(c.stratum for c in area)
    allocation = allocate({s: counts[s] for s in STRATA}, cases)
    chosen = _take(area, allocation, _rng(seed, "sample", size, cases))
    return SamplePlan(area, MappingProxyType(allocation), tuple(chosen))


# ------------------------------------------------------------------ case details


_COMMUNITY_REQUIREMENTS = {
    "unpaid_work": 0.5,
    "accredited_programme": 0.12,
    "specified_activity": 0.25,
    "curfew": 0.15,
    "exclusion": 0.08,
    "prohibited_activity": 0.05,
}
_LICENCE_REQUIREMENTS = {
    "additional_licence_conditions": 0.7,
    "accredited_programme": 0.12,
    "residence": 0.3,
    "curfew": 0.15,
    "exclusion": 0.12,
    "prohibited_activity": 0.1,
}
# Optional facts a case assessment sometimes leaves blank (absent means not recorded).
_SOMETIMES_BLANK = {"further_offence_or_recall": 0.1, "significant_change": 0.25}
_SENTENCE_TEXT = {
    "community_order": "on a community order",
    "suspended_sentence_order": "on a suspended sentence order",
    "licence_determinate": "on licence after a determinate custodial sentence",
    "licence_indeterminate": "on licence after an indeterminate sentence",
}
_VIOLENT = ("robbery of a stranger", "wounding after an argument in the street")
_OTHER_VICTIM = ("burglary of a dwelling", "theft from a neighbour")
_NO_VICTIM = (
    "supply of class A drugs",
    "possession of a bladed article",
    "driving while disqualified",
)


def _subset(rng: random.Random, chances: Mapping[str, float]) -> set[str]:
    return {option for option, p in chances.items() if rng.random() < p}


def _domain_facts(
    unit: AreaCase, provider_options: Iterable[str], rng: random.Random
) -> dict[str, object]:
    """Case details for the fact ids the shipped criteria use, consistent with the stratum."""
    female = unit.stratum == "female"
    custody = rng.random() < 0.3 if female else "post_custody" in unit.stratum
    low = rng.random() < 0.5 if female else unit.stratum in _LOW

    if low:  # MAPPA level 1 with low RoSH: for example a registered sex offender
        rosh = "low"
        mappa = "level_1" if rng.random() < 0.05 else "none"
    else:
        rosh = rng.choices(("medium", "high", "very_high"), (0.68, 0.27, 0.05))[0]
        if rosh == "very_high" or (custody and rng.random() < 0.1):
            mappa = rng.choice(("level_2", "level_3"))
        elif rng.random() < (0.35 if custody else 0.12):
            mappa = "level_1"
        else:
            mappa = "none"
    if custody:
        # Indeterminate sentences go with high risk: a few medium, no low.
        lifer = not low and rng.random() < (0.3 if rosh != "medium" else 0.03)
        sentence = "licence_indeterminate" if lifer else "licence_determinate"
        months = rng.randint(6, 60) if sentence == "licence_indeterminate" else rng.randint(1, 24)
        court_report = rng.choices(("standard", "fast_delivery", "none"), (0.7, 0.15, 0.15))[0]
    else:
        sentence = "suspended_sentence_order" if rng.random() < 0.25 else "community_order"
        months = rng.randint(2, 18)
        court_report = rng.choices(("standard", "fast_delivery", "none"), (0.45, 0.45, 0.1))[0]

    domestic_abuse = rng.random() < (0.2 if female else 0.35 if not low else 0.2)
    victim = domestic_abuse or rng.random() < (0.3 if low else 0.5)
    # Statutory victim contact: a violent or sexual offence and twelve months or more in custody.
    victim_contact = victim and custody and rng.random() < (0.35 if low else 0.65)
    children = rng.random() < (0.45 if female else 0.45 if domestic_abuse else 0.22)

    needs = _subset(
        rng,
        {
            "accommodation": 0.45 if custody else 0.2,
            "ete": 0.4,
            "finance": 0.3,
            "drug_misuse": 0.25,
            "alcohol_misuse": 0.25,
            "mental_health": 0.5 if female else 0.3,
            "physical_health": 0.1,
        },
    )
    chances = dict(_LICENCE_REQUIREMENTS if custody else _COMMUNITY_REQUIREMENTS)
    if domestic_abuse:  # a domestic abuse programme and no contact with the victim
        chances.update(accredited_programme=0.45, exclusion=0.5)
    if not custody:  # treatment requirements follow the needs the court was told of
        chances.update(
            drug_rehabilitation=0.35 * ("drug_misuse" in needs),
            alcohol_treatment=0.35 * ("alcohol_misuse" in needs),
            mental_health_treatment=0.15 * ("mental_health" in needs),
        )
    if female and not custody:
        chances["specified_activity"] = 0.45  # women's centre programmes
    requirements = _subset(rng, chances)
    misuse = bool(needs & {"drug_misuse", "alcohol_misuse"})
    non_compliance = rng.random() < (0.4 if misuse else 0.25)
    further = rng.random() < 0.1 + 0.15 * custody + 0.1 * non_compliance

    providers = tuple(provider_options)
    if "probation_trust" in providers:
        provider = "probation_trust"
    elif rosh in ("high", "very_high") or mappa != "none":  # kept by the NPS from June 2014
        provider = "nps"
    else:
        provider = "crc" if rng.random() < 0.9 else "nps"

    if victim:
        pool = _VIOLENT if victim_contact else _VIOLENT + _OTHER_VICTIM
        offence = "assault on a former partner" if domestic_abuse else rng.choice(pool)
    else:
        offence = rng.choice(_NO_VICTIM)
    who = "A woman in her" if female else "A man in his"
    summary = (
        f"Synthetic. {who} {rng.randint(2, 5)}0s {_SENTENCE_TEXT[sentence]} for {offence}; "
        f"RoSH {rosh.replace('_', ' ')}"
        + (f", MAPPA {mappa.replace('_', ' ')}" if mappa != "none" else "")
        + ("; children in the household" if children else "")
        + ". Made up: no real person or case."
    )
    return {
        "provider": provider,
        "sentence_type": sentence,
        "ldu": unit.ldu,
        "stratum": unit.stratum,
        "responsible_officer": unit.officer,
        "court_report": court_report,
        "rosh_level": rosh,
        "mappa": mappa,
        "victim_identified": victim,
        "victim_contact_eligible": victim_contact,
        "child_safeguarding": children,
        "domestic_abuse": domestic_abuse,
        "requirements": requirements,
        "needs_identified": needs,
        "months_supervised": months,
        # Assigned by the post-split process: sentenced or released since 1 June 2014, for
        # an inspection late in 2014.
        "assigned_after_split": months <= 5,
        "non_compliance": non_compliance,
        "further_offence_or_recall": further,
        "significant_change": rng.random() < (0.3 if low else 0.4),
        "case_summary": summary,
    }


def _fitted(fact: Fact, value: object) -> object | None:
    """``value`` as a valid value of ``fact``, or None where it does not fit."""
    options = fact.options or ()
    if fact.type == "bool":
        return value if isinstance(value, bool) else None
    if fact.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        low = value if fact.min is None else max(value, fact.min)
        return low if fact.max is None else min(low, fact.max)
    if fact.type == "choice":
        return value if value in options else None
    if fact.type == "set":
        return [o for o in options if o in value] if isinstance(value, set) else None
    return value if isinstance(value, str) and fact.type == "text" else None


def _any_value(fact: Fact, rng: random.Random) -> object:
    """A valid value for a fact this module knows nothing about."""
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


def _fires(rule: Rule, facts: Mapping[str, object], answers: Mapping[str, str]) -> bool:
    value = rule.when.value(facts, answers)
    return value is True or isinstance(value, CelError)


def _draw_facts(criteria: Criteria, unit: AreaCase, rng: random.Random) -> dict[str, object]:
    # Redraw while a consistency rule that reads only facts fires. An error means case
    # details that contradict themselves, which a quality lead would send back: never kept.
    # A warning means details that are unusual but possible (a CRC case in a file for NPS
    # work): kept only when no draw avoids every warning.
    rules = [r for r in criteria.rules if not r.when.questions]
    provider = criteria.facts.get("provider")
    fallback: dict[str, object] | None = None
    for _ in range(_RETRIES):
        known = _domain_facts(unit, provider.options or () if provider else (), rng)
        facts: dict[str, object] = {}
        for fid, fact in criteria.facts.items():
            if fid in ("stratum", "responsible_officer"):
                value = _fitted(fact, known[fid])  # the sampler's record: never left blank
            elif not fact.required and rng.random() < _SOMETIMES_BLANK.get(
                fid, 0 if fid in known else 0.2
            ):
                continue
            else:
                value = _fitted(fact, known[fid]) if fid in known else None
            facts[fid] = _any_value(fact, rng) if value is None else value
        fired = [r for r in rules if _fires(r, facts, {})]
        if not fired:
            return facts
        errors = [r.code for r in fired if r.severity == "error"]
        if not errors and fallback is None:
            fallback = facts
    if fallback is None:
        raise ValueError(f"{_RETRIES} draws of case details all broke the rules {errors}")
    return fallback


# ------------------------------------------------------------------ answers


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _answer(question: Question, quality: float, rng: random.Random) -> str | None:
    scale = question.scale
    assert scale is not None
    u = rng.random()
    if u < 0.005:
        return None  # left unanswered by mistake, for quality assurance to find
    na = [o.value for o in scale.options if o.credit is None]
    if na and u < 0.035:
        return na[0]
    credited = sorted(
        (o for o in scale.options if o.credit is not None), key=lambda o: o.credit or 0
    )
    best, rest = credited[-1], credited[:-1]
    if not rest or rng.random() < _logistic(quality):
        return best.value
    return rng.choice(rest).value


def _draw_answers(
    criteria: Criteria,
    facts: Mapping[str, object],
    quality: float,
    difficulty: Sequence[float],
    rng: random.Random,
) -> tuple[dict[str, str], dict[str, str]]:
    checks = [r for r in criteria.rules if r.severity == "error" and r.when.questions]
    for _ in range(_RETRIES):
        answers: dict[str, str] = {}
        evidence: dict[str, str] = {}
        for question, hard in zip(criteria.questions, difficulty, strict=True):
            if question.scale is None:
                continue  # free-text evidence boxes: nothing to invent
            if (
                question.applies_if is not None
                and question.applies_if.value(facts, answers) is not True
            ):
                continue
            answer = _answer(question, quality - hard, rng)
            if answer is None:
                continue
            answers[question.id] = answer
            if answer in question.evidence_when:
                evidence[question.id] = (
                    f"Synthetic evidence note: invented to stand for the assessor's evidence "
                    f"for the answer {answer!r}."
                )
        # Contradictory answers are redrawn; after the last draw they stay, as QA material.
        if not any(_fires(r, facts, answers) for r in checks):
            break
    return answers, evidence


def _difficulty(criteria: Criteria) -> list[float]:
    # Seeded by position in the file, not by the sample's seed: a question's difficulty
    # belongs to the criteria, so the same questions come out weak in every sample, as the
    # themes of published reports recur from area to area.
    return [
        random.Random(f"aow-synth/difficulty/{k}").gauss(0, 0.6)
        for k in range(len(criteria.questions))
    ]


def _officer_quality(seed: int, officer: str) -> float:
    rng = _rng(seed, "officer", officer)
    weaker = rng.random() < 0.15  # a few officers whose work is clearly weaker
    return 1.6 + rng.gauss(0, 0.4) - (1.3 if weaker else 0.0)


def synthesize(
    criteria: Criteria, *, cases: int = 60, seed: int = 2013, population: int | None = None
) -> list[dict[str, Any]]:
    """A SYNTHETIC sample of ``cases`` ``aow-case/1`` case dicts for ``criteria``.

    The cases are drawn from an invented caseload by the Inspectorate's sampling rules (see
    `plan_sample`); each note says it is synthetic. The same criteria, sizes and seed always
    give the same cases. Raises `ValueError` for sizes that cannot be sampled.
    """
    plan = plan_sample(cases, seed=seed, population=population)
    order = list(range(len(plan.chosen)))
    _rng(seed, "assessors").shuffle(order)
    assessor = {k: f"A{n % _ASSESSORS + 1:02d}" for n, k in enumerate(order)}
    difficulty = _difficulty(criteria)
    width = max(3, len(str(len(plan.chosen))))
    out: list[dict[str, Any]] = []
    for k, unit in enumerate(plan.chosen):
        facts = _draw_facts(criteria, unit, _rng(seed, "facts", unit.ref))
        rng = _rng(seed, "answers", unit.ref)
        quality = _officer_quality(seed, unit.officer) + rng.gauss(0, 0.5)
        answers, evidence = _draw_answers(criteria, facts, quality, difficulty, rng)
        out.append(
            {
                "format": CASE_FORMAT,
                "case_id": f"SYN-{k + 1:0{width}d}",
                "criteria": criteria.id,
                "assessor": assessor[k],
                "note": _NOTE.format(seed=seed),
                "facts": facts,
                "answers": answers,
                "evidence": evidence,
            }
        )
    return out


def to_jsonl(cases: Iterable[Mapping[str, Any]]) -> str:
    """Cases as JSON Lines: one object per line, keys sorted, ending with a newline."""
    return "".join(json.dumps(c, sort_keys=True, ensure_ascii=False) + "\n" for c in cases)


def write_jsonl(cases: Iterable[Mapping[str, Any]], path: str | Path) -> None:
    """Write cases to ``path`` as `to_jsonl` does (UTF-8)."""
    Path(path).write_text(to_jsonl(cases), encoding="utf-8")
