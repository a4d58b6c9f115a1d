"""The renderers' side of the template set: `_html`'s environment with this stage's
templates, the page script's text and hash, and the Content-Security-Policy of a
self-contained page.

jinja2 is imported when the first page is rendered, never at start-up.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

__all__ = ["Ids", "csp", "e", "page", "script"]

HERE = Path(__file__).parent / "templates"


def e(value: object) -> str:
    """Text escaped for HTML (for the few strings built outside a template)."""
    return html.escape(str(value))


class Ids:
    """Unique, readable anchor ids, the same for the same (kind, name) within one page."""

    def __init__(self) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def __call__(self, kind: str, name: str) -> str:
        key = (kind, name)
        found = self._given.get(key)
        if found is not None:
            return found
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        base = f"{kind}-{slug}" if slug else kind
        anchor, n = base, 1
        while anchor in self._used:
            n += 1
            anchor = f"{base}-{n}"
        self._used.add(anchor)
        self._given[key] = anchor
        return anchor


@cache
def _environment() -> jinja2.Environment:
    from .._html import environment  # noqa: PLC0415 - jinja2 only when a page is rendered

    return environment(HERE)


def script(name: str) -> str:
    """A script of this stage's templates, as text (inline in a self-contained page)."""
    return (HERE / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def csp(*scripts: str) -> str:
    """The policy of a self-contained page: nothing from anywhere, its inline stylesheet and
    ``scripts`` allowed by their hashes."""
    from .._html import style_hash  # noqa: PLC0415 - jinja2 only when a page is rendered

    allowed = " ".join(_hash(s) for s in scripts) or "'none'"
    return (
        f"default-src 'none'; style-src {style_hash()}; script-src {allowed}; "
        "img-src data:; form-action 'none'; base-uri 'none'"
    )


def page(template: str, **context: Any) -> str:
    """A self-contained page: ``template`` of this stage with its stylesheet inline."""
    return _environment().get_template(template).render(inline_style=True, **context)
