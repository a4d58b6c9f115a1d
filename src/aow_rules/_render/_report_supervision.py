"""The report's inspection header, interview coverage and reoffending tables as text lines
(``aow-report/1`` data in), for the text report; the HTML has its own (`_html_inspection`).

Each reads its part of the data with ``get``: data written before the parts existed (a
stored report) renders as it did.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EVENT_NAMES", "WHO", "inspection_lines", "interview_lines", "reoffending_lines"]

EVENT_NAMES = {"further_offence": "Further offence", "recall": "Recall to custody"}
WHO = (("officer", "Responsible officer"), ("offender", "Individual (offender)"))


def inspection_lines(data: dict[str, Any]) -> list[str]:
    """The inspection record, for the report's header; nothing when none was given."""
    i = data.get("inspection")
    if i is None:
        return []
    area = i["area"]
    where = area["name"]
    if area["police_force_area"]:
        where += f"; police force area: {area['police_force_area']}"
    if area["ldus"]:
        where += f"; LDUs: {', '.join(area['ldus'])}"
    providers = "; ".join(
        f"{p['title'] or p['provider']}: {p['name']}"
        + ("" if p["criteria"] == data["criteria"]["id"] else f" (judged by {p['criteria']})")
        for p in i["providers"]
    )
    lines = [f"Inspection: {i['title']} ({i['id']})"]
    if i["synthetic"]:
        lines.append("  SYNTHETIC INSPECTION: invented; no real area, provider or inspection.")
    lines += [
        f"  Area: {where}",
        f"  Providers: {providers}",
        f"  Announced {i['announced']}; fieldwork {i['fieldwork']['start']} to "
        f"{i['fieldwork']['end']}; meetings {i['meetings']['start']} to {i['meetings']['end']}",
    ]
    return [*lines, ""]


def _yes(c: dict[str, Any], word: str) -> str:
    return f"{c[word]} ({c['percent'] or '-'})"


def _name(title: str, width: int) -> str:
    return title if len(title) <= width else title[: width - 3] + "..."


def interview_lines(data: dict[str, Any]) -> list[str]:
    """Who was interviewed, of how many cases; by breakdown."""
    iv = data.get("interviews")
    if iv is None:
        return []
    if all(iv[who]["not_recorded"] == iv["cases"] for who, _ in WHO):
        return [f"Interviews: no case of the {iv['cases']} records its interviews.", ""]
    lines = [
        f"Interviews (of {iv['cases']} case(s); a case without an interview record is not "
        "recorded, never not interviewed)",
        f"  {'':<22}  {'interviewed':>12}  {'not interviewed':>15}  {'not recorded':>12}",
    ]
    for who, title in WHO:
        c = iv[who]
        lines.append(
            f"  {title:<22}  {_yes(c, 'interviewed'):>12}  {c['not_interviewed']:>15}  "
            f"{c['not_recorded']:>12}"
        )
    for b in iv["breakdowns"]:
        width = min(max([len(v["title"]) for v in b["values"]] + [5]), 40)
        lines.append(f"  By {b['title']} ({b['by']})")
        lines.append(
            f"    {'':<{width}}  {'cases':>5}  {'officers':>10}  {'individuals':>11}  "
            f"{'not recorded':>12}"
        )
        for v in b["values"]:
            lines.append(
                f"    {_name(v['title'], width):<{width}}  {v['cases']:>5}  "
                f"{_yes(v['officer'], 'interviewed'):>10}  "
                f"{_yes(v['offender'], 'interviewed'):>11}  {v['officer']['not_recorded']:>12}"
            )
    return [*lines, ""]


def reoffending_lines(data: dict[str, Any]) -> list[str]:
    """Further offences and recalls during the period inspected; or why there is no table."""
    r = data.get("reoffending")
    if r is None:
        return []
    if not r["events"]:
        return [f"Reoffending during the period inspected: {r['note']}", ""]
    events = [e["fact"] for e in r["events"]]
    lines = [
        f"Reoffending during the period inspected (of {r['cases']} case(s); shares of the sample)",
        f"  {'':<22}  {'yes':>10}  {'no':>5}  {'not recorded':>12}",
    ]
    for e in events:
        c = r["totals"][e]
        lines.append(
            f"  {EVENT_NAMES.get(e, e):<22}  {_yes(c, 'yes'):>10}  {c['no']:>5}  "
            f"{c['not_recorded']:>12}"
        )
    if r["note"]:
        lines.append(f"  ({r['note']})")
    for b in r["breakdowns"]:
        width = min(max([len(v["title"]) for v in b["values"]] + [5]), 40)
        lines.append(f"  By {b['title']} ({b['by']})")
        head = "".join(f"  {EVENT_NAMES.get(e, e):>17}" for e in events)
        lines.append(f"    {'':<{width}}  {'cases':>5}{head}")
        for v in b["values"]:
            cells = "".join(f"  {_yes(v[e], 'yes'):>17}" for e in events)
            lines.append(f"    {_name(v['title'], width):<{width}}  {v['cases']:>5}{cells}")
    return [*lines, ""]
