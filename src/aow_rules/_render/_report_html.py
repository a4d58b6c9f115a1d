"""The sample report (``aow-report/1``) as one self-contained HTML page: headline figures,
ratings, a bar chart per outcome and per stage, score tables with a drill-down to the cases
and to each case's explanation, breakdowns, questions, findings, rejected cases and, when
given, the quality-assurance report.

The page loads nothing: styles, charts (inline SVG) and its one small script are in it, and a
Content-Security-Policy forbids any other source. It is fully usable without the script. All
text is escaped, and the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from .._numbers import percent_text
from ._html_cases import (
    HEADINGS,
    SECTIONS,
    Ids,
    case_list,
    case_sections,
    cases_table,
    e,
    num,
    pct,
)
from ._html_inspection import inspection_header, supervision_sections
from ._html_ratings import badge, ratings_section
from ._html_style import SCRIPT, SCRIPT_HASH, STYLE
from ._html_tables import breakdowns_section, findings_section, questions_table, rejected_section
from ._qa import qa_section
from ._svg import Bar, bar_chart, clip

__all__ = ["report_html"]

_AXIS = {
    "pooled": "Share of applicable judgements met (pooled over the sample)",
    "case_mean": "Mean of the case scores",
    "cases_meeting": "Share of applicable cases meeting the threshold",
}
_METHOD_TITLES = {"pooled": "Pooled", "case_mean": "Case mean", "cases_meeting": "Cases meeting"}


def _method_words(sample: Mapping[str, Any]) -> str:
    method = str(sample["method"])
    words = {
        "pooled": "pooled: met judgements over applicable judgements, summed over all cases",
        "case_mean": "case mean: the mean of the case scores where the group applies",
        "cases_meeting": "cases meeting: the share of applicable cases whose score meets "
        f"{sample.get('threshold')}",
    }
    return words.get(method, method)


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


def _charts(ids: Ids, report: Mapping[str, Any], section: str, kind: str) -> str:
    """The overview chart of the section, then one chart per group with its criteria."""
    groups: Mapping[str, Any] = report[section]
    axis = _AXIS.get(report["sample"]["method"], "Score")
    legend = ""
    if any(_reference(g) for g in groups.values()):
        legend = (
            "<p class='legend'>Under a bar, the reference figures: \u25c7 the average, "
            "\u251c\u2500\u2524 the lowest to the highest.</p>"
        )
    overview = bar_chart(
        ids("chart", f"{kind}-all"),
        f"{HEADINGS[kind]}: sample scores",
        [_bar(gid, g, strong=True) for gid, g in groups.items()],
        axis=axis,
    )
    out = [
        f"{legend}<div class='charts'><figure data-chart='{e(kind)}-all'><h3>All "
        f"{HEADINGS[kind].lower()}</h3>{overview}<figcaption>Each sample score; the charts "
        "that follow add the criteria within each."
        "</figcaption></figure>"
    ]
    for gid, g in groups.items():
        parts = [(cid, c) for cid, c in report["criteria_groups"].items() if c.get(kind) == gid]
        bars = [_bar(gid, g, strong=True)] + [_bar(cid, c, strong=False) for cid, c in parts]
        chart = bar_chart(
            ids("chart", f"{kind}-{gid}"),
            f"{kind.capitalize()} {gid} {g['title']}",
            bars,
            axis=axis,
        )
        out.append(
            f"<figure data-chart='{e(kind)}' data-group='{e(gid)}'>"
            f"<h3>{e(gid)} {e(g['title'])}</h3>{chart}<figcaption>"
            + ("With its criteria. " if parts else "")
            + f"<a href='#{ids(kind, gid)}'>Scores and cases</a></figcaption></figure>"
        )
    out.append("</div>")
    return "".join(out)


def _group_table(ids: Ids, report: Mapping[str, Any], section: str, kind: str) -> str:
    groups: Mapping[str, Any] = report[section]
    method = report["sample"]["method"]
    entries = list(groups.values())
    banded = any(g.get("band") is not None for g in entries)
    others = list(dict.fromkeys(m for g in entries for m in g.get("methods") or {}))
    others = [
        m for m in others if m != method and any((g.get("methods") or {}).get(m) for g in entries)
    ]
    refs = any(_reference(g) for g in entries)
    head = [f"<th scope='col'>{e(kind.capitalize())}</th>"]
    tagged = kind == "criterion" and any(g.get("provenance") for g in entries)
    if kind == "criterion":
        head += ["<th scope='col'>Outcome</th>", "<th scope='col'>Stage</th>"]
    if tagged:
        head.append("<th scope='col'>Provenance</th>")
    kind_of_method = (report["sample"].get("method_provenance") or {}).get("provenance")
    method_label = _METHOD_TITLES.get(method, method) + (
        f", {kind_of_method}" if kind_of_method else ""
    )
    head += [
        f"<th scope='col' class='num'>Score <span class='n'>({e(method_label)})</span></th>",
        "<th scope='col' class='num'>Exact</th>",
        "<th scope='col' class='num'>Met / counted</th>",
        "<th scope='col'>Applies to <span class='n'>(open for cases)</span></th>",
    ]
    if banded:
        head.append("<th scope='col'>Band</th>")
    for m in others:
        head.append(f"<th scope='col' class='num'>{e(_METHOD_TITLES.get(m, m))}</th>")
    if refs:
        head += [
            "<th scope='col' class='num'>Reference <span class='n'>lowest \u00b7 average "
            "\u00b7 highest</span></th>",
            "<th scope='col' class='num'>Against average</th>",
        ]
    rows = []
    for gid, g in groups.items():
        cells = [f"<th scope='row'><span class='gid'>{e(gid)}</span>{e(g['title'])}</th>"]
        if kind == "criterion":
            cells += [
                f"<td>{_link(ids, report, 'outcome', g.get('outcome'))}</td>",
                f"<td>{_link(ids, report, 'stage', g.get('stage'))}</td>",
            ]
        if tagged:
            cells.append(_provenance_cell(g.get("provenance")))
        if g["score"] is None:
            cells.append("<td class='score num muted'>n/a</td>")
        else:
            cells.append(
                f"<td class='score num'>{e(g['percent'])}<span class='mini'>"
                f"<span style='width:{100 * g['score']:.1f}%'></span></span></td>"
            )
        cells += [
            f"<td class='num'>{e(g['fraction'] or chr(0x2013))}</td>",
            f"<td class='num'>{num(g['yes'])} / {num(g['counted'])}</td>",
            f"<td>{_applies(ids, report, section, gid)}</td>",
        ]
        if banded:
            cells.append(f"<td>{e(g.get('band') or chr(0x2013))}</td>")
        for m in others:
            other = _other_method((g.get("methods") or {}).get(m), report["sample"].get("display"))
            cells.append(f"<td class='num'>{other}</td>")
        if refs:
            cells += _reference_cells(g.get("reference"))
        rows.append(f"<tr id='{ids(kind, gid)}'>{''.join(cells)}</tr>")
    return (
        f"<div class='scroll'><table class='data'><thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _applies(ids: Ids, report: Mapping[str, Any], section: str, gid: str) -> str:
    """The cases where a group applies (a list to open), and how many it does not apply to."""
    g = report[section][gid]
    missing = g.get("not_applicable") or 0
    if not g["cases"]:
        return f"<span class='muted'>no case ({missing} not applicable)</span>"
    listed = case_list(ids, report["cases"], range(len(report["cases"])), (section, gid))
    return listed + (f"<span class='n block'>not to {missing}</span>" if missing else "")


def _link(ids: Ids, report: Mapping[str, Any], kind: str, gid: str | None) -> str:
    section = {"outcome": "outcomes", "stage": "stages"}[kind]
    if gid is None or gid not in report[section]:
        return e(gid or "\u2013")
    return f"<a href='#{ids(kind, gid)}' title='{e(report[section][gid]['title'])}'>{e(gid)}</a>"


def _provenance_cell(p: Mapping[str, Any] | None) -> str:
    if not p:
        return "<td class='muted'>\u2013</td>"
    note = f" title='{e(p['note'])}'" if p.get("note") else ""
    return f"<td><span class='prov'{note}>{e(p['provenance'])}</span></td>"


def method_provenance(p: Mapping[str, Any] | None) -> str:
    """A method's provenance, in words, for the page."""
    if not p:
        return "provenance not declared"
    return str(p["provenance"]) + (f": {p['note']}" if p.get("note") else "")


def _other_method(m: Mapping[str, Any] | None, display: Mapping[str, Any] | None) -> str:
    if not m or m.get("fraction") is None:
        return "\u2013"
    text = e(pct(m["fraction"], display))
    if "meeting" in m:
        text += f" <span class='n'>({m['meeting']} \u2265 {e(m.get('threshold'))})</span>"
    return text


def _reference_cells(ref: Mapping[str, Any] | None) -> list[str]:
    if not ref:
        return ["<td class='num muted'>\u2013</td>"] * 2
    figures = " \u00b7 ".join(
        pct(ref.get(f"{n}_fraction")) for n in ("lowest", "average", "highest")
    )
    diff = ref.get("difference_fraction")
    if diff is None:
        return [f"<td class='num'>{e(figures)}</td>", "<td class='num muted'>\u2013</td>"]
    d = Fraction(diff)
    points = (percent_text(abs(d)) or "").rstrip("%")
    sign = "+" if d > 0 else "\u2212" if d < 0 else "\u00b1"
    return [f"<td class='num'>{e(figures)}</td>", f"<td class='num'>{sign}{points} pp</td>"]


def _criteria_grid(ids: Ids, report: Mapping[str, Any]) -> str:
    """Criteria as the grid they come from: outcomes down, stages across."""
    crit = report["criteria_groups"]
    if not crit or any(c.get("outcome") is None or c.get("stage") is None for c in crit.values()):
        return ""
    head = "".join(
        f"<th scope='col'><a href='#{ids('stage', sid)}'>{e(sid)}</a><br>"
        f"<span class='n'>{e(clip(s['title'], 28))}</span></th>"
        for sid, s in report["stages"].items()
    )
    rows = []
    for oid, o in report["outcomes"].items():
        cells = []
        for sid in report["stages"]:
            here = [
                (cid, c) for cid, c in crit.items() if c["outcome"] == oid and c["stage"] == sid
            ]
            cells.append(
                "<td>"
                + "".join(
                    f"<a href='#{ids('criterion', cid)}' title='{e(c['title'])}'>"
                    f"<span class='n'>{e(cid)}</span><br><strong>{e(c['percent'] or 'n/a')}"
                    "</strong></a>"
                    for cid, c in here
                )
                + "</td>"
            )
        rows.append(
            f"<tr><th scope='row'><span class='gid'>{e(oid)}</span>{e(o['title'])}</th>"
            f"{''.join(cells)}</tr>"
        )
    return (
        "<div class='scroll'><table class='grid'><caption>Each criterion's score where its "
        "outcome (row) meets its stage (column); n/a: no applicable case</caption><thead><tr>"
        f"<td></td>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _header(report: Mapping[str, Any]) -> str:
    crit, sample = report["criteria"], report["sample"]
    banner = ""
    if sample.get("synthetic"):
        banner = (
            "<div class='synthetic' role='note'><strong>SYNTHETIC</strong>Every case in this "
            "sample is invented: no real person or case. The figures show how the criteria "
            "score; they are not inspection findings.</div>"
        )
    rejected = sample["rejected"]
    method = _METHOD_TITLES.get(sample["method"], sample["method"])
    if sample.get("threshold"):
        method += f" (threshold {sample['threshold']})"
    facts = [
        ("Criteria", f"{crit['id']} (version {crit['version']})"),
        ("Sample", sample["source"] or "\u2013"),
        ("Cases scored", str(sample["cases"])),
        ("Cases rejected", str(rejected)),
        ("Scoring method", method),
        ("Method provenance", method_provenance(sample.get("method_provenance"))),
        ("Assessors", ", ".join(sample["assessors"]) or "\u2013"),
    ]
    if sample.get("breakdowns"):
        facts.append(("Breakdowns", ", ".join(sample["breakdowns"])))
    dl = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in facts)
    return (
        f"<header>{banner}<p class='eyebrow'>Sample report \u00b7 {e(report['format'])}</p>"
        f"<h1>{e(crit['title'])}</h1><dl class='keyfacts'>{dl}</dl>{inspection_header(report)}"
        f"<p class='summary'>{e(report['summary'])}</p></header>"
    )


def _cards(ids: Ids, report: Mapping[str, Any]) -> str:
    cards = []
    ratings = report.get("ratings")
    overall = ratings.get("overall") if ratings else None
    if ratings and overall:
        rating = overall.get("rating")
        points = overall.get("points")
        cards.append(
            f"<a class='card' href='#ratings'><span class='what'>Overall rating</span>"
            f"<span class='big'>{badge(rating, ratings)}</span><span class='n'>"
            + (f"{points} of {overall['max_points']} points" if points is not None else "not rated")
            + "</span></a>"
        )
    for oid, o in report["outcomes"].items():
        n = f"{o['cases']} case{'s' if o['cases'] != 1 else ''}"
        ref = o.get("reference") or {}
        if ref.get("average") is not None:
            n += f"; average elsewhere {pct(ref.get('average_fraction'))}"
        cards.append(
            f"<a class='card' href='#{ids('outcome', oid)}'><span class='big'>"
            f"{e(o['percent'] or 'n/a')}</span><span class='what'>{e(o['title'])}</span>"
            f"<span class='n'>{e(n)}</span></a>"
        )
    return f"<div class='cards'>{''.join(cards)}</div>"


def report_html(
    report: dict[str, Any], details: Sequence[dict[str, Any]], qa: dict[str, Any] | None = None
) -> str:
    """The report as one self-contained HTML page.

    ``report`` is ``SampleReport.to_dict()``; ``details`` is ``SampleReport.case_details()``
    (one entry per case, in the same order); ``qa``, a QA report's ``to_dict()``, adds a
    "Quality assurance" section. Raises ValueError when ``details`` does not match the cases.
    """
    cases = report["cases"]
    if len(details) != len(cases) or any(
        d.get("case_id") != c["case_id"] for d, c in zip(details, cases, strict=True)
    ):
        raise ValueError("details must hold one entry per case of the report, in its order")
    ids = Ids()
    synthetic = bool(report["sample"].get("synthetic"))
    sections: list[tuple[str, str, str]] = []
    if report.get("ratings"):
        sections.append(("ratings", "Ratings", ratings_section(ids, report)))
    method = report["sample"]["method"]
    intro = (
        f"<p>Scores are {e(_method_words(report['sample']))}. "
        "Open \u201ccases\u201d in a row to see each case's score, and follow a case to its "
        "explanation.</p>"
    )
    if report.get("reference"):
        ref = report["reference"]
        intro += (
            f"<p class='muted'>Reference figures: {e(ref['title'])}"
            + (f". {e(ref['note'])}" if ref.get("note") else "")
            + f" <span class='n'>({e(ref['source'])})</span></p>"
        )
    for section, kind in SECTIONS[:2]:
        if report[section]:
            body = (
                intro
                + _charts(ids, report, section, kind)
                + _group_table(ids, report, section, kind)
            )
            sections.append((f"{kind}s", HEADINGS[kind], body))
    if report["criteria_groups"]:
        body = _criteria_grid(ids, report) + _group_table(
            ids, report, "criteria_groups", "criterion"
        )
        sections.append(("criteria", "Criteria", body))
    sections += [
        ("breakdowns", "Breakdowns", breakdowns_section(ids, report)),
        *supervision_sections(report),
        ("questions", "Questions", questions_table(ids, report)),
        ("findings", "Findings", findings_section(ids, report)),
        ("rejected", f"Rejected cases ({len(report['rejected'])})", rejected_section(report)),
        (
            "cases",
            f"Cases ({len(cases)})",
            cases_table(ids, report) + case_sections(ids, report, details)
            if cases or not report["sample"]["cases"]
            else f"<p class='muted'>The case list is left out: {report['sample']['cases']:,} "
            "cases are more than a page lists by default (case_list=True, or --case-list on "
            "the command line, lists them).</p>",
        ),
    ]
    if qa is not None:
        qc = qa["criteria"]
        body = (
            f"<p class='muted'>Criteria {e(qc['id'])} version {e(qc['version'])}.</p>"
            f"<p class='summary'>{e(qa['summary'])}</p>{qa_section(qa, level=3, fold=True)}"
        )
        sections.append(("qa", "Quality assurance", body))
    nav = "".join(f"<a href='#{sid}'>{e(title)}</a>" for sid, title, _ in sections)
    body = "".join(
        f"<section id='{sid}'><h2>{e(title)}</h2>{content}</section>"
        for sid, title, content in sections
    )
    crit = report["criteria"]
    engine = report.get("engine") or {}
    title = ("SYNTHETIC \u00b7 " if synthetic else "") + (
        f"Sample report: {crit['id']}, {len(cases)} cases"
    )
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src '{SCRIPT_HASH}'; img-src data:; form-action 'none'; base-uri 'none'"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body><div class='page'>"
        f"{_header(report)}<nav class='toc' aria-label='Sections'>{nav}</nav>"
        f"<main>{_cards(ids, report)}{body}</main><footer>"
        + ("<strong>SYNTHETIC sample.</strong> " if synthetic else "")
        + f"{e(report['format'])} from {e(engine.get('name', ''))} "
        f"{e(engine.get('version', ''))}; criteria {e(crit['id'])} sha256 "
        f"<code>{e(crit.get('sha256', ''))}</code>; method {e(method)}.</footer></div>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
