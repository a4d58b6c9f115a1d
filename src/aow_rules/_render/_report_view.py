"""What the report page shows of a sample's groups, as plain data for its templates: the
charts, the score tables (with other methods and reference figures), the criteria grid, the
cards of headline figures and the facts of the page's header."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .._numbers import PercentMode, percent_text
from ._pages import Ids
from ._svg import Bar, Chart, bar_chart, clip

__all__ = [
    "HEADINGS",
    "METHOD_TITLES",
    "about",
    "charts",
    "grid",
    "group_table",
    "method_provenance",
    "method_words",
    "num",
    "pct",
]

HEADINGS = {"outcome": "Outcomes", "stage": "Stages (report sections)", "criterion": "Criteria"}
_AXIS = {
    "pooled": "Share of applicable judgements met (pooled over the sample)",
    "case_mean": "Mean of the case scores",
    "cases_meeting": "Share of applicable cases meeting the threshold",
}
METHOD_TITLES = {"pooled": "Pooled", "case_mean": "Case mean", "cases_meeting": "Cases meeting"}
_MODES: dict[str, PercentMode] = {"half_up": "half_up", "half_even": "half_even", "down": "down"}
DASH = "\u2013"


def num(value: object) -> str:
    """A JSON number for reading: whole numbers without a point, others to two places."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def pct(fraction: str | None, display: Mapping[str, Any] | None = None) -> str:
    """The percentage of an exact ``"p/q"`` text, as the report's ``display`` says (default:
    whole, half up), or an en dash."""
    if fraction is None:
        return DASH
    if display is None:
        return percent_text(Fraction(fraction)) or ""
    return percent_text(Fraction(fraction), display["places"], _MODES[display["mode"]]) or ""


def method_words(sample: Mapping[str, Any]) -> str:
    method = str(sample["method"])
    words = {
        "pooled": "pooled: met judgements over applicable judgements, summed over all cases",
        "case_mean": "case mean: the mean of the case scores where the group applies",
        "cases_meeting": "cases meeting: the share of applicable cases whose score meets "
        f"{sample.get('threshold')}",
    }
    return words.get(method, method)


def method_provenance(p: Mapping[str, Any] | None) -> str:
    """A method's provenance, in words, for the page."""
    if not p:
        return "provenance not declared"
    return str(p["provenance"]) + (f": {p['note']}" if p.get("note") else "")


def about(report: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What the page is about, label and value."""
    crit, sample = report["criteria"], report["sample"]
    method = METHOD_TITLES.get(sample["method"], sample["method"])
    if sample.get("threshold"):
        method += f" (threshold {sample['threshold']})"
    facts = [
        ("Criteria", f"{crit['id']} (version {crit['version']})"),
        ("Criteria sha256", crit.get("sha256") or DASH),
        ("Sample", sample["source"] or DASH),
        ("Cases scored", f"{sample['cases']:,}"),
        ("Cases rejected", f"{sample['rejected']:,}"),
        ("Scoring method", method),
        ("Method provenance", method_provenance(sample.get("method_provenance"))),
        ("Assessors", ", ".join(sample["assessors"]) or DASH),
    ]
    if sample.get("breakdowns"):
        facts.append(("Breakdowns", ", ".join(sample["breakdowns"])))
    engine = report.get("engine") or {}
    facts.append(("Made by", f"{engine.get('name', '')} {engine.get('version', '')}".strip()))
    return facts


Figures = tuple[float | None, float | None, float | None]


def _reference(entry: Mapping[str, Any]) -> tuple[Figures, str] | None:
    """A group's reference figures (lowest, average, highest) and the same in words."""
    ref = entry.get("reference")
    if not ref:
        return None
    names = ("lowest", "average", "highest")
    values: Figures = (ref.get("lowest"), ref.get("average"), ref.get("highest"))
    if all(v is None for v in values):
        return None
    words = ", ".join(
        f"{n} {pct(ref.get(f'{n}_fraction'))}" for n in names if ref.get(n) is not None
    )
    return values, words


def _bar(gid: str, entry: Mapping[str, Any], *, strong: bool) -> Bar:
    ref = _reference(entry)
    detail = (
        f"{entry['fraction']} ({num(entry['yes'])} of {num(entry['counted'])} met), "
        f"{entry['cases']} cases"
        if entry["score"] is not None
        else ""
    )
    return Bar(
        label=clip(f"{gid} {entry['title']}", 78),
        title=f"{gid} {entry['title']}",
        score=entry["score"],
        percent=entry["percent"],
        detail=detail,
        strong=strong,
        reference=None if ref is None else ref[0],
        reference_text="" if ref is None else f"reference: {ref[1]}",
    )


def charts(ids: Ids, report: Mapping[str, Any], section: str, kind: str) -> dict[str, Any]:
    """The overview chart of a section, then one chart per group with its criteria."""
    groups: Mapping[str, Any] = report[section]
    axis = _AXIS.get(report["sample"]["method"], "Score")
    overview = bar_chart(
        ids("chart", f"{kind}-all"),
        f"{HEADINGS[kind]}: sample scores",
        [_bar(gid, g, strong=True) for gid, g in groups.items()],
        axis=axis,
    )
    each: list[tuple[str, Mapping[str, Any], Chart, bool]] = []
    for gid, g in groups.items():
        parts = [(cid, c) for cid, c in report["criteria_groups"].items() if c.get(kind) == gid]
        bars = [_bar(gid, g, strong=True)] + [_bar(cid, c, strong=False) for cid, c in parts]
        title = f"{kind.capitalize()} {gid} {g['title']}"
        each.append(
            (gid, g, bar_chart(ids("chart", f"{kind}-{gid}"), title, bars, axis=axis), bool(parts))
        )
    return {
        "legend": any(_reference(g) for g in groups.values()),
        "overview": overview,
        "each": each,
    }


def _other_method(m: Mapping[str, Any] | None, display: Mapping[str, Any] | None) -> str:
    if not m or m.get("fraction") is None:
        return DASH
    text = pct(m["fraction"], display)
    if "meeting" in m:
        text += f" ({m['meeting']} \u2265 {m.get('threshold')})"
    return text


def _reference_cells(ref: Mapping[str, Any] | None) -> tuple[str, str]:
    if not ref:
        return DASH, DASH
    figures = " \u00b7 ".join(
        pct(ref.get(f"{n}_fraction")) for n in ("lowest", "average", "highest")
    )
    diff = ref.get("difference_fraction")
    if diff is None:
        return figures, DASH
    d = Fraction(diff)
    points = (percent_text(abs(d)) or "").rstrip("%")
    sign = "+" if d > 0 else "\u2212" if d < 0 else "\u00b1"
    return figures, f"{sign}{points} pp"


def group_table(report: Mapping[str, Any], section: str, kind: str) -> dict[str, Any]:
    """The columns a section's score table has, and its rows."""
    groups: Mapping[str, Any] = report[section]
    sample = report["sample"]
    method = sample["method"]
    entries = list(groups.values())
    others = list(dict.fromkeys(m for g in entries for m in g.get("methods") or {}))
    others = [
        m for m in others if m != method and any((g.get("methods") or {}).get(m) for g in entries)
    ]
    kind_of_method = (sample.get("method_provenance") or {}).get("provenance")
    rows = []
    for gid, g in groups.items():
        figures, against = _reference_cells(g.get("reference"))
        rows.append(
            {
                "id": gid,
                "g": g,
                "width": "" if g["score"] is None else f"{100 * g['score']:.1f}",
                "others": [
                    _other_method((g.get("methods") or {}).get(m), sample.get("display"))
                    for m in others
                ],
                "figures": figures,
                "against": against,
            }
        )
    return {
        "kind": kind,
        "section": section,
        "criterion": kind == "criterion",
        "tagged": kind == "criterion" and any(g.get("provenance") for g in entries),
        "banded": any(g.get("band") is not None for g in entries),
        "refs": any(_reference(g) for g in entries),
        "method_label": METHOD_TITLES.get(method, method)
        + (f", {kind_of_method}" if kind_of_method else ""),
        "others": [METHOD_TITLES.get(m, m) for m in others],
        "rows": rows,
    }


def grid(report: Mapping[str, Any]) -> list[tuple[str, Any, list[list[tuple[str, Any]]]]] | None:
    """Criteria as the grid they come from: per outcome, per stage, its criteria."""
    crit = report["criteria_groups"]
    if not crit or any(c.get("outcome") is None or c.get("stage") is None for c in crit.values()):
        return None
    return [
        (
            oid,
            o,
            [
                [(cid, c) for cid, c in crit.items() if c["outcome"] == oid and c["stage"] == sid]
                for sid in report["stages"]
            ],
        )
        for oid, o in report["outcomes"].items()
    ]
