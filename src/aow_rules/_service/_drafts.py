"""A draft case as a form holds it, scored by the engine: which questions apply, why the
others do not, and the running judgement.

A form sends what has been typed so far: required facts may be missing and a value may be
invalid. The draft is read by `aow_rules.parse_case` as it stands; where that fails, each
invalid value is left out (and named in ``problems``). Once every required fact is given the
rest is a valid case, scored by `aow_rules.evaluate`. Before that there is no judgement (the
engine scores only valid cases), and each question's condition is tested alone, by the same
compiled condition the engine runs: one that reads a fact not given yet cannot be decided, so
its question is neither shown as applying nor hidden, and waits for that fact. Answers to
questions that do not apply are set aside (kept by the form, not saved, not counted),
repeatedly, since one answer set aside can make another question stop applying. The
applicability a form shows is therefore the engine's, never a copy of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

import aow_rules

from .._html import condition_words, read_words
from ._auth import User
from ._common import served_for_body
from ._endpoint import ANY, Param, endpoint, json_response, model
from ._problems import decode_json, read_body

if TYPE_CHECKING:
    from ._app import Service

__all__ = ["CASE_FORMAT", "Applies", "Draft", "draft_dict", "score_draft"]

CASE_FORMAT = "aow-case/1"


def _placeholder(fact: Any) -> object:
    """A valid value of ``fact``'s type, to get the rest of a draft through the case reader;
    it is removed again before any condition reads the facts."""
    if fact.type == "bool":
        return False
    if fact.type == "int":
        return fact.min if fact.min is not None else 0
    if fact.type == "choice":
        return fact.options[0]
    if fact.type == "set":
        return []
    if fact.type == "date":
        return "2000-01-01"
    return "-"


@dataclass(frozen=True, slots=True)
class Applies:
    """Whether one question applies to a draft, and why not."""

    status: str | None
    """Its status in the judgement (None: no judgement yet)."""
    applies: bool | None
    """None: undecided (its condition reads a fact not given yet, or erred)."""
    condition: str | None = None
    read: dict[str, Any] | None = None
    error: str | None = None


@dataclass(frozen=True)
class Draft:
    """A draft, scored: the case as a form would save it, its judgement once it has every
    required fact, and whether each question applies."""

    criteria: aow_rules.Criteria

    case: dict[str, Any]
    """``aow-case/1`` data: invalid values and answers to questions that do not apply left
    out."""
    judgement: aow_rules.Judgement | None
    questions: dict[str, Applies]
    problems: tuple[aow_rules.Problem, ...]
    """What stops the draft as sent from being saved (none: ``complete``)."""
    missing: tuple[str, ...]
    """Required facts not given (or not valid) yet."""
    set_aside: dict[str, str]
    """Answers to questions that do not apply: left out of the case."""

    @property
    def complete(self) -> bool:
        return not self.problems


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _clean(data: dict[str, Any], criteria: aow_rules.Criteria, bad: set[str]) -> dict[str, Any]:
    """The valid part of a draft: every value a problem points at left out."""

    def ok(path: str) -> bool:
        return not any(
            loc == path or loc.startswith((path + "[", path + ".")) for loc in bad if loc
        )

    case_id = data.get("case_id")
    clean: dict[str, Any] = {
        "format": CASE_FORMAT,
        "criteria": criteria.id,
        "case_id": case_id if isinstance(case_id, str) and ok("$.case_id") else "draft",
    }
    for key in ("assessor", "note"):
        if isinstance(data.get(key), str) and ok(f"$.{key}"):
            clean[key] = data[key]
    facts, answers, evidence = (_mapping(data.get(k)) for k in ("facts", "answers", "evidence"))
    clean["facts"] = {
        fid: v for fid, v in facts.items() if fid in criteria.facts and ok(f"$.facts.{fid}")
    }
    known = criteria.question_index
    clean["answers"] = {q: v for q, v in answers.items() if q in known and ok(f'$.answers["{q}"]')}
    clean["evidence"] = {
        q: v for q, v in evidence.items() if q in known and ok(f'$.evidence["{q}"]')
    }
    return clean


def case_dict(case: aow_rules.Case, criteria: aow_rules.Criteria) -> dict[str, Any]:
    """A `Case` as ``aow-case/1`` data, as a client sends it: without the facts the criteria
    derive when a case is read (the reader refuses them)."""
    out: dict[str, Any] = {"format": CASE_FORMAT, "case_id": case.case_id}
    out["criteria"] = case.criteria_id
    if case.assessor is not None:
        out["assessor"] = case.assessor
    if case.note is not None:
        out["note"] = case.note
    out["facts"] = {k: v for k, v in case.facts.items() if criteria.facts[k].derived is None}
    out["answers"] = dict(case.answers)
    if case.evidence:
        out["evidence"] = dict(case.evidence)
    return out


def _given(
    case: aow_rules.Case, criteria: aow_rules.Criteria, missing: tuple[str, ...]
) -> dict[str, Any]:
    """The facts of ``case`` without the placeholders for ``missing`` facts, nor the derived
    facts computed from them: what a condition may read of a draft."""
    gone = set(missing)

    def kept(fid: str) -> bool:
        derived = criteria.facts[fid].derived
        return fid not in gone and (derived is None or gone.isdisjoint(derived.sources))

    return {k: v for k, v in case.facts.items() if kept(k)}


def _judged(judgement: aow_rules.Judgement) -> dict[str, Applies]:
    out = {}
    for qid, entry in judgement.to_dict()["questions"].items():
        status = entry["status"]
        applies = None if status == "condition_error" else status != "not_applicable"
        out[qid] = Applies(
            status, applies, entry.get("condition"), entry.get("read"), entry.get("error")
        )
    return out


def _tested(
    criteria: aow_rules.Criteria, facts: dict[str, Any], answers: dict[str, str]
) -> dict[str, Applies]:
    """Each question's condition alone, as the engine tests it (its compiled form): for a
    draft without every required fact, which the engine does not score."""
    out = {}
    for q in criteria.questions:
        if q.applies_if is None:
            out[q.id] = Applies(None, True)
            continue
        value, node = q.applies_if.test(facts, answers)
        read: dict[str, Any] = {f"case.{f}": facts.get(f) for f in node.facts}
        read.update({f'answers["{a}"]': answers.get(a) for a in node.questions})
        if value is True:
            out[q.id] = Applies(None, True)
        elif value is False:
            out[q.id] = Applies("not_applicable", False, node.text, read)
        else:
            message = getattr(value, "message", str(value))
            out[q.id] = Applies("condition_error", None, node.text, read, message)
    return out


def score_draft(data: Any, criteria: aow_rules.Criteria) -> Draft:
    """Score ``data`` (decoded JSON in the shape of ``aow-case/1``, possibly incomplete).

    `aow_rules.CaseError` when it is not even a JSON object."""
    problems: tuple[aow_rules.Problem, ...] = ()
    missing: tuple[str, ...] = ()
    clean = data
    try:
        aow_rules.parse_case(data, criteria, source="draft")
    except aow_rules.CaseError as exc:
        if not isinstance(data, dict):
            raise
        problems = tuple(exc.problems)
        clean = _clean(data, criteria, {p.location or "" for p in problems})
        missing = tuple(
            fid
            for fid, f in criteria.facts.items()
            if f.required and f.derived is None and fid not in clean["facts"]
        )
        for fid in missing:
            clean["facts"][fid] = _placeholder(criteria.facts[fid])
    set_aside: dict[str, str] = {}
    while True:
        case = aow_rules.parse_case(clean, criteria, source="draft")
        judgement = None if missing else aow_rules.evaluate(criteria, case)
        if judgement is not None:
            questions = _judged(judgement)
        else:
            questions = _tested(criteria, _given(case, criteria, missing), dict(case.answers))
        idle = {q for q, a in questions.items() if a.applies is False and q in case.answers}
        if not idle:
            break
        set_aside.update({q: case.answers[q] for q in idle})
        clean = case_dict(case, criteria)
        clean["answers"] = {q: a for q, a in case.answers.items() if q not in idle}
        clean["evidence"] = {q: e for q, e in case.evidence.items() if q not in idle}
    saved = case_dict(case, criteria)
    saved["facts"] = {k: v for k, v in saved["facts"].items() if k not in missing}
    given = data.get("case_id") if isinstance(data, dict) else None
    saved["case_id"] = given if isinstance(given, str) else ""
    return Draft(criteria, saved, judgement, questions, problems, missing, set_aside)


def _waiting(
    read: dict[str, Any], missing: tuple[str, ...], criteria: aow_rules.Criteria
) -> list[str]:
    """The facts not given yet that a condition waits for: a derived fact read stands for
    the missing facts it is computed from."""
    out: dict[str, None] = {}
    for key, value in read.items():
        if not key.startswith("case.") or value is not None:
            continue
        fid = key[len("case.") :]
        fact = criteria.facts.get(fid)
        sources = fact.derived.sources if fact is not None and fact.derived else (fid,)
        out.update(dict.fromkeys(s for s in sources if s in missing))
    return list(out)


def _question(a: Applies, missing: tuple[str, ...], criteria: aow_rules.Criteria) -> dict[str, Any]:
    out: dict[str, Any] = {"status": a.status, "applies": a.applies}
    if a.applies is False:
        out["why"] = (
            f"It applies only when {condition_words(a.condition or '', criteria)}; "
            f"here {read_words(a.read or {}, criteria)}."
        )
    elif a.applies is None:
        waiting = _waiting(a.read or {}, missing, criteria)
        out["waiting_for"] = waiting
        if waiting:
            quoted = [f"\u201c{criteria.facts[f].title}\u201d" for f in waiting]
            titles = " and ".join(filter(None, [", ".join(quoted[:-1]), quoted[-1]]))
            out["why"] = f"Whether it applies depends on {titles}, not given yet."
        else:
            out["why"] = f"Its condition could not be decided: {a.error or ''}"
    return out


def draft_dict(draft: Draft) -> dict[str, Any]:
    """The answer of ``POST /v1/evaluate/draft`` (`DraftOut`)."""
    return {
        "complete": draft.complete,
        "problems": [p.to_dict() for p in draft.problems],
        "missing_facts": list(draft.missing),
        "case": draft.case,
        "set_aside": draft.set_aside,
        "questions": {
            qid: _question(a, draft.missing, draft.criteria) for qid, a in draft.questions.items()
        },
        "judgement": None if draft.judgement is None else draft.judgement.to_dict(),
    }


@endpoint(
    "POST",
    "/v1/evaluate/draft",
    roles=ANY,
    summary="Score a draft case as a form holds it (it may be incomplete); stores nothing",
    ok=(200, "which questions apply, why the others do not, the running judgement",
        {"application/json": model("DraftOut")}),
    body={"application/json": {"type": "object", "description": "an aow-case/1, possibly "
                               "incomplete"}},
    params=[Param("criteria", "query", "the criteria id (default: the draft's own)")],
    errors=(413, 422),
)  # fmt: skip
async def evaluate_draft(service: Service, request: Request, user: User) -> Response:
    """What a form needs on every change: each question's status (``applies`` false with
    ``why`` in words when it does not apply; null with ``waiting_for`` when it depends on a
    fact not given yet), the problems that stop a save, the case as it would be saved
    (answers to questions that do not apply left out, listed in ``set_aside``) and its
    judgement (null until every required fact is given: the engine scores only a valid
    case). The same engine and conditions as ``/v1/evaluate``; for a complete draft whose
    answers all apply, the same judgement."""
    data = decode_json(await read_body(request, service.limits.body))
    served = served_for_body(service, request, data)
    draft = await run_in_threadpool(score_draft, data, served.criteria)
    return json_response(await run_in_threadpool(draft_dict, draft))
