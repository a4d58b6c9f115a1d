"""A draft case as a form holds it, scored by the engine: which questions apply, why the
others do not, and the running judgement, before the case is complete.

A form sends what has been typed so far: required facts may be missing and a value may be
invalid. The draft is read by `aow_rules.parse_case` as it stands; where that fails, each
invalid value is left out (and named in ``problems``) and the case is scored without it: a
condition that reads a fact not given yet errs (``condition_error``), so the question it
guards is neither shown as applying nor hidden, and waits for that fact. Answers to questions
that do not apply are set aside (kept by the form, not saved, not counted), repeatedly, since
one answer set aside can make another question stop applying. The applicability the form
shows is therefore the engine's, from the same compiled conditions as every judgement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

import aow_rules

from .._html import condition_words, read_words
from ._auth import User
from ._endpoint import ANY, Param, endpoint, json_response, model
from ._problems import decode_json, invalid, read_body

if TYPE_CHECKING:
    from ._app import Service

__all__ = ["Draft", "draft_dict", "score_draft"]

CASE_FORMAT = "aow-case/1"


def _placeholder(fact: Any) -> object:
    """A valid value of ``fact``'s type, to get the rest of a draft through the case reader;
    it is removed again before the case is scored."""
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


@dataclass(frozen=True)
class Draft:
    """A draft, scored: the case as a form would save it and its judgement."""

    case: aow_rules.Case
    judgement: aow_rules.Judgement
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


def score_draft(data: Any, criteria: aow_rules.Criteria) -> Draft:
    """Score ``data`` (decoded JSON in the shape of ``aow-case/1``, possibly incomplete).

    `aow_rules.CaseError` when it is not even a JSON object."""
    problems: tuple[aow_rules.Problem, ...] = ()
    missing: tuple[str, ...] = ()
    try:
        case = aow_rules.parse_case(data, criteria, source="draft")
    except aow_rules.CaseError as exc:
        if not isinstance(data, dict):
            raise
        problems = tuple(exc.problems)
        clean = _clean(data, criteria, {p.location or "" for p in problems})
        missing = tuple(
            fid for fid, f in criteria.facts.items() if f.required and fid not in clean["facts"]
        )
        for fid in missing:
            clean["facts"][fid] = _placeholder(criteria.facts[fid])
        parsed = aow_rules.parse_case(clean, criteria, source="draft")
        given = data.get("case_id")
        case = replace(
            parsed,
            case_id=given if isinstance(given, str) else "",
            facts={k: v for k, v in parsed.facts.items() if k not in missing},
        )
    set_aside: dict[str, str] = {}
    while True:
        judgement = aow_rules.evaluate(criteria, case)
        statuses = judgement.statuses
        idle = {
            q.id
            for q, status in zip(criteria.questions, statuses, strict=True)
            if status == "not_applicable" and q.id in case.answers
        }
        if not idle:
            break
        set_aside.update({q: case.answers[q] for q in idle})
        case = replace(
            case,
            answers={q: a for q, a in case.answers.items() if q not in idle},
            evidence={q: e for q, e in case.evidence.items() if q not in idle},
        )
    return Draft(case, judgement, problems, missing, set_aside)


def _question(entry: dict[str, Any], missing: tuple[str, ...], criteria: Any) -> dict[str, Any]:
    status = entry["status"]
    out: dict[str, Any] = {"status": status, "applies": status not in ("not_applicable",)}
    if status == "not_applicable":
        out["why"] = (
            f"It applies only when {condition_words(entry['condition'], criteria)}; "
            f"here {read_words(entry['read'], criteria)}."
        )
    elif status == "condition_error":
        out["applies"] = None
        waiting = [
            key[len("case.") :]
            for key, value in entry.get("read", {}).items()
            if key.startswith("case.") and value is None and key[len("case.") :] in missing
        ]
        out["waiting_for"] = waiting
        if waiting:
            titles = ", ".join(f"\u201c{criteria.facts[f].title}\u201d" for f in waiting)
            out["why"] = f"Whether it applies depends on {titles}, not given yet."
        else:
            out["why"] = f"Its condition could not be decided: {entry.get('error', '')}"
    return out


def case_dict(case: aow_rules.Case) -> dict[str, Any]:
    """A `Case` as ``aow-case/1`` data."""
    out: dict[str, Any] = {"format": CASE_FORMAT, "case_id": case.case_id}
    out["criteria"] = case.criteria_id
    if case.assessor is not None:
        out["assessor"] = case.assessor
    if case.note is not None:
        out["note"] = case.note
    out["facts"] = dict(case.facts)
    out["answers"] = dict(case.answers)
    if case.evidence:
        out["evidence"] = dict(case.evidence)
    return out


def draft_dict(draft: Draft) -> dict[str, Any]:
    """The answer of ``POST /v1/evaluate/draft`` (`DraftOut`)."""
    judgement = draft.judgement.to_dict()
    criteria = draft.judgement.criteria
    return {
        "complete": draft.complete,
        "problems": [p.to_dict() for p in draft.problems],
        "missing_facts": list(draft.missing),
        "case": case_dict(draft.case),
        "set_aside": draft.set_aside,
        "questions": {
            qid: _question(entry, draft.missing, criteria)
            for qid, entry in judgement["questions"].items()
        },
        "judgement": judgement,
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
    judgement. The same engine and conditions as ``/v1/evaluate``; for a complete draft
    whose answers all apply, the same judgement."""
    data = decode_json(await read_body(request, service.limits.body))
    wanted = request.query_params.get("criteria")
    if wanted is None and isinstance(data, dict) and isinstance(data.get("criteria"), str):
        wanted = data["criteria"]
    served = service.catalog.get(wanted or "")
    if served is None:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.UNKNOWN_CRITERIA,
                    f"no criteria {wanted!r} is served" if wanted else "name the criteria",
                    "criteria",
                    "",
                    aow_rules.errors.did_you_mean(wanted or "", service.catalog.ids()),
                )
            ]
        )
    draft = await run_in_threadpool(score_draft, data, served.criteria)
    return json_response(await run_in_threadpool(draft_dict, draft))
