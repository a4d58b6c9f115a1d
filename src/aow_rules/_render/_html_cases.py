"""The drill-down part of the HTML sample report: anchors, the list of cases behind a score,
and one collapsible section per case that explains its scores.

Markup repeated for every case and question leaves attribute values unquoted where HTML allows
it (anchor ids are slugs) to keep a page of 60 cases small.

Each case's explanation is rendered once, its questions grouped by criterion; lists of cases
behind a score only link to it. Case ids may repeat in a sample (a double-marked case), so a
case's anchor is made from its position as well as its id.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .._numbers import PercentMode, percent_text
from ._svg import clip

__all__ = [
    "HEADINGS",
    "SECTIONS",
    "Ids",
    "case_list",
    "case_sections",
    "cases_table",
    "e",
    "num",
    "pct",
]

# (report key, singular noun used in anchors and headings)
SECTIONS = (("outcomes", "outcome"), ("stages", "stage"), ("criteria_groups", "criterion"))
HEADINGS = {"outcome": "Outcomes", "stage": "Stages (report sections)", "criterion": "Criteria"}

_STATUS_WORDS = {
    "counted": "counted",
    "answered_na": "answered n/a: not counted",
    "not_applicable": "does not apply",
    "unanswered": "no answer",
    "unscored": "not scored",
    "condition_error": "condition error",
}


def e(value: object) -> str:
    """Text escaped for HTML content and attribute values."""
    return html.escape(str(value))


class Ids:
    """Unique, readable anchor ids, the same for the same (kind, name) within one page."""

    def __init__(self) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def __call__(self, kind: str, name: str) -> str:
        key = (kind, name)
        found = self._given.get(key)
        if found is not None:
            return found
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        base = f"{kind}-{slug}" if slug else kind
        anchor, n = base, 1
        while anchor in self._used:
            n += 1
            anchor = f"{base}-{n}"
        self._used.add(anchor)
        self._given[key] = anchor
        return anchor

    def case(self, index: int) -> str:
        # Short: a page links to each case from many lists. The id is in the case's summary.
        return self("case", str(index + 1))


def num(value: object) -> str:
    """A JSON number for reading: whole numbers without a point, others to two places."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def pct(fraction: str | None, display: Mapping[str, Any] | None = None) -> str:
    """The percentage of an exact ``"p/q"`` text, as the report's ``display`` says (default:
    whole, half up), or an en dash."""
    if fraction is None:
        return "\u2013"
    if display is None:
        return percent_text(Fraction(fraction)) or ""
    return percent_text(Fraction(fraction), display["places"], _MODES[display["mode"]]) or ""


_MODES: dict[str, PercentMode] = {"half_up": "half_up", "half_even": "half_even", "down": "down"}


def _fraction(score: Mapping[str, Any] | None) -> str | None:
    return None if score is None else str(score["fraction"])


def met(score: Mapping[str, Any] | None) -> str:
    """A case's group score as read: ``2 of 8 (25%)``, or not applicable."""
    if score is None:
        return "not applicable"
    return f"{num(score['yes'])} of {num(score['counted'])} ({pct(score['fraction'])})"


def case_list(
    ids: Ids,
    cases: Sequence[Mapping[str, Any]],
    members: Iterable[int],
    show: tuple[str, str] | None = None,
) -> str:
    """A collapsible list of links to the cases at ``members`` (indexes into ``cases``). With
    ``show`` = (section, group id): only the cases where that group applies, each with its
    case score, lowest first."""
    chosen = list(members)
    scores: dict[int, str | None] = {}
    if show is not None:
        section, gid = show
        scores = {i: _fraction(cases[i][section].get(gid)) for i in chosen}
        chosen = [i for i in chosen if scores[i] is not None]
        chosen.sort(key=lambda i: (Fraction(scores[i] or "0"), i))
    if not chosen:
        return "<span class='muted'>none</span>"
    items = "".join(
        f"<li><a href=#{ids.case(i)}>{e(cases[i]['case_id'])}</a>"
        + (f" {e(met(cases[i][show[0]].get(show[1])))}" if show is not None else "")
        + "</li>"
        for i in chosen
    )
    order = ", lowest first" if show is not None else ""
    n = len(chosen)
    note = f"<p class='muted small'>Case score{order}</p>" if show is not None else ""
    return (
        f"<details class='drill'><summary>{n} case{'s' if n != 1 else ''}</summary>"
        f"{note}<ol class='caselist'>{items}</ol></details>"
    )


def cases_table(ids: Ids, report: Mapping[str, Any]) -> str:
    """One row per case: its id (a link to its explanation), assessor, breakdown facts,
    outcome scores and finding counts."""
    cases = report["cases"]
    outcomes = list(report["outcomes"])
    facts = [b["by"] for b in report["breakdowns"] if b["by"] != "assessor"]
    head = (
        "<tr><th scope='col'>#</th><th scope='col'>Case</th><th scope='col'>Assessor</th>"
        + "".join(f"<th scope='col'>{e(f)}</th>" for f in facts)
        + "".join(
            f"<th scope='col' class='num'><abbr title='{e(report['outcomes'][o]['title'])}'>"
            f"{e(o)}</abbr></th>"
            for o in outcomes
        )
        + "<th scope='col' class='num'>Errors</th><th scope='col' class='num'>Warnings</th></tr>"
    )
    rows = []
    for i, c in enumerate(cases):
        cells = "".join(f"<td>{e(_fact(c['facts'].get(f)))}</td>" for f in facts)
        scores = "".join(
            f"<td class='num'>{e(c['outcomes'].get(o) or chr(0x2013))}</td>" for o in outcomes
        )
        found = c["findings"]
        rows.append(
            f"<tr><td class='num'>{i + 1}</td><td><a href='#{ids.case(i)}'>"
            f"{e(c['case_id'])}</a></td><td>{e(c.get('assessor') or '')}</td>{cells}{scores}"
            f"<td class='num{' bad' if found['errors'] else ''}'>{found['errors']}</td>"
            f"<td class='num'>{found['warnings']}</td></tr>"
        )
    return (
        "<div class='scroll'><table class='data compact'><caption>Cases scored, with their "
        "exact outcome scores; open a case for its explanation</caption><thead>"
        f"{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _fact(value: object) -> str:
    if value is None:
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _read(read: Mapping[str, Any]) -> str:
    return ", ".join(
        f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in read.items()
    )


def _qlink(ids: Ids, known: Mapping[str, Any], qid: str) -> str:
    return f"<a href='#{ids('q', qid)}'>{e(qid)}</a>" if qid in known else e(qid)


def _why(q: Mapping[str, Any], previous: Mapping[str, Any] | None) -> str:
    status = q.get("status", "")
    why = e(_STATUS_WORDS.get(status, status))
    if status == "not_applicable":
        same = (
            previous is not None
            and previous.get("status") == status
            and previous.get("condition") == q.get("condition")
            and previous.get("read") == q.get("read")
        )
        if same:
            why += " <i>(same condition and values as above)</i>"
        else:
            condition = str(q.get("condition", ""))
            read: Mapping[str, Any] = q.get("read") or {}
            if list(read) == [condition]:
                # The condition is one fact: its value says it all.
                why += f": <code>{e(_read(read))}</code>"
            else:
                why += f": <code>{e(condition)}</code>"
                if read:
                    why += f" <i>read {e(_read(read))}</i>"
        if q.get("answer") is not None:
            why += " <span class='warn'>(an answer was given: kept, not counted)</span>"
    elif status == "condition_error":
        why += f": <code>{e(q.get('condition', ''))}</code> {e(q.get('error', ''))}"
    return why


def _question_rows(qids: Sequence[str], asked: Mapping[str, Any]) -> str:
    """One row per question; unscored context items (answers only) share one row."""
    rows = []
    context = []
    previous = None
    for qid in qids:
        q = asked[qid]
        status = q.get("status", "")
        answer = q.get("answer")
        if status == "unscored":
            context.append(f"{e(qid)}: {e(chr(0x2013) if answer is None else answer)}")
            continue
        credit = q.get("credit")
        rows.append(
            f"<tr{'' if status == 'counted' else f' class=st-{e(status)}'}><td>{e(qid)}</td>"
            f"<td>{e('' if answer is None else answer)}</td>"
            f"<td>{e('' if credit is None else credit)}</td><td>{_why(q, previous)}</td></tr>"
        )
        previous = q
    if context:
        rows.append(
            "<tr class=st-unscored><td colspan=4>Not scored: "
            + " \u00b7 ".join(context)
            + "</td></tr>"
        )
    return "".join(rows)


def _case_questions(
    ids: Ids, report: Mapping[str, Any], case: Mapping[str, Any], detail: Mapping[str, Any]
) -> str:
    asked: dict[str, Any] = detail.get("questions", {})
    groups = report["criteria_groups"]
    by_criterion: dict[str | None, list[str]] = {}
    order = [q for q in report["questions"] if q in asked]
    order += [q for q in asked if q not in report["questions"]]
    for qid in order:
        crit = report["questions"].get(qid, {}).get("criterion")
        by_criterion.setdefault(crit if crit in groups else None, []).append(qid)
    bodies = []
    for gid in [*groups, None]:
        members = by_criterion.get(gid)
        if not members:
            continue
        if gid is None:
            head = "Other questions"
        else:
            shown = met(case["criteria_groups"].get(gid))
            head = (
                f"<a href=#{ids('criterion', gid)}>{e(gid)}</a> "
                f"{e(clip(groups[gid]['title'], 48))} <i>score {e(shown)}</i>"
            )
        rows = _question_rows(members, asked)
        bodies.append(f"<tbody><tr><th colspan=4 scope=rowgroup>{head}</th></tr>{rows}</tbody>")
    return (
        "<table class='data compact questions'><thead><tr><th scope='col'>Question</th>"
        "<th scope='col'>Answer</th><th scope='col' class='num'>Credit</th>"
        f"<th scope='col'>Status</th></tr></thead>{''.join(bodies)}</table>"
    )


def _case_scores(ids: Ids, report: Mapping[str, Any], case: Mapping[str, Any]) -> str:
    rows = []
    for section, kind in SECTIONS[:2]:
        cells = "".join(
            f"<td><a href=#{ids(kind, gid)}>{e(gid)}</a> {e(met(score))}</td>"
            for gid, score in case[section].items()
        )
        rows.append(f"<tr><th scope='row'>{e(kind.capitalize())}s</th>{cells}</tr>")
    return f"<table class='scores'>{''.join(rows)}</table>"


def _case_findings(
    ids: Ids, known: Mapping[str, Any], findings: Sequence[Mapping[str, Any]]
) -> str:
    if not findings:
        return "<p class='muted'>No findings.</p>"
    items = []
    for f in findings:
        sev = str(f.get("severity", ""))
        where = ""
        if f.get("question"):
            where = " " + _qlink(ids, known, f["question"])
        items.append(
            f"<li><span class='sev sev-{e(sev)}'>{e(sev)}</span> <code>{e(f.get('code', ''))}"
            f"</code>{where}: {e(f.get('message', ''))}</li>"
        )
    return f"<ul class='findings'>{''.join(items)}</ul>"


def case_sections(ids: Ids, report: Mapping[str, Any], details: Sequence[Mapping[str, Any]]) -> str:
    """One ``<details id="case-...">`` per case: summary, findings, scores, and every question
    with its status, answer and credit, and, where it does not apply, the condition and the
    values it read."""
    out = []
    for i, (case, detail) in enumerate(zip(report["cases"], details, strict=True)):
        found = case["findings"]
        counts = []
        if found["errors"]:
            counts.append(f"{found['errors']} error{'s' if found['errors'] != 1 else ''}")
        if found["warnings"]:
            counts.append(f"{found['warnings']} warning{'s' if found['warnings'] != 1 else ''}")
        facts = "".join(
            f"<dt>{e(name)}</dt><dd>{e(_fact(value))}</dd>" for name, value in case["facts"].items()
        )
        out.append(
            f"<details class='case' id='{ids.case(i)}'><summary>"
            f"<span class='case-id'>{e(case['case_id'])}</span> "
            f"<span class='muted'>{e(case.get('assessor') or 'no assessor')}"
            + (f" \u00b7 {e(case['source'])}" if case.get("source") else "")
            + "</span>"
            + (f" <span class='warn'>{e(', '.join(counts))}</span>" if counts else "")
            + "</summary><div class='case-body'>"
            f"<p>{e(detail.get('summary', ''))}</p>"
            f"<dl class='facts'><dt>assessor</dt><dd>{e(case.get('assessor') or '-')}</dd>"
            + (f"<dt>source</dt><dd>{e(case['source'])}</dd>" if case.get("source") else "")
            + f"{facts}</dl>"
            f"{_case_scores(ids, report, case)}"
            "<h4>Findings</h4>"
            f"{_case_findings(ids, report['questions'], detail.get('findings', []))}"
            f"<h4>Questions</h4>{_case_questions(ids, report, case, detail)}"
            "</div></details>"
        )
    return "".join(out)
