"""The readable summary of a sample manifest, rendered from its data (`SampleDraw.to_dict`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["manifest_text"]

_WHY = {
    "stratum_full": "its stratum's share was drawn before its turn",
    "officer_cap": "its officer already had the most cases allowed",
    "not_drawn": "its stratum's share of the sample rounds to no case",
}


def _prov(p: Mapping[str, Any] | None) -> str:
    if not p:
        return ""
    note = f": {p['note']}" if p.get("note") else ""
    return f" [{p['provenance']}{note}]"


def manifest_text(data: Mapping[str, Any]) -> str:
    """The manifest as text: the rules with their provenance, the counts, the strata, then
    every row that was not sampled and why."""
    c, counts, rules = data["criteria"], data["counts"], data["rules"]
    lines = [
        f"Sample drawn for {c['id']} ({c['version']}) from {data['long_list']['name']}",
        f"seed {data['seed']}, size {data['size']}, cut-off {data['cut_off']['date']} "
        f"({data['cut_off']['from']})",
        "",
        "Rules" + _prov(rules["provenance"]),
        f"  size {rules['size']['min']} to {rules['size']['max']} "
        f"(default {rules['size']['default']})" + _prov(rules["size"]["provenance"]),
        f"  at most {rules['officer_cap']['max']} cases per officer"
        + _prov(rules["officer_cap"]["provenance"]),
    ]
    strata = rules["strata"]
    if "named" in strata:
        lines.append(
            "  strata: " + ", ".join(s["id"] for s in strata["named"]) + _prov(strata["provenance"])
        )
    else:
        by = ", ".join(strata["by"]) or "none (one stratum)"
        lines.append(f"  strata by: {by}" + _prov(strata["provenance"]))
    for e in rules["exclusions"]:
        lines.append(f"  exclude {e['code']}: {e['title']}" + _prov(e["provenance"]))
    lines += [
        "",
        f"Rows: {counts['rows']}; rejected {counts['rejected']}; excluded "
        f"{sum(counts['excluded'].values())}; duplicates {sum(counts['duplicate'].values())}; "
        f"eligible {counts['eligible']}; sampled {counts['sampled']}",
    ]
    for code, n in counts["excluded"].items():
        lines.append(f"  excluded, {code}: {n}")
    for key, n in counts["duplicate"].items():
        lines.append(f"  duplicate {key}: {n}")
    for reason, n in counts["unsampled"].items():
        lines.append(f"  unsampled, {reason}: {n}")
    lines += ["", "Strata (eligible, exact share, allocated, sampled)"]
    width = max([len(s["id"]) for s in data["strata"]] + [6])
    for s in data["strata"]:
        lines.append(
            f"  {s['id']:<{width}}  {s['eligible']:>5}  {s['quota']:>9}  {s['allocated']:>4}  "
            f"{s['sampled']:>4}"
        )
    lines += ["", "Every row"]
    for row in data["rows"]:
        lines.append("  " + _row(row))
    return "\n".join(lines) + "\n"


def _row(row: Mapping[str, Any]) -> str:
    head = f"line {row['line']}" + (f" {row['case_ref']}" if row.get("case_ref") else "")
    status = row["status"]
    if status == "sampled":
        return f"{head}: sampled ({row['stratum']}, draw {row['draw_position']})"
    if status == "excluded":
        return f"{head}: excluded by {row['reason']}"
    if status == "duplicate":
        return (
            f"{head}: duplicate of line {row['of_line']} ({row['of_case_ref']}), same "
            f"{row['reason']}"
        )
    if status == "unsampled":
        where = f", draw {row['draw_position']}" if "draw_position" in row else ""
        return f"{head}: unsampled ({row['stratum']}{where}): {_WHY[row['reason']]}"
    problems = "; ".join(p["message"] for p in row.get("problems", ()))
    return f"{head}: rejected: {problems}"
