"""The QA report as text for a terminal, as a self-contained HTML page, and as a section of
another page (the sample report's)."""

from __future__ import annotations

import html
from typing import Any

__all__ = ["qa_html", "qa_section", "qa_text"]

_NAMES = {
    "raw_agreement": "raw agreement",
    "cohen_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
    "gwet_ac1": "Gwet's AC1",
}
_HANDLING_TITLES = {
    "applicability": "applicability (na vs answered)",
    "answered": "answer, where both answered",
    "na_category": "na as a category",
}


def _coef(c: dict[str, Any]) -> str:
    if c["value"] is None:
        return f"undefined: {c['undefined']}"
    band = f" ({c['band']})" if c["band"] else ""
    return f"{c['value']:.3f}{band}"


def _drift_cells(row: dict[str, Any]) -> tuple[str, str, str]:
    """The assessor's rate, the rest's rate and z, as shown."""
    rate = "-" if row["rate"] is None else f"{row['rate']:.3f}"
    rest = "-" if row["rest_rate"] is None else f"{row['rest_rate']:.3f}"
    z = "-" if row["z"] is None else f"{row['z']:+.2f}"
    return rate, rest, z


def _answer_pairs(d: dict[str, Any]) -> list[str]:
    a, b = d["because"]
    by_q = {e["question"]: e for e in b}
    lines = []
    for ea in a:
        q = ea["question"]
        if q not in d["questions_differing"]:
            continue
        eb = by_q[q]

        def show(e: dict[str, Any]) -> str:
            return f"{e.get('answer', '-')} ({e['status']})"

        lines.append(f"      {q:<10} {show(ea):<28} {show(eb)}")
    return lines


def qa_text(data: dict[str, Any]) -> str:
    """The report for people reading a terminal."""
    out = [f"QA of {data['criteria']['id']} version {data['criteria']['version']}", ""]
    out += [data["summary"], ""]
    sample = data["sample"]
    for r in sample["rejected"]:
        for p in r["problems"]:
            out.append(f"  rejected {r['source']}: {p['code']}: {p['message']}")
    ident = data["identity"]
    for ids in ident["near_duplicates"]:
        out.append(f"  near-duplicate case ids, not paired: {', '.join(repr(i) for i in ids)}")
    for rep in ident["repeated_assessments"]:
        out.append(
            f"  {rep['assessor']} assessed {rep['case_id']} more than once: "
            f"{', '.join(rep['sources'])} (the first is used for agreement)"
        )
    for src in ident["unattributed"]:
        out.append(f"  no assessor: {src} (left out of agreement and drift)")
    out += ["", "Findings within assessments (by code)"]
    by_code = data["findings"]["by_code"]
    out += [f"  {code:<36} {n}" for code, n in by_code.items()] or ["  none"]
    agreement = data["agreement"]
    out += ["", "Agreement between assessors (double-marked cases)"]
    for scope, block in [("all questions", agreement["overall"])] + [
        (f"outcome {k}", v) for k, v in agreement["outcomes"].items()
    ]:
        out.append(f"  {scope}")
        for handling, title in _HANDLING_TITLES.items():
            b = block[handling]
            coefs = "; ".join(
                f"{_NAMES[c['name']]} {_coef(c)}"
                for c in b["coefficients"]
                if c["name"] != "cohen_kappa"
            )
            out.append(f"    {title}: {b['items']} items, {b['cases']} cases: {coefs}")
    if agreement["cohen_pairs"]:
        out += ["", "Cohen's kappa per pair of assessors (na as a category)"]
        for row in agreement["cohen_pairs"]:
            a, b = row["assessors"]
            out.append(f"  {a} / {b}: {row['cases']} cases: {_coef(row['na_category'])}")
    out += ["", "Disagreements that change an outcome's score"]
    if not data["disagreements"]:
        out.append("  none")
    for d in data["disagreements"]:
        a, b = d["assessors"]
        out.append(
            f"  {d['case_id']} {d['outcome']}: {a} {d['fractions'][0]} vs {b} {d['fractions'][1]}"
        )
        out.append(f"      {'question':<10} {a:<28} {b}")
        out += _answer_pairs(d)
    out += ["", "Assessor drift", f"  method: {data['drift']['method']}"]
    for row in data["drift"]["rows"]:
        mark = "FLAGGED" if row["flagged"] else ""
        rate, rest, z = _drift_cells(row)
        out.append(
            f"  {row['assessor']:<10} {row['outcome']:<4} {rate} over {row['counted']}"
            f" vs {rest} over {row['rest_counted']}  z {z} {mark}".rstrip()
        )
    return "\n".join(out) + "\n"


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}.flag{color:#a00;font-weight:bold}
.muted{color:#666}.summary{background:#f7f7f2;padding:.75rem;border-left:4px solid #888}
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _h(level: int, text: str) -> str:
    return f"<h{level}>{text}</h{level}>"


def qa_section(data: dict[str, Any], *, level: int = 2, fold: bool = False) -> str:
    """The body of the QA report as HTML, to place inside a page: its headings start at
    ``<h{level}>`` (subheadings one level down); it uses the classes ``flag``, ``muted``.
    With ``fold``, each disagreement's table is folded into a ``<details>`` under its heading
    (for a page where QA is one section among many)."""
    sub = level + 1
    parts = [
        _h(level, "Agreement between assessors")
        + "<table><tr><th>scope</th><th>handling of na</th><th>items</th><th>cases</th>"
        + "".join(f"<th>{_e(n)}</th>" for k, n in _NAMES.items() if k != "cohen_kappa")
        + "</tr>",
    ]
    agreement = data["agreement"]
    scopes = [("all questions", agreement["overall"])] + [
        (f"outcome {k}", v) for k, v in agreement["outcomes"].items()
    ]
    for scope, block in scopes:
        for handling, title in _HANDLING_TITLES.items():
            b = block[handling]
            cells = "".join(
                f"<td>{_e(_coef(c))}</td>" for c in b["coefficients"] if c["name"] != "cohen_kappa"
            )
            parts.append(
                f"<tr><td>{_e(scope)}</td><td>{_e(title)}</td><td>{b['items']}</td>"
                f"<td>{b['cases']}</td>{cells}</tr>"
            )
    parts.append("</table>")
    parts.append(_h(level, "Disagreements that change an outcome's score"))
    if not data["disagreements"]:
        parts.append("<p class='muted'>None.</p>")
    for d in data["disagreements"]:
        a, b = d["assessors"]
        heading = (
            f"{_e(d['case_id'])}, {_e(d['outcome'])}: {_e(a)} {_e(d['fractions'][0])}"
            f" against {_e(b)} {_e(d['fractions'][1])}"
        )
        if fold:
            n = len(d["questions_differing"])
            parts.append(
                f"<details class='disagreement'><summary>{heading} <span class='muted'>"
                f"({n} question{'s differ' if n != 1 else ' differs'})</span></summary>"
            )
        else:
            parts.append(_h(sub, heading))
        parts.append(f"<table><tr><th>question</th><th>{_e(a)}</th><th>{_e(b)}</th></tr>")
        by_q = {e["question"]: e for e in d["because"][1]}
        for ea in d["because"][0]:
            eb = by_q[ea["question"]]
            cls = " class='flag'" if ea["question"] in d["questions_differing"] else ""
            parts.append(
                f"<tr{cls}><td>{_e(ea['question'])}</td>"
                f"<td>{_e(ea.get('answer', '-'))} ({_e(ea['status'])})</td>"
                f"<td>{_e(eb.get('answer', '-'))} ({_e(eb['status'])})</td></tr>"
            )
        parts.append("</table></details>" if fold else "</table>")
    parts.append(_h(level, "Assessor drift"))
    parts.append(
        f"<p class='muted'>{_e(data['drift']['method'])}</p><table><tr><th>assessor</th>"
        "<th>outcome</th><th>rate</th><th>counted</th><th>rest</th><th>rest counted</th>"
        "<th>z</th><th></th></tr>"
    )
    for row in data["drift"]["rows"]:
        rate, rest, z = _drift_cells(row)
        flag = (
            "<td class='flag'>flagged</td>"
            if row["flagged"]
            else (f"<td class='muted'>{_e(row['note'] or '')}</td>")
        )
        parts.append(
            f"<tr><td>{_e(row['assessor'])}</td><td>{_e(row['outcome'])}</td>"
            f"<td>{rate}</td><td>{row['counted']}</td><td>{rest}</td>"
            f"<td>{row['rest_counted']}</td><td>{z}</td>{flag}</tr>"
        )
    parts.append(
        "</table>"
        + _h(level, "Findings within assessments")
        + "<table><tr><th>code</th><th>count</th></tr>"
    )
    for code, n in data["findings"]["by_code"].items():
        parts.append(f"<tr><td>{_e(code)}</td><td>{n}</td></tr>")
    parts.append("</table>")
    ident = data["identity"]
    parts.append(_h(level, "Case identity") + f"<p>{_e(ident['normalisation'])}.</p><ul>")
    for ids in ident["near_duplicates"]:
        parts.append(f"<li>Near-duplicate ids, not paired: {_e(', '.join(ids))}</li>")
    parts.append("</ul>")
    return "".join(parts)


def qa_html(data: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (inline styles, no scripts, no network)."""
    crit = data["criteria"]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>QA: {_e(crit['id'])}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Quality assurance: {_e(crit['id'])} version {_e(crit['version'])}</h1>"
        f"<p class='summary'>{_e(data['summary'])}</p>" + qa_section(data) + "</body></html>\n"
    )
