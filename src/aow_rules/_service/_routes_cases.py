"""Endpoints on one case: evaluate it, record an assessment, revise it, move its state,
record the agreed answers of a double-marked case."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

import aow_rules

from .._store import Agreed, Assessment, Conflict, Missing, Revision, Stale, State, WrongState
from ._auth import User
from ._common import (
    if_match,
    inspection_or_404,
    read_case,
    read_model,
    served_for_body,
    visible_assessment,
)
from ._endpoint import ANY, Param, endpoint, lib, many, model, spliced
from ._models import AgreedIn, TransitionIn
from ._problems import HttpProblem, decode_json, invalid, read_body

if TYPE_CHECKING:
    from ._app import Service

JSON = "application/json"
CASE_BODY = {JSON: lib("case")}
AID = Param("aid", "path", "the assessment's id", {"type": "integer"}, True)
IF_MATCH = Param("If-Match", "header", 'the revision the write starts from: "3"')

# The workflow: (from, to) -> (who may make the move, whether a note is required).
MOVES: dict[tuple[State, State], tuple[str, bool]] = {
    ("draft", "submitted"): ("its assessor", False),
    ("submitted", "draft"): ("qa_lead", True),
    ("submitted", "moderated"): ("qa_lead", False),
    ("moderated", "locked"): ("qa_lead", False),
}


def _etag(revision: int) -> dict[str, str]:
    return {"ETag": f'"{revision}"'}


def _assessment_body(a: Assessment, rev: Revision, state: State | None = None) -> str:
    head = {
        "id": a.id,
        "inspection": a.inspection_id,
        "case_id": a.case_id,
        "assessor": a.assessor,
        "revision": rev.revision,
        "state": state or a.state,
    }
    return spliced(head, {"case": rev.case_json, "judgement": rev.judgement_json})


def _answer(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(text.encode(), status, headers, media_type=JSON)


@endpoint(
    "POST",
    "/v1/evaluate",
    roles=ANY,
    summary="Score one case; stores nothing",
    ok=(200, "its judgement (aow-judgement/2)", {JSON: lib("judgement")}),
    body=CASE_BODY,
    params=[Param("criteria", "query", "the criteria id (default: the case's own)")],
    errors=(413, 422),
)
async def evaluate(service: Service, request: Request, user: User) -> Response:
    """The judgement of the case in the body, as `aow-rules evaluate` gives it."""
    data = decode_json(await read_body(request, service.limits.body))
    served = served_for_body(service, request, data)
    case = aow_rules.parse_case(data, served.criteria, source="body")
    judgement = aow_rules.evaluate(served.criteria, case)
    return _answer(judgement.to_json(indent=None))


@endpoint(
    "POST",
    "/v1/inspections/{inspection}/assessments",
    roles=("inspector", "qa_lead"),
    summary="Record an assessment of a case (revision 1, draft)",
    ok=(201, "the assessment, with its judgement", {JSON: model("AssessmentCreated")}),
    body=CASE_BODY,
    params=[Param("inspection", "path", "the inspection's id", required=True)],
    errors=(404, 409, 413, 422),
)
async def create_assessment(service: Service, request: Request, user: User) -> Response:
    """The body is one case under the inspection's criteria. Without ``assessor`` the
    assessor is the caller; an inspector may name only themself. One assessor marks a case
    once in an inspection (409 for a second)."""
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    data = decode_json(await read_body(request, service.limits.body))
    assessor = user.name
    if user.role == "qa_lead" and isinstance(data, dict) and isinstance(data.get("assessor"), str):
        assessor = data["assessor"]  # a qa_lead may record an assessment made on paper
    got = read_case(data, served.criteria, assessor=assessor)
    new = (got.case.case_id, assessor, got.case_json, got.judgement_json, got.stamp)
    try:
        (aid,) = await run_in_threadpool(
            service.store.create_assessments, inspection.id, [new], user.name
        )
    except Conflict:
        raise HttpProblem(
            409,
            f"{assessor} has an assessment of case {got.case.case_id} in {inspection.id} "
            "already: revise it (PUT) instead",
            code="assessment_exists",
        ) from None
    head = {
        "id": aid,
        "inspection": inspection.id,
        "case_id": got.case.case_id,
        "assessor": assessor,
        "revision": 1,
        "state": "draft",
    }
    headers = {**_etag(1), "Location": f"/v1/assessments/{aid}"}
    return _answer(spliced(head, {"judgement": got.judgement_json}), 201, headers)


@endpoint(
    "GET",
    "/v1/assessments/{aid:int}",
    roles=ANY,
    summary="An assessment's latest revision",
    ok=(200, "the assessment; ETag: its revision", {JSON: model("AssessmentOut")}),
    params=[AID],
    errors=(404,),
)
async def get_assessment(service: Service, request: Request, user: User) -> Response:
    """Its assessor, a qa_lead or a reader; to another inspector it does not exist (404)."""
    a = await visible_assessment(service, user, request.path_params["aid"])
    rev = await run_in_threadpool(service.store.revision, a.id, a.revision)
    assert rev is not None
    return _answer(_assessment_body(a, rev), headers=_etag(a.revision))


@endpoint(
    "PUT",
    "/v1/assessments/{aid:int}",
    roles=("inspector", "qa_lead"),
    summary="Save a new revision of a draft assessment",
    ok=(200, "the new revision; ETag: its number", {JSON: model("AssessmentOut")}),
    body=CASE_BODY,
    params=[AID, IF_MATCH],
    errors=(404, 409, 412, 413, 422, 428),
)
async def put_assessment(service: Service, request: Request, user: User) -> Response:
    """The body is the whole case. Needs ``If-Match: "<revision>"`` (428 without it; 412
    when another write came first: reload and apply the change again). 409 unless the
    assessment is a draft. Its assessor or a qa_lead."""
    a = await visible_assessment(service, user, request.path_params["aid"])
    body = await read_body(request, service.limits.body)
    expected = if_match(request, required=True)
    assert expected is not None
    if a.state != "draft":
        raise HttpProblem(409, f"assessment {a.id} is {a.state}: only a draft can be revised")
    if expected != a.revision:
        raise HttpProblem(
            412,
            f"assessment {a.id} is at revision {a.revision}, not {expected}: reload it",
            headers=_etag(a.revision),
        )
    _, served = await inspection_or_404(service, a.inspection_id)
    got = read_case(decode_json(body), served.criteria, assessor=a.assessor, case_id=a.case_id)
    try:
        rev = await run_in_threadpool(
            partial(
                service.store.save_revision,
                aid=a.id,
                expected=expected,
                actor=user.name,
                case_json=got.case_json,
                judgement_json=got.judgement_json,
                stamp=got.stamp,
            )
        )
    except Stale as exc:
        raise HttpProblem(
            412, f"assessment {a.id} was revised meanwhile (now revision {exc.current}): reload it"
        ) from None
    except WrongState as exc:
        raise HttpProblem(409, f"assessment {a.id} became {exc.state} meanwhile") from None
    return _answer(_assessment_body(a, rev), headers=_etag(rev.revision))


@endpoint(
    "GET",
    "/v1/assessments/{aid:int}/revisions",
    roles=ANY,
    summary="Every revision of an assessment, oldest first",
    ok=(200, "the revisions", {JSON: many(model("RevisionOut"))}),
    params=[AID],
    errors=(404,),
)
async def revisions(service: Service, request: Request, user: User) -> Response:
    """Who saved what, when, with the judgement stored at the time."""
    a = await visible_assessment(service, user, request.path_params["aid"])
    rows = await run_in_threadpool(service.store.revisions, a.id)
    items = [
        spliced(
            {"revision": r.revision, "at": r.at, "by": r.by},
            {"case": r.case_json, "judgement": r.judgement_json},
        )
        for r in rows
    ]
    return _answer("[" + ", ".join(items) + "]", headers=_etag(a.revision))


def _refuse_move(a: Assessment, to: str) -> HttpProblem:
    if a.state == "locked":
        return HttpProblem(409, f"assessment {a.id} is locked: nothing changes it")
    allowed = [f"{to_} ({who})" for (frm, to_), (who, _) in MOVES.items() if frm == a.state]
    return HttpProblem(
        409,
        f"assessment {a.id} is {a.state}: it cannot move to {to}; from {a.state} it can move "
        f"to {', '.join(allowed)}",
        code="move_not_allowed",
    )


@endpoint(
    "POST",
    "/v1/assessments/{aid:int}/transitions",
    roles=("inspector", "qa_lead"),
    summary="Move an assessment: submit, return for rework, moderate, lock",
    ok=(200, "the assessment in its new state", {JSON: model("AssessmentOut")}),
    body={JSON: model("TransitionIn")},
    params=[AID, IF_MATCH],
    errors=(404, 409, 412, 413, 422),
)
async def transition(service: Service, request: Request, user: User) -> Response:
    """``draft → submitted`` (its assessor), ``submitted → draft`` (a qa_lead, with a note:
    returned for rework), ``submitted → moderated`` and ``moderated → locked`` (a qa_lead).
    Any other move: 409. If-Match is optional here; when given, a stale revision is 412."""
    a = await visible_assessment(service, user, request.path_params["aid"])
    move = await read_model(service, request, TransitionIn)
    expected = if_match(request, required=False)
    rule = MOVES.get((a.state, move.to))
    if rule is None:
        raise _refuse_move(a, move.to)
    who, needs_note = rule
    if who == "its assessor" and user.name != a.assessor:
        raise HttpProblem(403, f"only its assessor ({a.assessor}) submits assessment {a.id}")
    if who == "qa_lead" and user.role != "qa_lead":
        raise HttpProblem(403, f"only a qa_lead moves an assessment from {a.state} to {move.to}")
    if needs_note and not move.note:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.MISSING_KEY,
                    "returning an assessment for rework needs a note saying what to change",
                    "body",
                    "$.note",
                )
            ]
        )
    try:
        moved = await run_in_threadpool(
            partial(
                service.store.move,
                aid=a.id,
                frm=a.state,
                to=move.to,
                actor=user.name,
                note=move.note,
                expected=expected,
            )
        )
    except WrongState as exc:
        raise HttpProblem(409, f"assessment {a.id} became {exc.state} meanwhile") from None
    except Stale as exc:
        raise HttpProblem(412, f"assessment {a.id} is at revision {exc.current}") from None
    rev = await run_in_threadpool(service.store.revision, a.id, a.revision)
    assert rev is not None
    return _answer(_assessment_body(moved, rev), headers=_etag(rev.revision))


CASE_PATH = [
    Param("inspection", "path", "the inspection's id", required=True),
    Param("case_id", "path", "the case id", required=True),
]


def _agreed_body(a: Agreed, originals: list[int]) -> str:
    head = {
        "inspection": a.inspection_id,
        "case_id": a.case_id,
        "version": a.version,
        "note": a.note,
        "at": a.at,
        "by": a.by,
        "assessments": originals,
    }
    return spliced(head, {"case": a.case_json, "judgement": a.judgement_json})


def _may_agree(case_id: str) -> Any:
    def check(assessments: list[Assessment]) -> None:
        done = [a for a in assessments if a.state != "draft"]
        if len(done) < 2:
            raise HttpProblem(
                409,
                f"case {case_id} has {len(done)} submitted assessment(s): agreed answers are "
                "for a case marked by two or more assessors, once they have submitted",
                code="not_double_marked",
            )
        if all(a.state == "locked" for a in assessments):
            raise HttpProblem(409, f"every assessment of case {case_id} is locked")

    return check


@endpoint(
    "PUT",
    "/v1/inspections/{inspection}/cases/{case_id}/agreed",
    roles=("qa_lead",),
    summary="Moderation: record the agreed answers of a double-marked case",
    ok=(
        200,
        "the agreed record (201 for its first version); ETag: its version",
        {JSON: model("AgreedOut")},
    ),
    body={JSON: model("AgreedIn")},
    params=[*CASE_PATH, Param("If-Match", "header", 'the version it replaces: "0" for none')],
    errors=(404, 409, 412, 413, 422),
)
async def put_agreed(service: Service, request: Request, user: User) -> Response:
    """The body: ``{note, case}``, the case a whole ``aow-case/1`` with the agreed facts and
    answers. Each PUT appends a version; every original assessment is kept as it was. The
    report counts the latest agreed version for the case."""
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    case_id = request.path_params["case_id"]
    body = await read_model(service, request, AgreedIn)
    expected = if_match(request, required=False)
    got = read_case(body.case, served.criteria, assessor=None, case_id=case_id, at="$.case")
    try:
        agreed = await run_in_threadpool(
            partial(
                service.store.put_agreed,
                inspection=inspection.id,
                case_id=case_id,
                expected=expected,
                actor=user.name,
                note=body.note,
                case_json=got.case_json,
                judgement_json=got.judgement_json,
                stamp=got.stamp,
                check=_may_agree(case_id),
            )
        )
    except Stale as exc:
        raise HttpProblem(
            412, f"the agreed answers of case {case_id} are at version {exc.current}: reload"
        ) from None
    except Missing:
        raise HttpProblem(404, f"no inspection {inspection.id!r}") from None
    originals = [
        a.id for a in await run_in_threadpool(service.store.assessments, inspection.id, case_id)
    ]
    status = 201 if agreed.version == 1 else 200
    return _answer(_agreed_body(agreed, originals), status, _etag(agreed.version))


@endpoint(
    "GET",
    "/v1/inspections/{inspection}/cases/{case_id}/agreed",
    roles=("qa_lead", "reader"),
    summary="Every version of a case's agreed answers, oldest first",
    ok=(200, "the versions; ETag: the latest", {JSON: many(model("AgreedOut"))}),
    params=CASE_PATH,
    errors=(404,),
)
async def get_agreed(service: Service, request: Request, user: User) -> Response:
    """404 when the case has no agreed answers."""
    inspection, _ = await inspection_or_404(service, request.path_params["inspection"])
    case_id = request.path_params["case_id"]
    versions = await run_in_threadpool(service.store.agreed, inspection.id, case_id)
    if not versions:
        raise HttpProblem(404, f"case {case_id} has no agreed answers in {inspection.id}")
    originals = [
        a.id for a in await run_in_threadpool(service.store.assessments, inspection.id, case_id)
    ]
    items = [_agreed_body(v, originals) for v in versions]
    return _answer("[" + ", ".join(items) + "]", headers=_etag(versions[-1].version))
