"""The sample report (``aow-report/1``) as one self-contained HTML page, from the template
set of `_html` (templates/report.html): what it is about, headline figures, ratings, a bar
chart per outcome and per stage, score tables, breakdowns, questions, findings, rejected
cases, the cases and, when given, the quality-assurance report.

The page loads nothing: its stylesheet, charts (inline SVG), its one script and its data are
in it, and a Content-Security-Policy forbids any other source. Everything but the case list
shows without the script. The cases are compact data (`_case_data`) that the script lists a
page at a time (searchable, filtered by group and score, breakdown value and status) and
explains on demand, so the page is the same size whatever the sample, plus about 0.3 KB a
case. All text is escaped, and the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .._numbers import json_text
from ._case_data import case_data, script_json
from ._pages import Ids, csp, page, script
from ._qa import qa_context
from ._ratings_view import level, ratings_chart, ratings_how, share
from ._report_view import (
    HEADINGS,
    METHOD_TITLES,
    about,
    charts,
    grid,
    group_table,
    method_provenance,
    method_words,
    num,
    pct,
)
from ._supervision_view import inspection_facts, supervision_sections
from ._svg import clip

__all__ = ["report_html"]

SECTION_TITLES = {"outcomes": "Outcomes", "stages": "Stages", "criteria_groups": "Criteria"}
SYNTHETIC_TEXT = (
    "Every case in this sample is invented: no real person or case. The figures show how "
    "the criteria score; they are not inspection findings."
)


def report_html(
    report: dict[str, Any],
    details: Iterable[dict[str, Any]] | None,
    qa: dict[str, Any] | None = None,
    *,
    qa_titles: Mapping[str, str] | None = None,
    left_out: str = "no case explanations were given",
) -> str:
    """The report as one self-contained HTML page.

    ``report`` is ``SampleReport.to_dict()``; ``details`` is
    ``SampleReport.iter_case_details()`` (one entry per case, in the same order), or None
    to leave the case list out (``left_out`` says why). ``qa``, a QA report's
    ``to_dict()``, adds a "Quality assurance" section (``qa_titles``: question ids to their
    text). Raises ValueError when ``details`` does not match the cases.
    """
    cases = report["cases"]
    ids = Ids()
    sample = report["sample"]
    synthetic = bool(sample.get("synthetic"))
    groups = [
        (section, kind, HEADINGS[kind], charts(ids, report, section, kind))
        for section, kind in (("outcomes", "outcome"), ("stages", "stage"))
        if report[section]
    ]
    # Tables after charts: a chart's links name the anchors the tables hold.
    tables = [(s, k, h, c, group_table(report, s, k)) for s, k, h, c in groups]
    criteria_table = (
        group_table(report, "criteria_groups", "criterion") if report["criteria_groups"] else None
    )
    nav = [("ratings", "Ratings")] if report.get("ratings") else []
    nav += [(f"{k}s", h) for _, k, h, _ in groups]
    nav += [("criteria", "Criteria")] if criteria_table else []
    supervision = supervision_sections(report)
    nav += [("breakdowns", "Breakdowns")] + [(s["id"], s["title"]) for s in supervision]
    nav += [
        ("questions", "Questions"),
        ("findings", "Findings"),
        ("rejected", "Rejected"),
        ("cases", "Cases"),
    ]
    nav += [("qa", "Quality assurance")] if qa is not None else []
    kinds = {"outcomes": "outcome", "stages": "stage", "criteria_groups": "criterion"}
    anchors = {f"{s}:{g}": ids(k, g) for s, k in kinds.items() for g in report[s]}
    listed = details is not None and (bool(cases) or not sample["cases"])
    code = script("report.js")
    crit = report["criteria"]
    method = METHOD_TITLES.get(sample["method"], sample["method"])
    title = ("SYNTHETIC \u00b7 " if synthetic else "") + (
        f"Sample report: {crit['id']}, {sample['cases']:,} cases"
    )
    return page(
        "report.html",
        title=title,
        policy=csp(code) if listed else csp(),
        synthetic=synthetic,
        synthetic_text=SYNTHETIC_TEXT,
        report=report,
        about=about(report),
        nav=nav,
        ids=ids,
        groups=tables,
        inspection_facts=inspection_facts(report),
        supervision=supervision,
        criteria_table=criteria_table,
        grid=grid(report),
        method_words=method_words(sample),
        method_title=method,
        cases_json=script_json(case_data(report, details, anchors))
        if listed and details is not None
        else None,
        case_groups=[(s, list(report[s])) for s in SECTION_TITLES if report[s]],
        section_titles=SECTION_TITLES,
        qa=qa,
        left_out=left_out,
        script=code,
        json=json_text,
        num=num,
        pct=pct,
        clip=clip,
        level=level,
        share=share,
        ratings_how=ratings_how,
        ratings_chart=ratings_chart,
        method_provenance=method_provenance,
        **qa_context(qa_titles or {}),
    )
