"""Browser sessions: how a page presents a token.

A browser cannot add ``Authorization: Bearer`` to a link it follows, so the sign-in page
takes a token once and answers with a session cookie: random, ``HttpOnly`` (no script reads
it), ``SameSite=Strict`` (no other site's page sends it), ``Secure`` over HTTPS, for at most
`LIFETIME`. Sessions live in the server's memory (kept as SHA-256 digests, like tokens): a
restart signs everyone out, and signing out ends the session at once.

Against cross-site requests, besides SameSite, each session has a CSRF token: a page carries
it (a hidden form field, or a meta element its scripts send back as ``X-CSRF-Token``), and a
request that changes something with the cookie alone must present it. A request with a
bearer token needs neither. Without a token file the service is the local user's alone
(loopback only): pages act as the local qa_lead, and still carry a CSRF token for their own
forms.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from ._auth import User
from ._problems import HttpProblem

__all__ = [
    "CSRF_HEADER",
    "LIFETIME",
    "SESSION_COOKIE",
    "SIGN_IN_COOKIE",
    "Session",
    "Sessions",
    "form_fields",
    "local_path",
    "same_token",
    "set_cookie",
]

SESSION_COOKIE = "aow_session"
SIGN_IN_COOKIE = "aow_sign_in"
"""A short-lived nonce that ties the sign-in form to the browser that loaded it."""
CSRF_HEADER = "x-csrf-token"
LIFETIME = 12 * 3600
"""Seconds a session lasts from sign-in (a working day); then the pages ask again."""
MAX_SESSIONS = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time comparison of two tokens."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf: str
    expires: float


@dataclass
class Sessions:
    """The signed-in browsers, by the digest of their cookie."""

    lifetime: float = LIFETIME
    _by_digest: dict[bytes, Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, user: User) -> tuple[str, Session]:
        """A new session for ``user``: the cookie value (given to the browser only) and the
        session."""
        cookie = secrets.token_urlsafe(32)
        session = Session(user, secrets.token_urlsafe(32), time.time() + self.lifetime)
        with self._lock:
            now = time.time()
            for key in [k for k, s in self._by_digest.items() if s.expires <= now]:
                del self._by_digest[key]
            while len(self._by_digest) >= MAX_SESSIONS:  # the oldest goes first
                del self._by_digest[next(iter(self._by_digest))]
            self._by_digest[_digest(cookie)] = session
        return cookie, session

    def find(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        with self._lock:
            session = self._by_digest.get(_digest(cookie))
        if session is None or session.expires <= time.time():
            return None
        return session

    def of(self, request: Request) -> Session | None:
        return self.find(request.cookies.get(SESSION_COOKIE))

    def end(self, cookie: str | None) -> None:
        if cookie:
            with self._lock:
                self._by_digest.pop(_digest(cookie), None)

    def user(self, request: Request) -> User | None:
        """The user of the request's session cookie; a request that changes something must
        carry the session's CSRF token in ``X-CSRF-Token`` (403 otherwise)."""
        session = self.of(request)
        if session is None:
            return None
        if request.method not in SAFE_METHODS and not same_token(
            request.headers.get(CSRF_HEADER), session.csrf
        ):
            raise HttpProblem(
                403,
                "a request made with the session cookie must send the page's CSRF token in "
                "X-CSRF-Token (reload the page), or use Authorization: Bearer <token>",
                code="csrf_failed",
            )
        return session.user


def set_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int, path: str = "/"
) -> None:
    """A cookie no script can read and no other site's page sends; Secure over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def form_fields(body: bytes) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body: each name's last value."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpProblem(400, "the form is not UTF-8") from None
    return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=100))


def local_path(target: str | None, default: str = "/") -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    # Browsers drop tabs and line breaks from addresses ("/\t/x" becomes "//x", another
    # host) and read "\" as "/": a target holding any of them, or "//", is refused.
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or not target.isprintable()
        or any(c.isspace() for c in target)
    ):
        return default
    return target
