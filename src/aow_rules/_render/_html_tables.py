"""The sample-wide tables of the HTML sample report: breakdowns by fact or assessor, the
questions, the findings by code, and the rejected cases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._html_cases import HEADINGS, SECTIONS, Ids, case_list, e, num

__all__ = ["breakdowns_section", "findings_section", "questions_table", "rejected_section"]


def _members(report: Mapping[str, Any], by: str, value: object) -> list[int]:
    out = []
    for i, c in enumerate(report["cases"]):
        have = c.get("assessor") if by == "assessor" else c["facts"].get(by)
        if have == value and type(have) is type(value):
            out.append(i)
    return out


def breakdowns_section(ids: Ids, report: Mapping[str, Any]) -> str:
    if not report["breakdowns"]:
        return "<p class='muted'>No breakdown was asked for.</p>"
    cols = [(s, gid) for s, _ in SECTIONS[:2] for gid in report[s]]
    out = []
    for b in report["breakdowns"]:
        head = (
            "<tr><th scope='col' rowspan='2'>Value</th><th scope='col' rowspan='2'>Cases</th>"
            + "".join(
                f"<th scope='colgroup' colspan='{len(report[s])}'>{HEADINGS[k]}</th>"
                for s, k in SECTIONS[:2]
                if report[s]
            )
            + "</tr><tr>"
            + "".join(
                f"<th scope='col' class='num'><abbr title='{e(report[s][gid]['title'])}'>"
                f"{e(gid)}</abbr></th>"
                for s, gid in cols
            )
            + "</tr>"
        )
        total = (
            f"<tr><th scope='row'><strong>All cases</strong></th><td>"
            f"{len(report['cases'])} cases</td>"
            + "".join(_cell(report[s][gid]) for s, gid in cols)
            + "</tr>"
        )
        rows = [total]
        for v in b["values"]:
            members = _members(report, b["by"], v["value"])
            listed = case_list(ids, report["cases"], members) if members else str(v["cases"])
            rows.append(
                f"<tr><th scope='row'>{e(v['title'])}</th><td>{listed}</td>"
                + "".join(_cell(v[s].get(gid)) for s, gid in cols)
                + "</tr>"
            )
        out.append(
            f"<h3 id='{ids('breakdown', b['by'])}'>By {e(b['title'])}</h3><div class='scroll'>"
            f"<table class='data compact'><caption>Score (n = applicable cases) for each value "
            f"of {e(b['by'])}</caption><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>"
        )
    return "".join(out)


def _cell(c: Mapping[str, Any] | None) -> str:
    if not c or c.get("percent") is None:
        return "<td class='num muted'>\u2013</td>"
    return f"<td class='num'>{e(c['percent'])}<br><span class='n'>n={c['cases']}</span></td>"


def questions_table(ids: Ids, report: Mapping[str, Any]) -> str:
    rows = []
    for qid, q in report["questions"].items():
        crit = q.get("criterion")
        where = (
            f"<a href='#{ids('criterion', crit)}'>{e(crit)}</a>"
            if crit in report["criteria_groups"]
            else e(crit or "\u2013")
        )
        statuses = ", ".join(f"{e(k.replace('_', ' '))} {n}" for k, n in q["statuses"].items())
        answers = ", ".join(f"{e(k)} {n}" for k, n in q["answers"].items())
        score = (
            "<td class='num muted'>not scored</td>"
            if not q["scored"]
            else "<td class='num muted'>\u2013</td>"
            if q["percent"] is None
            else f"<td class='num'><strong>{e(q['percent'])}</strong> <span class='n'>"
            f"{num(q['yes'])}/{q['counted']}</span></td>"
        )
        rows.append(
            f"<tr id='{ids('q', qid)}'><th scope='row'><span class='gid'>{e(qid)}</span>"
            + (" <span class='n'>key</span>" if q.get("key") else "")
            + f"</th><td>{e(q['text'])}</td><td>{where}</td>{score}"
            f"<td class='small'>{statuses}</td><td class='small nowrap'>{answers}</td></tr>"
        )
    return (
        "<div class='scroll'><table class='data compact'><thead><tr><th scope='col'>Question"
        "</th><th scope='col'>Text</th><th scope='col'>Criterion</th><th scope='col' "
        "class='num'>Met <span class='n'>yes/counted</span></th><th scope='col'>Statuses</th>"
        f"<th scope='col'>Answers</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def findings_section(ids: Ids, report: Mapping[str, Any]) -> str:
    f = report["findings"]
    head = f"<p>{f['errors']} error finding(s) and {f['warnings']} warning(s) in the cases.</p>"
    if not f["by_code"]:
        return head
    rows = []
    for code, v in f["by_code"].items():
        wanted = set(v["cases"])
        members = [i for i, c in enumerate(report["cases"]) if c["case_id"] in wanted]
        rows.append(
            f"<tr><th scope='row'><code>{e(code)}</code></th><td><span class='sev "
            f"sev-{e(v['severity'])}'>{e(v['severity'])}</span></td>"
            f"<td class='num'>{v['findings']}</td>"
            f"<td>{case_list(ids, report['cases'], members)}</td></tr>"
        )
    return (
        head + "<table class='data'><thead><tr><th scope='col'>Code</th><th scope='col'>"
        "Severity</th><th scope='col' class='num'>Findings</th><th scope='col'>Cases</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def rejected_section(report: Mapping[str, Any]) -> str:
    if not report["rejected"]:
        return "<p class='muted'>No case was rejected.</p>"
    rows = []
    for r in report["rejected"]:
        problems = "".join(
            f"<li><code>{e(p.get('code'))}</code> {e(p.get('message'))}"
            + (f" <span class='muted'>at {e(p['location'])}</span>" if p.get("location") else "")
            + (f" <span class='muted'>({e(p['suggestion'])})</span>" if p.get("suggestion") else "")
            + "</li>"
            for p in r["problems"]
        )
        rows.append(f"<tr><th scope='row'>{e(r['source'])}</th><td><ul>{problems}</ul></td></tr>")
    return (
        "<p>These cases could not be read and are not in any score.</p><table class='data'>"
        "<thead><tr><th scope='col'>Source</th><th scope='col'>Problems</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
