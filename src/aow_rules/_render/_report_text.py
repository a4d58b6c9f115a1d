"""A sample report (``aow-report/1`` data) as plain text for a terminal."""

from __future__ import annotations

from typing import Any

from ._report_supervision import inspection_lines, interview_lines, reoffending_lines

__all__ = ["report_text"]

SECTION_TITLES = (
    ("outcomes", "Outcomes"),
    ("stages", "Stages (report sections)"),
    ("criteria_groups", "Criteria"),
)


def _pct(cell: dict[str, Any]) -> str:
    return cell["percent"] or "-"


_TAGS = {"documented": "[D]", "reconstructed": "[R]", "ours": "[O]"}
PROVENANCE_LEGEND = "[D] documented, [R] reconstructed (fits what is documented), [O] ours"


def provenance_words(p: dict[str, Any] | None) -> str:
    """A method's provenance for a reader: ``reconstructed: <note>``, or ``provenance not
    declared``."""
    if p is None:
        return "provenance not declared"
    return str(p["provenance"]) + (f": {p['note']}" if p["note"] else "")


def _groups(data: dict[str, Any], section: str, title: str) -> list[str]:
    groups = data[section]
    if not groups:
        return []
    ref = data["reference"] is not None
    width = max(len(f"{gid} {g['title']}") for gid, g in groups.items())
    width = min(width, 64)
    tagged = any(g.get("provenance") for g in groups.values())
    if tagged:
        title += f" ({PROVENANCE_LEGEND})"
    method = data["sample"]["method"]
    kind = (data["sample"].get("method_provenance") or {}).get("provenance")
    label = f"{method}, {kind}" if kind else method
    head = f"  {'':<{width}}  {'score':>6}  {'cases':>5}  {'yes/counted':>13}"
    if ref:
        head += f"  {'lowest':>6}  {'avg':>6}  {'highest':>7}"
    head += f"  [score: {label}]"
    lines = [title, head]
    for gid, g in groups.items():
        tag = _TAGS.get((g.get("provenance") or {}).get("provenance", ""), "   ")
        name = f"{gid} {g['title']}"
        if tagged:
            width_here = width - 4
            if len(name) > width_here:
                name = name[: width_here - 3] + "..."
            name = f"{name:<{width_here}}{tag:>4}"
        elif len(name) > width:
            name = name[: width - 3] + "..."
        counts = f"{_num(g['yes'])}/{_num(g['counted'])}"
        row = f"  {name:<{width}}  {_pct(g):>6}  {g['cases']:>5}  {counts:>13}"
        if g["band"]:
            row += f"  {g['band']}"
        r = g["reference"]
        if ref and r is not None:
            row += (
                f"  {_share(r['lowest']):>6}  {_share(r['average']):>6}  {_share(r['highest']):>7}"
            )
        lines.append(row.rstrip())
    return [*lines, ""]


def _num(value: float) -> str:
    return f"{value:g}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _breakdown(data: dict[str, Any], b: dict[str, Any]) -> list[str]:
    outcomes = list(data["outcomes"])
    width = min(max([len(v["title"]) for v in b["values"]] + [5]), 40)
    lines = [f"By {b['title']} ({b['by']})"]
    lines.append(f"  {'':<{width}}  {'cases':>5}" + "".join(f"  {o:>6}" for o in outcomes))
    for v in b["values"]:
        name = v["title"] if len(v["title"]) <= width else v["title"][: width - 3] + "..."
        cells = "".join(f"  {_pct(v['outcomes'][o]):>6}" for o in outcomes)
        lines.append(f"  {name:<{width}}  {v['cases']:>5}{cells}")
    return [*lines, ""]


def _ratings(r: dict[str, Any]) -> list[str]:
    how = provenance_words(r.get("method_provenance"))
    lines = [f"Ratings (key question scores: {r['method']}, {how})"]
    for s in r["standards"]:
        rating = s["rating"] or f"not rated ({s['unrated_reason']})"
        how = ""
        if s["rated_by"] == "lowest_key_question" and s["lowest"]:
            low = next(k for k in s["key_questions"] if k["id"] == s["lowest"])
            how = f"; lowest key question {low['id']} at {low['percent']} ({low['fraction']})"
        elif s["rated_by"] == "recorded" and s["recorded"]:
            how = "; recorded by the panel"
        if s["override"]:
            how += f"; overridden from {s['computed'] or 'no rating'}: {s['override']['reason']}"
        points = "" if s["points"] is None else f" [{s['points']}]"
        lines.append(f"  {s['id']} {s['title']}: {rating}{points}{how}")
        for k in s["key_questions"]:
            mark = "*" if k["id"] == s["lowest"] else " "
            exact = "" if k["fraction"] is None else f" ({k['fraction']})"
            lines.append(
                f"     {mark}{k['id']} {k['percent'] or '-':>5}{exact:<9} of {k['cases']:>3} "
                f"case(s)  {k['rating'] or 'no applicable case'}"
            )
    o = r["overall"]
    if o is not None:
        if o["rating"] is None:
            lines.append(
                f"  Overall: not rated; standards without a rating: {', '.join(o['unrated'])}"
            )
        else:
            total = f"{o['points']} of {o['max_points']} points" if o["points"] is not None else ""
            line = f"  Overall: {o['rating']} ({total})"
            if o["override"]:
                line += f"; overridden from {o['computed']}: {o['override']['reason']}"
            lines.append(line)
    return [*lines, ""]


def report_text(data: dict[str, Any]) -> str:
    """The report as text: summary, tables of scores, breakdowns, ratings, findings."""
    crit = data["criteria"]
    sample = data["sample"]
    lines = [f"Sample report: {crit['id']} ({crit['version']}) {crit['title']}"]
    if sample["synthetic"]:
        lines.append("SYNTHETIC SAMPLE: invented cases; no real person or case.")
    lines.append(
        f"Sample: {sample['source']}: {sample['cases']} case(s) scored, "
        f"{sample['rejected']} rejected; method {sample['method']}"
    )
    lines.append(f"Method {sample['method']}: {provenance_words(sample.get('method_provenance'))}")
    lines += ["", *inspection_lines(data), data["summary"], ""]
    if data["reference"] is not None:
        ref = data["reference"]
        note = f" ({ref['note']})" if ref["note"] else ""
        lines += [f"Reference figures: {ref['title']}{note}", ""]
    for section, title in SECTION_TITLES:
        lines += _groups(data, section, title)
    if data["ratings"] is not None:
        lines += _ratings(data["ratings"])
    for b in data["breakdowns"]:
        lines += _breakdown(data, b)
    lines += interview_lines(data)
    lines += reoffending_lines(data)
    f = data["findings"]
    lines.append(f"Findings: {f['errors']} error(s), {f['warnings']} warning(s)")
    for code, c in f["by_code"].items():
        lines.append(f"  {c['severity']:<7} {code}: {c['findings']} in {len(c['cases'])} case(s)")
    if data["rejected"]:
        lines += ["", f"Rejected cases ({len(data['rejected'])}), not scored:"]
        for r in data["rejected"]:
            first = r["problems"][0]
            more = f" (+{len(r['problems']) - 1} more)" if len(r["problems"]) > 1 else ""
            lines.append(f"  {r['source']}: {first['message']}{more}")
    return "\n".join(lines) + "\n"
