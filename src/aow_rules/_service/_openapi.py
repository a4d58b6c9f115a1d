"""The OpenAPI 3.1 document, generated from the endpoint table, the service's pydantic models
and the library's published JSON Schemas; and the self-contained page that shows it.

The library's schemas come from `aow_rules.schema` (generated from the same pydantic models
as ``schemas/``); each is a component ``aow.<name>``, its definitions ``aow.<name>.<def>``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from pydantic.json_schema import models_json_schema

import aow_rules

from . import _models
from ._endpoint import Endpoint
from ._problems import PROBLEM_JSON, TITLES

__all__ = ["docs_page", "openapi_document"]

_SERVICE_MODELS = [getattr(_models, name) for name in _models.__all__]


def _rewrite(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = f"#/components/schemas/{prefix}.{value[len('#/$defs/') :]}"
            else:
                out[key] = _rewrite(value, prefix)
        return out
    if isinstance(node, list):
        return [_rewrite(v, prefix) for v in node]
    return node


def _components() -> dict[str, Any]:
    _, top = models_json_schema(
        [(m, "validation") for m in _SERVICE_MODELS],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = dict(top.get("$defs", {}))
    for name, document in sorted(aow_rules.schema().items()):
        prefix = f"aow.{name}"
        rewritten = _rewrite(document, prefix)
        for def_name, definition in rewritten.pop("$defs", {}).items():
            schemas[f"{prefix}.{def_name}"] = definition
        rewritten.pop("$schema", None)
        schemas[prefix] = rewritten
    return schemas


def _operation(ep: Endpoint) -> dict[str, Any]:
    roles = "no token" if ep.roles is None else ", ".join(ep.roles)
    op: dict[str, Any] = {
        "summary": ep.summary,
        "description": f"{ep.description}\n\nRoles: {roles}.".strip(),
        "operationId": ep.handler.__name__,
        "tags": [ep.path.split("/")[2] if ep.path.startswith("/v1/") else "service"],
    }
    if ep.params:
        op["parameters"] = [
            {
                "name": p.name,
                "in": p.where,
                "required": p.required or p.where == "path",
                "description": p.description,
                "schema": dict(p.schema),
            }
            for p in ep.params
        ]
    if ep.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {media: {"schema": dict(s)} for media, s in ep.body.items()},
        }
    responses: dict[str, Any] = {}
    for status, (text, content) in ep.responses.items():
        entry: dict[str, Any] = {"description": text}
        if content:
            entry["content"] = {media: {"schema": dict(s)} for media, s in content.items()}
        responses[str(status)] = entry
    problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
    for status in ep.errors:
        responses[str(status)] = {"description": TITLES[status][1], "content": problem}
    responses["default"] = {"description": "an error (problem details)", "content": problem}
    op["responses"] = responses
    if ep.roles is None:
        op["security"] = []
    return op


def openapi_document(routes: Sequence[Endpoint]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for ep in routes:
        path = ep.path.replace(":int}", "}")
        paths.setdefault(path, {})[ep.method.lower()] = _operation(ep)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "aow-rules service",
            "version": aow_rules.__version__,
            "description": "Score probation case inspections and keep their assessments. "
            "Errors are RFC 9457 problem details (application/problem+json).",
        },
        "paths": paths,
        "components": {
            "schemas": _components(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def docs_page(document: dict[str, Any]) -> str:
    """One page, no script and nothing fetched: every operation with its roles and text."""
    rows = []
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            rows.append(
                f"<tr><td><code>{method.upper()}</code></td><td><code>{html.escape(path)}"
                f"</code></td><td>{html.escape(op['summary'])}<p>"
                f"{html.escape(op['description']).replace(chr(10) * 2, '</p><p>')}</p></td></tr>"
            )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>aow-rules service API</title>"
        "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em;max-width:70em}"
        "td{vertical-align:top;border-top:1px solid #ccc;padding:.4em}p{margin:.3em 0}"
        "table{border-collapse:collapse}</style>"
        f"<h1>aow-rules service {html.escape(document['info']['version'])}</h1>"
        "<p>The OpenAPI 3.1 document: <a href=/openapi.json>/openapi.json</a>. Send "
        "<code>Authorization: Bearer &lt;token&gt;</code> when the service has tokens. "
        "Errors are <code>application/problem+json</code>.</p>"
        "<table><tr><th>method</th><th>path</th><th>what it does</th></tr>"
        + "".join(rows)
        + "</table></html>"
    )
