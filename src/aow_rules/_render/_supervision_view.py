"""The report page's inspection record, interview coverage and reoffending, as data for
templates/_supervision.html (the text report's are `_report_supervision`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._report_supervision import EVENT_NAMES, WHO

__all__ = ["inspection_facts", "supervision_sections"]

_DASH = "\u2013"


def inspection_facts(report: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The inspection record as label and value; nothing when the report was given none."""
    i = report.get("inspection")
    if not i:
        return []
    area = i["area"]
    own = report["criteria"]["id"]
    providers = "; ".join(
        f"{p['title'] or p['provider']}: {p['name']}"
        + ("" if p["criteria"] == own else f" (judged by {p['criteria']})")
        for p in i["providers"]
    )
    return [
        ("Inspection", f"{i['title']} ({i['id']})"),
        ("Area", area["name"]),
        ("Police force area", area["police_force_area"] or _DASH),
        ("LDUs", ", ".join(area["ldus"]) or _DASH),
        ("Providers", providers),
        ("Announced", i["announced"]),
        ("Fieldwork week", f"{i['fieldwork']['start']} to {i['fieldwork']['end']}"),
        ("Meetings week", f"{i['meetings']['start']} to {i['meetings']['end']}"),
    ]


def _tables(
    part: Mapping[str, Any],
    whole: Mapping[str, Any],
    columns: list[tuple[str, str]],
    words: tuple[str, str],
    what: str,
) -> list[dict[str, Any]]:
    tables = [
        {
            "heading": "",
            "caption": f"{what}, of {part['cases']} cases (share of the sample)",
            "rows": [("All cases", part["cases"], whole)],
        }
    ]
    for b in part["breakdowns"]:
        tables.append(
            {
                "heading": f"By {b['title']}",
                "caption": f"{what} for each value of {b['by']}",
                "rows": [(v["title"], v["cases"], v) for v in b["values"]],
            }
        )
    for t in tables:
        t["columns"] = columns
        t["words"] = words
    return tables


def supervision_sections(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The interview and reoffending sections, each with its tables (none when the report
    has no such part)."""
    out = []
    iv = report.get("interviews")
    if iv is not None:
        out.append(
            {
                "id": "interviews",
                "title": "Interviews",
                "intro": "Who the inspection interviewed for each case. A case without an "
                "interview record is counted as not recorded, never as not interviewed.",
                "note": "",
                "tables": _tables(
                    iv, iv, list(WHO), ("interviewed", "not_interviewed"), "Interviews"
                ),
            }
        )
    r = report.get("reoffending")
    if r is not None:
        columns = [(ev["fact"], EVENT_NAMES.get(ev["fact"], ev["fact"])) for ev in r["events"]]
        out.append(
            {
                "id": "reoffending",
                "title": "Reoffending",
                "intro": "Further offences and recalls to custody during the period inspected, "
                "as each case records them: counts, and shares of the sample. No score."
                if r["events"]
                else "",
                "note": r["note"] or "",
                "tables": _tables(r, r["totals"], columns, ("yes", "no"), "Reoffending")
                if r["events"]
                else [],
            }
        )
    return out
