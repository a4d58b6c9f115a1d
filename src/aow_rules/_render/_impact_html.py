"""An impact report (``aow-impact/1``) as one self-contained HTML page (templates/impact.html):
what moving a sample from the old criteria version to the new one changes, group by group,
with each question's text beside its id."""

from __future__ import annotations

from typing import Any

from .._versions import Impact
from ._pages import csp, page

__all__ = ["impact_html"]


def _show(x: dict[str, Any] | None) -> str:
    if x is None:
        return "\u2013"
    if x["score"] is None:
        return "n/a"
    return f"{x['score'] * 100:.1f}% ({x['yes']}/{x['counted']})"


def _change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if not before or not after or before["score"] is None or after["score"] is None:
        return "\u2013"
    points = (after["score"] - before["score"]) * 100
    return f"{points:+.1f} pp" if round(points, 1) else "\u00b10.0 pp"


def impact_html(result: Impact) -> str:
    """The page of ``result``: its data (``to_dict()``), with the titles of both versions."""
    data = result.to_dict()
    old, new = result.old, result.new
    titles = {g.id: g.title for g in old.groups} | {g.id: g.title for g in new.groups}
    texts = {q.id: q.text for q in old.questions} | {q.id: q.text for q in new.questions}
    cases = result.sample.cases
    synthetic = bool(cases) and all(c.synthetic for c in cases)
    about = [
        ("From (old)", f"{old.id} (version {old.version})"),
        ("Old sha256", old.sha256),
        ("To (new)", f"{new.id} (version {new.version})"),
        ("New sha256", new.sha256),
        ("Cases", f"{data['sample']['cases']:,}"),
        ("Rejected", f"{len(data['sample']['rejected']):,}"),
        ("Invalid under the new version", f"{len(data['sample']['invalid_under_new']):,}"),
        ("Made by", f"{data['engine']['name']} {data['engine']['version']}"),
    ]
    groups = [
        (
            label,
            [
                (
                    gid,
                    titles.get(gid, ""),
                    _show(r["before"]),
                    _show(r["after"]),
                    _change(r["before"], r["after"]),
                )
                for gid, r in data[label].items()
            ],
        )
        for label in ("outcomes", "stages")
    ]
    return page(
        "impact.html",
        title=("SYNTHETIC \u00b7 " if synthetic else "")
        + f"Impact of moving from {old.id} to {new.id}",
        policy=csp(),
        synthetic=synthetic,
        synthetic_text="Every case in this sample is invented: no real person or case.",
        impact=data,
        old=old,
        new=new,
        about=about,
        groups=groups,
        titles=titles,
        texts=texts,
    )
