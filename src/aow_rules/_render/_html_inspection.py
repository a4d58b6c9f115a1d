"""The HTML report's inspection header, interview coverage and reoffending sections
(``aow-report/1`` data in, HTML fragments out), kept apart from the page so that each is one
small piece: `report_html` calls `inspection_header` in its header and adds the sections of
`supervision_sections` after the breakdowns. All text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._html_cases import e
from ._report_supervision import EVENT_NAMES, WHO

__all__ = ["inspection_header", "supervision_sections"]


def inspection_header(report: Mapping[str, Any]) -> str:
    """The inspection record as key facts, with a banner when it is synthetic; nothing when
    the report was given none."""
    i = report.get("inspection")
    if not i:
        return ""
    area = i["area"]
    own = report["criteria"]["id"]
    providers = "; ".join(
        f"{p['title'] or p['provider']}: {p['name']}"
        + ("" if p["criteria"] == own else f" (judged by {p['criteria']})")
        for p in i["providers"]
    )
    facts = [
        ("Inspection", f"{i['title']} ({i['id']})"),
        ("Area", area["name"]),
        ("Police force area", area["police_force_area"] or "\u2013"),
        ("LDUs", ", ".join(area["ldus"]) or "\u2013"),
        ("Providers", providers),
        ("Announced", i["announced"]),
        ("Fieldwork week", f"{i['fieldwork']['start']} to {i['fieldwork']['end']}"),
        ("Meetings week", f"{i['meetings']['start']} to {i['meetings']['end']}"),
    ]
    banner = ""
    if i.get("synthetic"):
        banner = (
            "<div class='synthetic' role='note'><strong>SYNTHETIC</strong>The inspection is "
            "invented: no real area, provider or inspection.</div>"
        )
    dl = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in facts)
    note = f"<p class='muted'>{e(i['note'])}</p>" if i.get("note") else ""
    return f"{banner}<dl class='keyfacts inspection'>{dl}</dl>{note}"


_DASH = "\u2013"


def _count(c: Mapping[str, Any], word: str) -> str:
    shown = c["percent"] or _DASH
    return f"<td class='num'>{e(c[word])}<br><span class='n'>{e(shown)}</span></td>"


def _table(
    caption: str,
    columns: list[tuple[str, str]],
    rows: list[tuple[str, int, Mapping[str, Any]]],
    words: tuple[str, str],
) -> str:
    head = "".join(
        f"<th scope='col' class='num'>{e(title)}: {e(words[0].replace('_', ' '))}</th>"
        f"<th scope='col' class='num'>{e(words[1].replace('_', ' '))}</th>"
        f"<th scope='col' class='num'>not recorded</th>"
        for _, title in columns
    )
    body = "".join(
        f"<tr><th scope='row'>{e(name)}</th><td class='num'>{cases}</td>"
        + "".join(
            _count(counts[key], words[0])
            + f"<td class='num'>{e(counts[key][words[1]])}</td>"
            + f"<td class='num'>{e(counts[key]['not_recorded'])}</td>"
            for key, _ in columns
        )
        + "</tr>"
        for name, cases, counts in rows
    )
    return (
        f"<div class='scroll'><table class='data compact'><caption>{e(caption)}</caption>"
        f"<thead><tr><th scope='col'>Cases</th><th scope='col' class='num'>n</th>{head}</tr>"
        f"</thead><tbody>{body}</tbody></table></div>"
    )


def _tables(
    part: Mapping[str, Any],
    whole: Mapping[str, Any],
    columns: list[tuple[str, str]],
    words: tuple[str, str],
    what: str,
) -> str:
    out = [
        _table(
            f"{what}, of {part['cases']} cases (share of the sample)",
            columns,
            [("All cases", part["cases"], whole)],
            words,
        )
    ]
    for b in part["breakdowns"]:
        rows = [(v["title"], v["cases"], v) for v in b["values"]]
        out.append(
            f"<h3>By {e(b['title'])}</h3>"
            + _table(f"{what} for each value of {b['by']}", columns, rows, words)
        )
    return "".join(out)


def supervision_sections(report: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(id, title, body) of the interview and reoffending sections, for the page's list."""
    out = []
    iv = report.get("interviews")
    if iv is not None:
        body = (
            "<p>Who the inspection interviewed for each case. A case without an interview "
            "record is counted as not recorded, never as not interviewed.</p>"
            + _tables(iv, iv, list(WHO), ("interviewed", "not_interviewed"), "Interviews")
        )
        out.append(("interviews", "Interviews", body))
    r = report.get("reoffending")
    if r is not None:
        if not r["events"]:
            body = f"<p class='muted'>{e(r['note'])}</p>"
        else:
            columns = [(ev["fact"], EVENT_NAMES.get(ev["fact"], ev["fact"])) for ev in r["events"]]
            body = (
                "<p>Further offences and recalls to custody during the period inspected, as "
                "each case records them: counts, and shares of the sample. No score.</p>"
                + (f"<p class='muted'>{e(r['note'])}</p>" if r["note"] else "")
                + _tables(r, r["totals"], columns, ("yes", "no"), "Reoffending")
            )
        out.append(("reoffending", "Reoffending", body))
    return out
