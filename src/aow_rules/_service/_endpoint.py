"""One table of endpoints: what each does, who may call it, what it takes and answers.

Handlers register here with `endpoint`; the router, the role checks and the OpenAPI document
are all built from this one table, so the document says what the code does.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ._auth import Role, User

if TYPE_CHECKING:
    from ._app import Service

__all__ = [
    "ANY",
    "ROUTES",
    "Endpoint",
    "Param",
    "endpoint",
    "json_response",
    "lib",
    "many",
    "model",
]

ANY: tuple[Role, ...] = ("inspector", "qa_lead", "reader")

Handler = Callable[["Service", Request, User], Awaitable[Response]]


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # "path", "query" or "header"
    description: str
    schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "string"})
    required: bool = False


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    roles: tuple[Role, ...] | None
    """Who may call it; None: anyone, without a token."""
    summary: str
    description: str
    params: tuple[Param, ...]
    body: Mapping[str, Any] | None
    """media type -> schema of the request body."""
    responses: Mapping[int, tuple[str, Mapping[str, Any] | None]]
    """status -> (description, {media type: schema} or None)."""
    errors: tuple[int, ...]


ROUTES: list[Endpoint] = []


def model(name: str) -> dict[str, Any]:
    """A schema of the service (a model in `_models`)."""
    return {"$ref": f"#/components/schemas/{name}"}


def lib(name: str) -> dict[str, Any]:
    """A schema the library publishes (`aow_rules.schema(name)`)."""
    return {"$ref": f"#/components/schemas/aow.{name}"}


def many(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": dict(schema)}


def endpoint(
    method: str,
    path: str,
    *,
    roles: tuple[Role, ...] | None,
    summary: str,
    ok: tuple[int, str, Mapping[str, Any] | None] = (200, "OK", None),
    body: Mapping[str, Any] | None = None,
    params: Sequence[Param] = (),
    errors: Sequence[int] = (),
    extra: Mapping[int, tuple[str, Mapping[str, Any] | None]] | None = None,
) -> Callable[[Handler], Handler]:
    """Register a handler. ``ok``: (status, description, {media type: schema}); the
    description of the endpoint is the handler's docstring."""

    def register(handler: Handler) -> Handler:
        status, text, content = ok
        responses = {status: (text, content), **(extra or {})}
        auth = () if roles is None else (401, 403)
        ROUTES.append(
            Endpoint(
                method,
                path,
                handler,
                roles,
                summary,
                (handler.__doc__ or "").strip(),
                tuple(params),
                body,
                responses,
                tuple(sorted({*auth, *errors})),
            )
        )
        return handler

    return register


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    body = json.dumps(data, ensure_ascii=False, allow_nan=False).encode()
    return Response(body, status, dict(headers or {}), media_type="application/json")


def spliced(data: Mapping[str, Any], raw: Mapping[str, str]) -> str:
    """``data`` as JSON with the stored JSON texts of ``raw`` added as they are (a stored
    case or judgement is sent without decoding and re-encoding it)."""
    head = json.dumps(data, ensure_ascii=False, allow_nan=False)
    tail = "".join(f", {json.dumps(k)}: {v}" for k, v in raw.items())
    return head[:-1] + tail + "}" if data else "{" + tail[2:] + "}"
