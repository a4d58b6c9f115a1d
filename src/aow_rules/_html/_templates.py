"""The jinja2 environment: the base template and stylesheet of this folder, the templates of
the caller's folder, autoescaping everywhere, and the filters pages share."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import jinja2

__all__ = ["STYLESHEET", "environment", "percent", "style_hash", "when"]

HERE = Path(__file__).parent / "templates"
STYLESHEET = (HERE / "style.css").read_text(encoding="utf-8")
"""The one stylesheet, as text (inline in a self-contained page; served as a file otherwise)."""


def style_hash() -> str:
    """The CSP source of the stylesheet when inline: ``'sha256-…'``."""
    digest = hashlib.sha256(STYLESHEET.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def percent(yes: float | int | None, counted: float | int | None) -> str:
    """``yes`` of ``counted`` as a whole percentage, halves rounded up (as people round);
    an empty string when nothing was counted."""
    if yes is None or not counted:
        return ""
    value = Fraction(yes) / Fraction(counted) * 100
    return f"{int(value + Fraction(1, 2))}%"


def when(stamp: str | None) -> str:
    """A stored time (ISO 8601 UTC) as people read it: ``2026-12-03 10:42 UTC``."""
    if not stamp:
        return ""
    try:
        at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return at.strftime("%Y-%m-%d %H:%M UTC")


def environment(*folders: Path) -> jinja2.Environment:
    """Templates from ``folders`` (first match wins), then this stage's own (``base.html``).

    Autoescaping is on for every template, whatever its name; an undefined name is an error,
    not an empty string, so a misspelt variable cannot hide.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*(str(f) for f in folders), str(HERE)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["when"] = when
    env.globals["percent"] = percent
    env.globals["stylesheet"] = STYLESHEET
    return env
