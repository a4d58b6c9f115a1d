"""The ASGI application: routing from the endpoint table, the role check before each handler,
problem bodies for every error, and one JSON log line per request.

No traceback ever reaches a client: a handler's unexpected exception becomes a 500 problem
naming the request id, and the log line for it gives the exception's type and where it was
raised, never its message (which could quote a case).
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import aow_rules

from .._store import Store
from . import (  # noqa: F401 - registering
    _drafts,
    _pages_form,
    _pages_home,
    _pages_moderate,
    _routes_cases,
    _routes_inspections,
    _routes_samples,
)
from ._auth import LOCAL, Tokens, User, allowed
from ._catalog import Catalog
from ._endpoint import ROUTES, Endpoint
from ._openapi import docs_page, openapi_document
from ._pages import page_routes
from ._problems import HttpProblem, invalid, problem_response
from ._session import Sessions

__all__ = ["LOG", "Limits", "Service", "build_app"]

LOG = logging.getLogger("aow_rules.service")


@dataclass(frozen=True, slots=True)
class Limits:
    """The largest request bodies accepted (413 above)."""

    body: int = 1 << 20
    """A case, an inspection, a transition, agreed answers: 1 MiB."""
    sample: int = 64 << 20
    """A JSON Lines sample to import: 64 MiB."""


@dataclass
class Service:
    """What every handler reads: the store, the served criteria, the users, the limits."""

    store: Store
    catalog: Catalog
    tokens: Tokens | None
    limits: Limits
    sessions: Sessions = field(default_factory=Sessions)
    """The browsers signed in through the pages (`_session`)."""

    def user(self, request: Request) -> User:
        if self.tokens is None:
            return LOCAL
        header = request.headers.get("authorization")
        if header is None:
            # A page's script: the session cookie, with its CSRF token on writes.
            user = self.sessions.user(request)
            if user is not None:
                return user
        return self.tokens.authenticate(header)


def _where(exc: BaseException) -> list[str]:
    return [f"{f.filename}:{f.lineno}:{f.name}" for f in traceback.extract_tb(exc.__traceback__)]


def _wrap(service: Service, ep: Endpoint) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def run(request: Request) -> Response:
        try:
            if ep.roles is None:
                user = LOCAL
            else:
                user = service.user(request)
                allowed(user, ep.roles)
            return await ep.handler(service, request, user)
        except HttpProblem as problem:
            return problem_response(problem)
        except aow_rules.AowError as exc:  # what the client sent (or named) is invalid
            return problem_response(invalid(exc.problems))
        except Exception as exc:
            request_id = request.scope.get("aow_request_id", "")
            LOG.error(
                "handler failed",
                extra={
                    "fields": {
                        "event": "error",
                        "request_id": request_id,
                        "error": type(exc).__name__,
                        "where": _where(exc)[-5:],
                    }
                },
            )
            return problem_response(
                HttpProblem(500, f"internal error (request {request_id}); it has been logged")
            )

    return run


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestLog:
    """Pure ASGI middleware: a request id for each request (the client's X-Request-ID when it
    is a plain token, else a new one), echoed in the response, and one log line afterwards."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope["aow_request_id"] = request_id
        start = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            LOG.info(
                "request",
                extra={
                    "fields": {
                        "method": scope["method"],
                        # The path only: a query string could carry what is not ours to log.
                        "path": scope["path"],
                        "status": status,
                        "ms": round((time.perf_counter() - start) * 1000, 3),
                        "request_id": request_id,
                    }
                },
            )


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = {
        404: f"no such resource: {request.url.path}",
        405: f"{request.method} is not allowed on {request.url.path}",
    }.get(exc.status_code, str(exc.detail))
    return problem_response(HttpProblem(exc.status_code, detail, headers=dict(exc.headers or {})))


def _failed(request: Request, exc: Exception) -> Response:
    # Reached only if an exception escapes outside a handler (the router itself).
    LOG.error("unhandled", extra={"fields": {"event": "error", "error": type(exc).__name__}})
    return problem_response(HttpProblem(500, "internal error; it has been logged"))


def build_app(service: Service, on_shutdown: Callable[[], None] | None = None) -> Starlette:
    """The application over ``service``; ``on_shutdown`` runs when the server stops."""
    routes = [Route(ep.path, _wrap(service, ep), methods=[ep.method]) for ep in ROUTES]
    document = json.dumps(openapi_document(ROUTES), ensure_ascii=False).encode()

    async def openapi(_: Request) -> Response:
        return Response(document, media_type="application/json")

    routes.append(Route("/openapi.json", openapi, methods=["GET"]))
    page = docs_page(json.loads(document))

    async def docs(_: Request) -> Response:
        return Response(
            page,
            media_type="text/html",
            headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
        )

    routes.append(Route("/docs", docs, methods=["GET"]))
    routes.extend(page_routes(service))

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        if on_shutdown is not None:
            on_shutdown()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _failed},
        lifespan=lifespan,
    )
    app.state.service = service
    app.add_middleware(RequestLog)
    return app
