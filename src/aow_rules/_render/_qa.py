"""The QA report as text for a terminal, and as a self-contained HTML page (templates/qa.html;
its body, templates/_qa.html, is a section of the sample report's page too)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._pages import csp, page

__all__ = ["qa_context", "qa_html", "qa_text"]

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


def _scopes(agreement: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [("all questions", agreement["overall"])] + [
        (f"outcome {k}", v) for k, v in agreement["outcomes"].items()
    ]


def _by_question(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {e["question"]: e for e in entries}


def qa_context(titles: Mapping[str, str]) -> dict[str, Any]:
    """What templates/_qa.html needs beside the data: ``titles``, question ids to text."""
    return {
        "titles": titles,
        "coef": _coef,
        "drift": _drift_cells,
        "scopes": _scopes,
        "by_question": _by_question,
    }


def qa_html(
    data: dict[str, Any],
    *,
    titles: Mapping[str, str] | None = None,
    synthetic: bool = False,
    source: str | None = None,
) -> str:
    """The report as one self-contained HTML page (inline stylesheet, no script, no
    network): what it is about, a banner when every assessment is synthetic, each question
    with its text (``titles``: question ids to their text)."""
    crit = data["criteria"]
    sample = data["sample"]
    about = [
        ("Criteria", f"{crit['id']} (version {crit['version']})"),
        ("Criteria sha256", crit["sha256"]),
        ("Sample", source or "\u2013"),
        ("Assessments", f"{sample['assessments']:,}"),
        ("Cases", f"{sample['cases']:,}"),
        ("Double-marked cases", f"{sample['double_marked_cases']:,}"),
        ("Rejected", f"{len(sample['rejected']):,}"),
        ("Assessors", ", ".join(sample["assessors"]) or "\u2013"),
        ("Made by", f"{data['engine']['name']} {data['engine']['version']}"),
    ]
    return page(
        "qa.html",
        title=("SYNTHETIC \u00b7 " if synthetic else "") + f"Quality assurance: {crit['id']}",
        policy=csp(),
        synthetic=synthetic,
        synthetic_text="Every assessment in this sample is invented: no real person or case.",
        qa=data,
        about=about,
        **qa_context(titles or {}),
    )
