"""A diff of two criteria versions (``aow-diff/1``) as one self-contained HTML page
(templates/diff.html): each change by part of the file, with the title or text of what
changed beside its id, and each changed field's old and new values."""

from __future__ import annotations

import json
from typing import Any

from .._versions import Diff
from ._pages import csp, page

__all__ = ["diff_html"]


def _value(value: Any) -> str:
    """A field's value as people read it: text as is, anything else as JSON."""
    if value is None:
        return "(none)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def diff_html(result: Diff) -> str:
    """The page of ``result``: its data (``to_dict()``), with the titles of both versions."""
    data = result.to_dict()
    old, new = result.old, result.new
    names: dict[str, str] = {}
    for c in (old, new):
        names |= {f"questions:{q.id}": q.text for q in c.questions}
        names |= {f"{g.kind}:{g.id}": g.title for g in c.groups}
        names |= {f"facts:{k}": v.title for k, v in c.facts.items()}
    parts: dict[str, list[dict[str, Any]]] = {}
    for change in data["changes"]:
        part = change["part"]
        kind = {"outcomes": "outcome", "stages": "stage", "criteria": "criterion"}.get(part, part)
        parts.setdefault(part, []).append(
            {
                **change,
                "title": names.get(f"{kind}:{change['id']}", ""),
                "values": [
                    (name, _value(pair[0]), _value(pair[1]))
                    for name, pair in (change.get("fields") or {}).items()
                ],
            }
        )
    about = [
        ("From (old)", f"{old.id} (version {old.version})"),
        ("Old sha256", old.sha256),
        ("To (new)", f"{new.id} (version {new.version})"),
        ("New sha256", new.sha256),
        ("Changes", f"{len(data['changes']):,}"),
    ]
    return page(
        "diff.html",
        title=f"Changes from {old.id} to {new.id}",
        policy=csp(),
        synthetic=False,
        diff=data,
        old=old,
        new=new,
        about=about,
        parts=parts,
    )
