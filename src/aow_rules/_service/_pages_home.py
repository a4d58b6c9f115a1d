"""Pages: signing in and out, the inspections (``/``, and making one), and an inspection (its
cases and assessments, progress, and the live report)."""

from __future__ import annotations

import secrets
from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

import aow_rules

from .._store import STATES, Assessment, Conflict, Inspection
from ._auth import User
from ._common import counting, inspection_or_404, sees, stored_case
from ._models import InspectionIn
from ._pages import OPEN, PAGE_HEADERS, Visit, page, posted_form, render
from ._problems import read_body, validation_problems
from ._session import (
    LIFETIME,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    form_fields,
    local_path,
    same_token,
    set_cookie,
)

if TYPE_CHECKING:
    from ._app import Service

PER_PAGE = 100
"""Rows of an inspection's case list a page shows."""


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _anonymous() -> Visit:
    return Visit(User("", "reader"), None, False)


async def sign_in_form(request: Request) -> Response:
    service = _service(request)
    target = local_path(request.query_params.get("next"))
    if service.tokens is None:  # the local user needs no sign-in
        return RedirectResponse(target, 303, PAGE_HEADERS)
    return _sign_in_page(request, target, None, 200)


def _sign_in_page(request: Request, target: str, error: str | None, status: int) -> Response:
    nonce = secrets.token_urlsafe(24)
    response = render(
        request, _anonymous(), "sign_in.html", status, title="Sign in", nonce=nonce,
        target=target, error=error,
    )  # fmt: skip
    set_cookie(response, request, SIGN_IN_COOKIE, nonce, max_age=1800, path="/sign-in")
    return response


async def sign_in(request: Request) -> Response:
    """Exchange a token for a session cookie."""
    service = _service(request)
    fields = form_fields(await read_body(request, 16 << 10))
    target = local_path(fields.get("next"))
    if service.tokens is None:
        return RedirectResponse(target, 303, PAGE_HEADERS)
    nonce = request.cookies.get(SIGN_IN_COOKIE, "")
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if not nonce or not same_token(fields.get("nonce"), nonce) or origin not in (None, own):
        return _sign_in_page(
            request, target, "The sign-in form had expired or came from elsewhere: try again.", 403
        )
    user = service.tokens.find(fields.get("token", "").strip())
    if user is None:
        return _sign_in_page(request, target, "That token is not valid.", 401)
    cookie, _ = service.sessions.start(user)
    response = RedirectResponse(target, 303, PAGE_HEADERS)
    set_cookie(response, request, SESSION_COOKIE, cookie, max_age=LIFETIME)
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


async def sign_out(request: Request) -> Response:
    service = _service(request)
    fields = form_fields(await read_body(request, 16 << 10))
    session = service.sessions.of(request)
    if session is not None and same_token(fields.get("csrf"), session.csrf):
        service.sessions.end(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/sign-in", 303, PAGE_HEADERS)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


OPEN.extend(
    [
        Route("/sign-in", sign_in_form, methods=["GET"]),
        Route("/sign-in", sign_in, methods=["POST"]),
        Route("/sign-out", sign_out, methods=["POST"]),
    ]
)


def _home(
    service: Service, request: Request, visit: Visit, status: int = 200, **form: Any
) -> Response:
    inspections = service.store.inspections()
    criteria = [service.catalog.by_id[i].criteria for i in service.catalog.ids()]
    return render(
        request, visit, "inspections.html", status, title="Inspections",
        inspections=inspections, criteria=criteria,
        form=form.get("values", {}), problems=form.get("problems", []),
    )  # fmt: skip


@page("GET", "/")
async def home(service: Service, request: Request, visit: Visit) -> Response:
    return await run_in_threadpool(_home, service, request, visit)


@page("POST", "/inspections", roles=("qa_lead",))
async def make_inspection(service: Service, request: Request, visit: Visit) -> Response:
    """The form on ``/``: the same checks as ``POST /v1/inspections``."""
    fields = await posted_form(service, request, visit)
    values = {k: fields.get(k, "").strip() for k in ("id", "title", "criteria")}
    problems: list[str] = []
    try:
        body = InspectionIn.model_validate(values)
    except ValidationError as exc:
        for p in validation_problems(exc):
            field = p.location[2:]
            if field == "id":
                problems.append(
                    "id: letters, digits, '.', '_' and '-', starting with a letter or digit, "
                    "up to 64 characters"
                )
            elif field != "criteria":
                problems.append(f"{field}: {p.message}")
    if service.catalog.get(values["criteria"]) is None:
        problems.append(f"criteria: no criteria {values['criteria']!r} is served")
    if not problems:
        served = service.catalog.by_id[body.criteria]
        try:
            await run_in_threadpool(
                service.store.create_inspection, body.id, body.title, served.criteria.id,
                served.criteria.sha256, visit.user.name,
            )  # fmt: skip
        except Conflict:
            problems.append(f"id: inspection {body.id!r} exists already")
    if problems:
        return await run_in_threadpool(
            lambda: _home(service, request, visit, 422, values=values, problems=problems)
        )
    return RedirectResponse(f"/inspections/{body.id}", 303, PAGE_HEADERS)


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _inspection_view(
    service: Service, request: Request, visit: Visit, inspection: Inspection, served: Any
) -> Response:
    user = visit.user
    assessments, revisions, agreed = service.store.snapshot(inspection.id)
    mine = [a for a in assessments if sees(user, a)]
    progress = Counter(a.state for a in mine)
    cases = counting(assessments, revisions, agreed)
    sample = [
        stored_case(served.criteria, c.case_json, f"case {c.case_id}")
        for c in cases
        if c.case_json is not None
    ]
    report = aow_rules.report(served.criteria, sample, label=inspection.title).to_dict(
        case_list=False
    )
    wanted = request.query_params.get("case", "").strip()
    by_id: dict[int, Assessment] = {a.id: a for a in assessments}
    rows: list[Any]
    if user.role == "inspector":  # blind marking: their own assessments only, no case states
        rows = [a for a in mine if wanted.casefold() in a.case_id.casefold()]
    else:
        rows = [c for c in cases if wanted.casefold() in c.case_id.casefold()]
    number = _page_number(request)
    pages = max(1, -(-len(rows) // PER_PAGE))
    number = min(number, pages)
    shown = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
    statuses = Counter(c.status for c in cases)
    return render(
        request, visit, "inspection.html", title=f"Inspection {inspection.id}",
        inspection=inspection, criteria=served.criteria, progress=progress, states=STATES,
        statuses=statuses if user.role != "inspector" else None, report=report,
        rows=shown, by_id=by_id, number=number, pages=pages, total=len(rows), wanted=wanted,
        synthetic=bool(report["sample"]["synthetic"]),
    )  # fmt: skip


@page("GET", "/inspections/{inspection}")
async def inspection_page(service: Service, request: Request, visit: Visit) -> Response:
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    return await run_in_threadpool(_inspection_view, service, request, visit, inspection, served)
