"""The ratings part of the HTML sample report (2018-style frameworks): the overall rating with
its points and bands, a chart of the key questions against the rating levels, and each
standard with its key questions, the lowest marked, computed against final ratings with the
reasons for any override."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._html_cases import Ids, e
from ._svg import Bar, Guide, bar_chart, clip

__all__ = ["badge", "ratings_section"]


def _share(fraction: str | None) -> str:
    """A fraction as an exact percentage: "80%", "66.67%" (two places at most)."""
    if fraction is None:
        return "\u2013"
    value = Fraction(fraction) * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def badge(label: str | None, ratings: Mapping[str, Any]) -> str:
    """A rating as a labelled badge; its colour follows the level's rank (best first)."""
    if label is None:
        return "<span class='rating none'>not rated</span>"
    labels = [level["label"] for level in ratings["levels"]]
    if label not in labels:
        return f"<span class='rating none'>{e(label)}</span>"
    rank = labels.index(label)
    scaled = round(3 * rank / (len(labels) - 1)) if len(labels) > 1 else 0
    return f"<span class='rating lvl-{scaled}'>{e(label)}</span>"


def _method(ratings: Mapping[str, Any]) -> str:
    method = ratings["method"]
    if method == "cases_meeting":
        how = f"the share of applicable cases whose case score meets {e(ratings.get('threshold'))}"
    elif method == "case_mean":
        how = "the mean of the applicable case scores"
    else:
        how = "the share of applicable judgements met, pooled over the sample"
    rounding = ratings.get("rounding")
    if rounding:
        rounded = (
            f"rounded to {rounding['places']} decimal place(s) of a percentage "
            f"({e(rounding['mode'].replace('_', ' '))}) before it is rated"
        )
    else:
        rounded = "not rounded before it is rated"
    return (
        f"<p>A key question's score is {how}; it is {rounded}. A standard takes the rating of "
        "its lowest key question, unless the inspection panel rates it (or overrides the "
        "computed rating, with a reason). Points are summed over the standards for the overall "
        f"rating.</p><p class='muted small'>Provenance of this method: {e(_words(ratings))}</p>"
    )


def _words(ratings: Mapping[str, Any]) -> str:
    p = ratings.get("method_provenance")
    if not p:
        return "not declared"
    return str(p["provenance"]) + (f": {p['note']}" if p.get("note") else "")


def _levels(ratings: Mapping[str, Any]) -> str:
    items = "".join(
        f"<li>{badge(v['label'], ratings)} from {e(_share(v['min']))} \u00b7 "
        f"{v['points']} point{'s' if v['points'] != 1 else ''}"
        + (
            f" <span class='n'>({e(v['provenance']['provenance'])})</span>"
            if v.get("provenance")
            else ""
        )
        + "</li>"
        for v in ratings["levels"]
    )
    return (
        f"<p class='muted small'>Rating levels of a key question</p><ol class='bands'>{items}</ol>"
    )


def _overall(ratings: Mapping[str, Any]) -> str:
    o = ratings.get("overall")
    if not o:
        return ""
    bands = sorted(o["bands"], key=lambda b: -b["min"])
    items = []
    top = o["max_points"]
    for b in bands:
        items.append(f"<li>{badge(b['label'], ratings)} {b['min']}\u2013{top}</li>")
        top = b["min"] - 1
    notes = []
    if o.get("override"):
        ov = o["override"]
        notes.append(
            f"Overridden by the panel from {e(o.get('computed') or 'no computed rating')} to "
            f"{e(ov['rating'])}: {e(ov['reason'])}"
        )
    if o.get("unrated"):
        notes.append(f"Not rated: standards {e(', '.join(o['unrated']))}.")
    points = (
        f"{o['points']} of {o['max_points']} points"
        if o.get("points") is not None
        else f"no points total (of {o['max_points']})"
    )
    return (
        f"<div class='overall'><div class='big'><span class='muted small'>Overall rating</span>"
        f"<br>{badge(o.get('rating'), ratings)}</div><div class='pts'>{e(points)}</div><div>"
        f"<span class='muted small'>Bands of the points total</span><ol class='bands'>"
        f"{''.join(items)}</ol></div>"
        + "".join(f"<p class='small'>{n}</p>" for n in notes)
        + "</div>"
    )


def _chart(ids: Ids, ratings: Mapping[str, Any]) -> str:
    bars = []
    for s in ratings["standards"]:
        for k in s["key_questions"]:
            lowest = s.get("lowest") == k["id"]
            bars.append(
                Bar(
                    label=clip(f"{k['id']} {k['title']}", 78),
                    title=f"{k['id']} {k['title']}",
                    score=k["score"],
                    percent=k["percent"],
                    detail=f"{k.get('meeting', '?')} of {k['cases']} cases; "
                    f"{k.get('rating') or 'not rated'}",
                    strong=lowest,
                    mark="lowest" if lowest else "",
                )
            )
    if not bars:
        return ""
    guides = [
        Guide(v["label"], float(Fraction(v["min"])))
        for v in ratings["levels"]
        if Fraction(v["min"]) > 0
    ]
    chart = bar_chart(
        ids("chart", "key-questions"),
        "Key questions against the rating levels",
        bars,
        axis="Share of applicable cases judged sufficient",
        guides=guides,
    )
    return (
        f"<figure data-chart='ratings'>{chart}<figcaption>Each key question's score; dashed "
        "lines mark where each rating level starts; the darker bar, marked \u201clowest\u201d, is "
        "the lowest key question of its standard, which sets the standard's rating."
        "</figcaption></figure>"
    )


def _standard_note(s: Mapping[str, Any]) -> str:
    notes = []
    if s["rated_by"] == "recorded":
        notes.append("Rated by the inspection panel.")
        if s.get("recorded"):
            notes.append(f"Reason: {e(s['recorded']['reason'])}")
    else:
        notes.append(
            "Rated by its lowest key question"
            + (f" ({e(s['lowest'])})." if s.get("lowest") else ".")
        )
    if s.get("override"):
        notes.append(
            f"<strong>Override</strong> from {e(s.get('computed') or 'no computed rating')} "
            f"to {e(s['override']['rating'])}: {e(s['override']['reason'])}"
        )
    if s.get("unrated_reason"):
        notes.append(f"Not rated: {e(s['unrated_reason'])}.")
    return " ".join(notes)


def _table(ids: Ids, report: Mapping[str, Any], ratings: Mapping[str, Any]) -> str:
    rounding = bool(ratings.get("rounding"))
    bodies = []
    for s in ratings["standards"]:
        computed = ""
        if s.get("override") and s.get("computed"):
            computed = f" <span class='n'>computed: {e(s['computed'])}</span>"
        rows = [
            f"<tr id='{ids('standard', s['id'])}'><th scope='rowgroup'><span class='gid'>"
            f"{e(s['id'])}</span><strong>{e(s['title'])}</strong></th><td></td><td></td>"
            + ("<td></td>" if rounding else "")
            + f"<td>{badge(s.get('rating'), ratings)}{computed}</td>"
            f"<td class='num'>{'' if s.get('points') is None else s['points']}</td>"
            f"<td class='small'>{_standard_note(s)}</td></tr>"
        ]
        for k in s["key_questions"]:
            kid = k["id"]
            name = (
                f"<a href='#{ids('criterion', kid)}'>{e(kid)}</a>"
                if kid in report["criteria_groups"]
                else e(kid)
            )
            lowest = (
                "<span class='lowest'>\u25bc lowest: sets the rating</span>"
                if s.get("lowest") == kid
                else ""
            )
            meeting = k.get("meeting")
            rows.append(
                f"<tr><th scope='row'>{name} {e(k['title'])}</th>"
                f"<td class='num'><strong>{e(k['percent'] or chr(0x2013))}</strong></td>"
                f"<td class='num'>{'' if meeting is None else f'{meeting} of '}{k['cases']}</td>"
                + (f"<td class='num'>{e(_share(k.get('rounded')))}</td>" if rounding else "")
                + f"<td>{badge(k.get('rating'), ratings) if k['score'] is not None else ''}</td>"
                f"<td></td><td class='small'>{lowest}</td></tr>"
            )
        bodies.append(f"<tbody class='standard'>{''.join(rows)}</tbody>")
    return (
        "<div class='scroll'><table class='data'><thead><tr><th scope='col'>Standard and key "
        "questions</th><th scope='col' class='num'>Score</th><th scope='col' class='num'>Cases "
        "meeting</th>"
        + ("<th scope='col' class='num'>Rounded</th>" if rounding else "")
        + "<th scope='col'>Rating</th><th scope='col' class='num'>Points</th><th scope='col'>"
        f"How rated</th></tr></thead>{''.join(bodies)}</table></div>"
    )


def ratings_section(ids: Ids, report: Mapping[str, Any]) -> str:
    """The ratings section's content (``report["ratings"]`` must not be None)."""
    ratings: Mapping[str, Any] = report["ratings"]
    recorded = ratings.get("recorded_from")
    source = (
        f"<p class='muted small'>Panel ratings and overrides read from {e(recorded)}.</p>"
        if recorded
        else ""
    )
    return (
        _overall(ratings)
        + _method(ratings)
        + _levels(ratings)
        + source
        + _chart(ids, ratings)
        + _table(ids, report, ratings)
    )
