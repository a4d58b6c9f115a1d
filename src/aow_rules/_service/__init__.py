"""The HTTP service: requests in; judgements, stored assessments, reports, QA and impact out,
as JSON and as web pages.

A Starlette application on uvicorn over the public API (``import aow_rules``) and the store
(`_store`). `_endpoint` holds the one table of endpoints (path, roles, bodies) that the router,
the role checks and the OpenAPI document are built from; `_routes_*` and `_drafts` the
handlers; `_auth` the token file; `_session` browser sessions and their CSRF tokens;
`_pages*` the web pages (templates in ``templates/`` over the template set of `_html`,
scripts in ``static/``); `_problems` RFC 9457 error bodies; `_server` the checks before
listening and the server itself; `_demo` the SYNTHETIC demo inspection of ``serve --demo``.
Imported only by the CLI's serve verb: ``import aow_rules`` never imports it (Starlette,
uvicorn, SQLAlchemy and jinja2 are the optional ``serve`` extra).
"""

from ._app import Limits, Service, build_app
from ._auth import LOCAL, ROLES, Tokens, User, read_tokens
from ._catalog import Catalog, load_catalog
from ._demo import DEMO_INSPECTION, Demo, Seeded, seed_demo
from ._server import ServeOptions, StartError, logging_config, prepare, serve

__all__ = [
    "DEMO_INSPECTION",
    "LOCAL",
    "ROLES",
    "Catalog",
    "Demo",
    "Limits",
    "Seeded",
    "ServeOptions",
    "Service",
    "StartError",
    "Tokens",
    "User",
    "build_app",
    "load_catalog",
    "logging_config",
    "prepare",
    "read_tokens",
    "seed_demo",
    "serve",
]
