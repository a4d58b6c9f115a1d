"""Plain-text rendering of a judgement, for people reading a terminal."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .._evaluate._explain import because_entries
from .._evaluate._judgement import Judgement
from .._numbers import percent_text

__all__ = ["judgement_data_text", "judgement_text"]

_MARK = {
    "counted": "",
    "answered_na": "n/a (answered na)",
    "not_applicable": "does not apply",
    "unanswered": "UNANSWERED",
    "unscored": "unscored",
    "condition_error": "CONDITION ERROR",
}


def _read_text(read: dict[str, Any]) -> str:
    def show(v: Any) -> str:
        if v is None:
            return "absent"
        if isinstance(v, bool):
            return "true" if v else "false"
        return repr(v) if isinstance(v, str) else str(v)

    return ", ".join(f"{k} = {show(v)}" for k, v in read.items())


def _entry(e: dict[str, Any]) -> str:
    status = e["status"]
    head = f"    {e['question']:<10}"
    if status == "counted":
        weight = f" x {e['weight']}" if e.get("weight", 1) != 1 else ""
        return f"{head}{e['answer']:<5} credit {e['credit']}{weight}"
    line = f"{head}{_MARK[status]}"
    if "answer" in e and status != "answered_na":
        line += f" (answered {e['answer']!r})"
    if "condition" in e:
        line += f": {e['condition']}"
        if e.get("read"):
            line += f"  [{_read_text(e['read'])}]"
    if "error" in e:
        line += f"  error: {e['error']}"
    return line


def judgement_text(judgement: Judgement, *, detail: bool = True) -> str:
    """The judgement as text: outcomes with their reasons, stages, criteria, findings."""
    return judgement_data_text(judgement.to_dict(), detail=detail)


def judgement_data_text(data: dict[str, Any], *, detail: bool = True) -> str:
    """Judgement data of either format (``aow-judgement/1`` or ``/2``) as text."""
    crit = data["criteria"]
    lines = [
        f"Case {data['case_id']}"
        + (f" (assessor {data['assessor']})" if data["assessor"] else "")
        + f" against {crit['id']} version {crit['version']}",
        "",
        "Outcomes",
    ]
    for gid, g in data["outcomes"].items():
        lines.append(_group_line(gid, g))
        if detail:
            lines.extend(_entry(e) for e in because_entries(data, "outcomes", gid))
    for title, key in (("Stages", "stages"), ("Criteria", "criteria_groups")):
        lines += ["", title]
        lines.extend(_group_line(gid, g) for gid, g in data[key].items())
    lines += ["", "Findings"]
    if not data["findings"]:
        lines.append("  none")
    for f in data["findings"]:
        lines.append(f"  {f['severity']:<7} {f['code']}: {f['message']}")
        if f.get("read"):
            lines.append(f"          read: {_read_text(f['read'])}")
    lines += ["", data["summary"]]
    return "\n".join(lines) + "\n"


def _group_line(gid: str, g: dict[str, Any]) -> str:
    if g["fraction"] is None:
        score = "not applicable"
    else:
        # Rounded down, so that no shown value reaches a band edge its score did not.
        score = f"{g['yes']}/{g['counted']} = {_tenths(g['fraction'])}"
        if g["band"]:
            score += f"  {g['band']}"
    return f"  {gid:<5} {g['title'][:58]:<58} {score}"


def _tenths(fraction: str) -> str:
    return percent_text(Fraction(fraction), 1, "down") or ""
