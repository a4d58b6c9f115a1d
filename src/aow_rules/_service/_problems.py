"""Errors as clients read them: RFC 9457 problem details carrying the project's problems.

Every 4xx and 5xx body is ``application/problem+json``: ``type``, ``title``, ``status``,
``detail``, plus ``code`` (a stable code: the library's `Code` values for problems in what was
sent, the service's own below for HTTP conditions) and ``problems`` (every problem found,
each ``{code, message, source, location, suggestion}`` as the CLI's JSON errors).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

import aow_rules

from .._strict._json import loads as strict_loads

__all__ = [
    "TITLES",
    "HttpProblem",
    "decode_json",
    "problem_response",
    "read_body",
    "validation_problems",
]

# The service's own codes (stable, like the library's): HTTP status -> default code.
TITLES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Not allowed for this role"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    406: ("not_acceptable", "Not acceptable"),
    409: ("conflict", "Conflict with the current state"),
    412: ("stale_revision", "Precondition failed: stale revision"),
    413: ("body_too_large", "Request body too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("invalid_input", "Invalid input"),
    428: ("if_match_required", "Precondition required"),
    500: ("internal_error", "Internal error"),
    503: ("unavailable", "Service unavailable"),
}

PROBLEM_JSON = "application/problem+json"


class HttpProblem(Exception):
    """Raised by a handler to answer with a problem body; ``problems`` are the details."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        problems: Sequence[aow_rules.Problem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or TITLES.get(status, ("error", ""))[0]
        self.problems = tuple(problems)
        self.headers = headers or {}


def problem_body(problem: HttpProblem) -> dict[str, Any]:
    _, title = TITLES.get(problem.status, ("error", "Error"))
    return {
        "type": f"urn:aow-rules:problem:{problem.code}",
        "title": title,
        "status": problem.status,
        "detail": problem.detail,
        "code": problem.code,
        "problems": [p.to_dict() for p in problem.problems],
    }


def problem_response(problem: HttpProblem) -> Response:
    body = json.dumps(problem_body(problem), ensure_ascii=False).encode()
    return Response(body, problem.status, problem.headers, media_type=PROBLEM_JSON)


def invalid(problems: Sequence[aow_rules.Problem], detail: str | None = None) -> HttpProblem:
    """A 422 naming every problem; the headline (the library's best match) is the detail."""
    headline = detail or str(aow_rules.AowError(list(problems)))
    code = str(problems[0].code) if len({p.code for p in problems}) == 1 else "invalid_input"
    return HttpProblem(422, headline, code=code, problems=problems)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HttpProblem(413, f"the body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpProblem(413, f"the body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_json(body: bytes, source: str = "body") -> Any:
    """Decoded JSON, strictly: a syntax error, a duplicate key, NaN/Infinity, a number out of
    range, nesting too deep or bytes that are not UTF-8 is a 422.

    The library's strict reader (`_strict._json`), with its problem codes and JSON paths, so
    that a case sent over HTTP is read exactly as one read from a file.
    """
    data, problems = strict_loads(body, source)
    if problems:
        raise invalid(problems)
    return data


def _path(loc: Sequence[int | str]) -> str:
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


_PYDANTIC_CODES = {
    "missing": aow_rules.Code.MISSING_KEY,
    "extra_forbidden": aow_rules.Code.UNKNOWN_KEY,
    "string_too_long": aow_rules.Code.VALUE_TOO_LONG,
}


def validation_problems(exc: ValidationError, source: str = "body") -> list[aow_rules.Problem]:
    """Pydantic's errors as the library's problems: one each, with a JSON path."""
    problems = []
    for error in exc.errors(include_url=False):
        kind = error["type"]
        if kind in _PYDANTIC_CODES:
            code = _PYDANTIC_CODES[kind]
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            code = aow_rules.Code.WRONG_TYPE
        else:
            code = aow_rules.Code.INVALID_VALUE
        problems.append(aow_rules.Problem(code, error["msg"], source, _path(error["loc"])))
    return problems
