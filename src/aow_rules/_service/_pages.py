"""The web pages' machinery: who is looking (a session, a bearer token, or the local user),
rendering a template under the pages' Content-Security-Policy, error pages, and the
first-party static files (the stylesheet and the pages' scripts).

Pages register here with `page`; `page_routes` gives the router their routes. Each page
checks roles exactly as the API does, and blind double marking holds the same way (a handler
reads through the same helpers as the endpoints). Nothing a page loads comes from elsewhere:
the CSP allows scripts, styles and requests from the service itself only, and no inline
script or style at all.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

import aow_rules

from .._html import STYLESHEET, environment
from ._auth import LOCAL, Role, User
from ._endpoint import ANY
from ._problems import TITLES, HttpProblem, read_body
from ._session import (
    LIFETIME,
    SESSION_COOKIE,
    Session,
    form_fields,
    same_token,
    set_cookie,
)

if TYPE_CHECKING:
    from ._app import Service

__all__ = [
    "CSP",
    "OPEN",
    "PAGES",
    "PAGE_HEADERS",
    "Visit",
    "error_page",
    "page",
    "page_routes",
    "posted_form",
    "render",
    "static_url",
]

LOG = logging.getLogger("aow_rules.service")
HERE = Path(__file__).parent
TEMPLATES = environment(HERE / "templates")
# A path segment in a link: everything quoted, "/" too.
TEMPLATES.filters["part"] = lambda value: quote(str(value), safe="")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # A page holds case content: not kept by the browser's cache or a proxy.
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Static:
    body: bytes
    media_type: str
    etag: str


def _static_files() -> dict[str, Static]:
    files = {"style.css": STYLESHEET.encode("utf-8")}
    for path in sorted((HERE / "static").iterdir()):
        if path.suffix in (".js", ".svg"):
            files[path.name] = path.read_bytes()
    out = {}
    for name, body in files.items():
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith("javascript"):
            media += "; charset=utf-8"
        out[name] = Static(body, media, hashlib.sha256(body).hexdigest()[:16])
    return out


STATIC = _static_files()


def static_url(name: str) -> str:
    """A static file's address, with its content's hash: a changed file is a new address."""
    return f"/static/{name}?v={STATIC[name].etag}"


@dataclass(frozen=True)
class Visit:
    """Who is looking at a page, and how."""

    user: User
    session: Session | None
    """Their browser session (None with a bearer token)."""
    signed_in: bool
    """Signed in through the sign-in page (they can sign out)."""
    new_cookie: str | None = None
    """A session cookie to set on the answer (the local user's first page)."""

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session else ""


PageHandler = Callable[["Service", Request, Visit], Awaitable[Response]]


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    handler: PageHandler
    roles: tuple[Role, ...]


PAGES: list[Page] = []


def page(
    method: str, path: str, roles: tuple[Role, ...] = ANY
) -> Callable[[PageHandler], PageHandler]:
    """Register a page handler; ``roles`` as an endpoint's."""

    def register(handler: PageHandler) -> PageHandler:
        PAGES.append(Page(method, path, handler, roles))
        return handler

    return register


def render(
    request: Request,
    visit: Visit,
    template: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> Response:
    """A page from ``template`` (autoescaped), with the pages' security headers."""
    text = TEMPLATES.get_template(template).render(
        user=visit.user,
        csrf=visit.csrf,
        signed_in=visit.signed_in,
        style_href=static_url("style.css"),
        static_url=static_url,
        version=aow_rules.__version__,
        path=request.url.path,
        **context,
    )
    return Response(
        text.encode("utf-8"),
        status,
        {**PAGE_HEADERS, **(headers or {})},
        media_type="text/html; charset=utf-8",
    )


def error_page(request: Request, visit: Visit | None, status: int, detail: str) -> Response:
    _, title = TITLES.get(status, ("error", "Error"))
    who = visit or Visit(User("", "reader"), None, False)
    return render(request, who, "error.html", status, title=title, code=status, detail=detail)


def _sign_in_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", 303, PAGE_HEADERS)


def visitor(service: Service, request: Request) -> Visit | Response:
    """Who is looking: the local user (no token file), a bearer token, or a session; else
    the sign-in page."""
    session = service.sessions.of(request)
    if service.tokens is None:
        if session is not None and session.user == LOCAL:
            return Visit(LOCAL, session, False)
        cookie, session = service.sessions.start(LOCAL)
        return Visit(LOCAL, session, False, new_cookie=cookie)
    header = request.headers.get("authorization")
    if header is not None:
        return Visit(service.tokens.authenticate(header), None, False)
    if session is not None:
        return Visit(session.user, session, True)
    return _sign_in_redirect(request)


def _where(exc: BaseException) -> list[str]:
    return [f"{f.filename}:{f.lineno}:{f.name}" for f in traceback.extract_tb(exc.__traceback__)]


def _wrap(service: Service, p: Page) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        visit: Visit | None = None
        try:
            found = visitor(service, request)
            if isinstance(found, Response):
                return found
            visit = found
            if visit.user.role not in p.roles:
                raise HttpProblem(
                    403,
                    f"{visit.user.name} ({visit.user.role}) may not open this page; it needs "
                    "the role " + " or ".join(p.roles),
                )
            response = await p.handler(service, request, visit)
        except HttpProblem as problem:
            if problem.status == 401:
                return _sign_in_redirect(request)
            response = error_page(request, visit, problem.status, problem.detail)
        except aow_rules.AowError as exc:
            response = error_page(request, visit, 422, str(exc))
        except Exception as exc:
            request_id = request.scope.get("aow_request_id", "")
            LOG.error(
                "page failed",
                extra={
                    "fields": {
                        "event": "error",
                        "request_id": request_id,
                        "error": type(exc).__name__,
                        "where": _where(exc)[-5:],
                    }
                },
            )
            response = error_page(
                request, visit, 500, f"internal error (request {request_id}); it has been logged"
            )
        if visit is not None and visit.new_cookie is not None:
            set_cookie(response, request, SESSION_COOKIE, visit.new_cookie, max_age=LIFETIME)
        return response

    return run


async def posted_form(service: Service, request: Request, visit: Visit) -> dict[str, str]:
    """A form posted by one of our pages: its fields, once its CSRF token and origin check
    (403 otherwise). A request with a bearer token carries no ambient credential: no token
    is needed."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin is not None and origin not in ("null", own):
        raise HttpProblem(403, f"a form posted from {origin}, not from this site")
    fields = form_fields(await read_body(request, 64 << 10))
    if visit.session is not None and not same_token(fields.get("csrf"), visit.session.csrf):
        raise HttpProblem(
            403, "the form's CSRF token does not match this session: reload the page and retry"
        )
    return fields


async def _static(request: Request) -> Response:
    found = STATIC.get(request.path_params["name"])
    if found is None:
        return Response(b"", 404)
    etag = f'"{found.etag}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(b"", 304, headers)
    return Response(found.body, 200, headers, media_type=found.media_type)


OPEN: list[Route] = []
"""Pages anyone may open (signing in and out): plain routes; they read the service from
``request.app.state.service``."""


def page_routes(service: Service) -> list[Route]:
    """The routes of every page and of the static files."""
    routes = [Route(p.path, _wrap(service, p), methods=[p.method]) for p in PAGES]
    routes.extend(OPEN)
    routes.append(Route("/static/{name}", _static, methods=["GET"]))
    return routes
