"""Endpoints on the service and its inspections: health, the caller, the criteria served,
inspections, and the audit log."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

import aow_rules
from aow_rules.errors import did_you_mean

from .._store import Conflict, Inspection
from ._auth import User
from ._common import counting, inspection_or_404, read_model, sees
from ._endpoint import ANY, Param, endpoint, json_response, many, model
from ._models import InspectionIn
from ._problems import HttpProblem, invalid

if TYPE_CHECKING:
    from ._app import Service

JSON = "application/json"
INSPECTION = Param("inspection", "path", "the inspection's id", required=True)


def _ping(service: Service) -> None:
    with service.store.db.read() as conn:
        conn.execute(text("SELECT 1"))


@endpoint(
    "GET",
    "/v1/health",
    roles=None,
    summary="Is the service up, and its database reachable",
    ok=(200, "up", {JSON: model("Health")}),
    errors=(503,),
)
async def health(service: Service, request: Request, user: User) -> Response:
    """No token needed. 503 when the database does not answer."""
    try:
        await run_in_threadpool(_ping, service)
    except Exception:
        raise HttpProblem(503, "the database does not answer") from None
    return json_response(
        {"status": "ok", "version": aow_rules.__version__, "db": service.store.dialect}
    )


@endpoint(
    "GET",
    "/v1/me",
    roles=ANY,
    summary="Who the token belongs to",
    ok=(200, "the caller", {JSON: model("Me")}),
)
async def me(service: Service, request: Request, user: User) -> Response:
    """The caller's name and role (``local``, a qa_lead, when the service has no tokens)."""
    return json_response({"name": user.name, "role": user.role})


@endpoint(
    "GET",
    "/v1/criteria",
    roles=ANY,
    summary="The criteria versions served",
    ok=(200, "one entry per version, by id", {JSON: many(model("CriteriaSummary"))}),
)
async def criteria_list(service: Service, request: Request, user: User) -> Response:
    """The shipped versions and those of ``--criteria-dir``."""
    return json_response([service.catalog.by_id[i].summary() for i in service.catalog.ids()])


@endpoint(
    "GET",
    "/v1/criteria/{criteria_id}",
    roles=ANY,
    summary="One criteria version as JSON, for building forms",
    ok=(
        200,
        "the criteria file as JSON; ETag: its sha256",
        {JSON: {"$ref": "#/components/schemas/aow.criteria"}},
    ),
    params=[Param("criteria_id", "path", "the criteria id", required=True)],
    errors=(404,),
)
async def criteria_get(service: Service, request: Request, user: User) -> Response:
    """The data of the criteria file, as the ``criteria`` JSON Schema describes it."""
    served = service.catalog.get(request.path_params["criteria_id"])
    if served is None:
        raise HttpProblem(404, f"no criteria {request.path_params['criteria_id']!r} is served")
    return Response(
        served.document, media_type=JSON, headers={"ETag": f'"{served.criteria.sha256}"'}
    )


def _inspection(i: Inspection) -> dict[str, str]:
    return {
        "id": i.id,
        "title": i.title,
        "criteria": i.criteria_id,
        "criteria_sha256": i.criteria_sha256,
        "created_at": i.created_at,
        "created_by": i.created_by,
    }


@endpoint(
    "POST",
    "/v1/inspections",
    roles=("qa_lead",),
    summary="Create an inspection",
    ok=(201, "the inspection", {JSON: model("InspectionOut")}),
    body={JSON: model("InspectionIn")},
    errors=(409, 413, 422),
)
async def create_inspection(service: Service, request: Request, user: User) -> Response:
    """``{id, title, criteria}``: the id is the client's (letters, digits, ``.``, ``_``,
    ``-``; up to 64); the criteria a served version, which every assessment follows."""
    body = await read_model(service, request, InspectionIn)
    served = service.catalog.get(body.criteria)
    if served is None:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.UNKNOWN_CRITERIA,
                    f"no criteria {body.criteria!r} is served",
                    "body",
                    "$.criteria",
                    did_you_mean(body.criteria, service.catalog.ids()),
                )
            ]
        )
    try:
        made = await run_in_threadpool(
            service.store.create_inspection,
            body.id,
            body.title,
            served.criteria.id,
            served.criteria.sha256,
            user.name,
        )
    except Conflict:
        raise HttpProblem(409, f"inspection {body.id!r} exists already") from None
    return json_response(_inspection(made), 201, {"Location": f"/v1/inspections/{made.id}"})


@endpoint(
    "GET",
    "/v1/inspections",
    roles=ANY,
    summary="Every inspection",
    ok=(200, "by id", {JSON: many(model("InspectionOut"))}),
)
async def list_inspections(service: Service, request: Request, user: User) -> Response:
    """Every inspection, by id."""
    rows = await run_in_threadpool(service.store.inspections)
    return json_response([_inspection(i) for i in rows])


@endpoint(
    "GET",
    "/v1/inspections/{inspection}",
    roles=ANY,
    summary="One inspection, its assessments and their states",
    ok=(200, "the inspection", {JSON: model("InspectionDetail")}),
    params=[INSPECTION],
    errors=(404,),
)
async def get_inspection(service: Service, request: Request, user: User) -> Response:
    """An inspector sees only their own assessments, and not the state of each case (which
    would tell them whether another assessor has marked it)."""
    inspection, _ = await inspection_or_404(service, request.path_params["inspection"])
    assessments, revisions, agreed = await run_in_threadpool(service.store.snapshot, inspection.id)
    rows = [
        {
            "id": a.id,
            "case_id": a.case_id,
            "assessor": a.assessor,
            "state": a.state,
            "revision": a.revision,
            "updated_at": a.updated_at,
        }
        for a in assessments
        if sees(user, a)
    ]
    cases = None
    if user.role != "inspector":
        cases = [c.to_dict() for c in counting(assessments, revisions, agreed)]
    return json_response({**_inspection(inspection), "assessments": rows, "cases": cases})


def _since(value: str | None) -> tuple[int | None, str | None]:
    if value is None or value == "":
        return None, None
    if value.isdigit():
        return int(value), None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.INVALID_VALUE,
                    f"since={value!r} is neither an event number nor a time with its zone "
                    "(2026-01-31T09:00:00Z)",
                    "since",
                )
            ]
        )
    return None, when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@endpoint(
    "GET",
    "/v1/audit",
    roles=("qa_lead",),
    summary="The audit log: who did what to which assessment, when",
    ok=(200, "events, oldest first", {JSON: model("AuditOut")}),
    params=[
        Param(
            "since",
            "query",
            "an event number (the events after it) or an ISO 8601 time "
            "with its zone (the events at or after it)",
        ),
        Param(
            "limit",
            "query",
            "at most this many events (1 to 10000; default 1000)",
            {"type": "integer"},
        ),
    ],
    errors=(422,),
)
async def audit(service: Service, request: Request, user: User) -> Response:
    """Append-only: an event is written in the same transaction as the change it records.
    Page with ``since=<next>``."""
    seq, at = _since(request.query_params.get("since"))
    raw_limit = request.query_params.get("limit", "1000")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 10000:
        raise invalid(
            [aow_rules.Problem(aow_rules.Code.INVALID_VALUE, "limit is 1 to 10000", "limit")]
        )
    events = await run_in_threadpool(service.store.events, seq, at, int(raw_limit))
    items = [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "inspection": e.inspection_id,
            "assessment": e.assessment_id,
            "case_id": e.case_id,
            "revision": e.revision,
            "detail": json.loads(e.detail),
        }
        for e in events
    ]
    return json_response({"events": items, "next": events[-1].seq if events else seq})
