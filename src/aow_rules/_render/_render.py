"""One entry point for every human-readable form of a result: `render`.

In: a result of the public API and a format. Out: text. Called by the CLI and the public API
(a service serving HTML, a script printing text).
"""

from __future__ import annotations

from typing import Literal

from .._evaluate import Judgement
from .._qa import QAReport
from .._report import SampleReport
from .._sample import SampleDraw
from .._sample._text import manifest_text
from .._versions import CheckResult, Diff, Impact, TestRun
from ..errors import ArgumentError, Code, Problem
from ._authoring import check_text, tests_text
from ._diff_html import diff_html
from ._impact_html import impact_html
from ._judgement_text import judgement_text
from ._qa import qa_html, qa_text
from ._report_csv import TABLES, report_csv
from ._report_html import report_html
from ._report_text import report_text
from ._tests_html import tests_html

__all__ = ["Format", "Renderable", "render"]

Format = Literal["text", "html", "csv"]
Renderable = (
    Judgement | SampleReport | QAReport | Diff | Impact | CheckResult | TestRun | SampleDraw
)


def _unsupported(result: Renderable, fmt: str, formats: tuple[str, ...]) -> ArgumentError:
    kind = type(result).__name__
    return ArgumentError(
        [
            Problem(
                Code.INVALID_VALUE,
                f"a {kind} has no {fmt!r} form (it has: {', '.join(formats)})",
                "fmt",
                suggestion=f"use fmt={formats[0]!r}, or to_dict() for JSON data",
            )
        ]
    )


def _titles(qa: QAReport) -> dict[str, str]:
    return {q.id: q.text for q in qa.criteria.questions}


def render(
    result: Renderable,
    fmt: Format = "text",
    *,
    table: str | None = None,
    qa: QAReport | None = None,
    case_list: bool | None = None,
) -> str:
    """``result`` for people: ``text`` (every result), ``html`` (a sample report, a QA
    report, an impact, a diff, a golden-case run) or ``csv`` (a sample report; a drawn
    sample's rows). For JSON, use ``result.to_dict()``.

    ``table``: with ``csv``, which table of the report: ``scores`` (the default),
    ``questions``, ``cases``, ``ratings`` or ``rejected``.
    ``qa``: with a sample report's ``html``, a QA section from this QA report.
    ``case_list``: with a sample report's ``csv``, list every case (default: up to 10,000
    cases, as `SampleReport.to_dict`); with its ``html``, False leaves the case list out
    (default: every case, as compact data the page lists a page at a time; a report scored
    by an engine that keeps no cases has none to list).
    """
    if table is not None and not (isinstance(result, SampleReport) and fmt == "csv"):
        raise ArgumentError(
            [Problem(Code.INVALID_VALUE, "table applies to a sample report's csv", "table")]
        )
    if qa is not None and not (isinstance(result, SampleReport) and fmt == "html"):
        raise ArgumentError(
            [Problem(Code.INVALID_VALUE, "qa applies to a sample report's html", "qa")]
        )
    if case_list is not None and not (isinstance(result, SampleReport) and fmt != "text"):
        raise ArgumentError(
            [
                Problem(
                    Code.INVALID_VALUE,
                    "case_list applies to a sample report's html and csv",
                    "case_list",
                )
            ]
        )
    if isinstance(result, SampleReport):
        if fmt == "text":
            return report_text(result.to_dict())
        if fmt == "csv":
            if table is not None and table not in TABLES:
                raise ArgumentError(
                    [
                        Problem(
                            Code.INVALID_VALUE,
                            f"no table {table!r}: the tables are {', '.join(TABLES)}",
                            "table",
                        )
                    ]
                )
            return report_csv(result.to_dict(case_list=case_list), table or "scores")
        listed = result.engine == "per-case" and case_list is not False
        # The page lists every case it explains, however many (the JSON's default cut at
        # CASE_LIST_LIMIT is for the JSON).
        data = result.to_dict(case_list=True if listed else case_list)
        return report_html(
            data,
            result.iter_case_details() if listed else None,
            None if qa is None else qa.to_dict(),
            qa_titles=None if qa is None else _titles(qa),
            left_out="case_list=False (--no-case-list on the command line) leaves it out"
            if case_list is False
            else f"the {result.engine} engine that scored the sample keeps no cases "
            "(engine='per-case', or --engine per-case, lists them)",
        )
    if isinstance(result, QAReport):
        if fmt == "csv":
            raise _unsupported(result, fmt, ("text", "html"))
        data = result.to_dict()
        if fmt == "text":
            return qa_text(data)
        cases = result.sample.cases
        return qa_html(
            data, titles=_titles(result), synthetic=bool(cases) and all(c.synthetic for c in cases)
        )
    if isinstance(result, SampleDraw):
        if fmt == "html":
            raise _unsupported(result, fmt, ("text", "csv"))
        return manifest_text(result.to_dict()) if fmt == "text" else result.rows_csv()
    if isinstance(result, Impact):
        if fmt == "csv":
            raise _unsupported(result, fmt, ("text", "html"))
        return result.text() if fmt == "text" else impact_html(result)
    if isinstance(result, Diff):
        if fmt == "csv":
            raise _unsupported(result, fmt, ("text", "html"))
        return result.text() if fmt == "text" else diff_html(result)
    if isinstance(result, TestRun) and fmt == "html":
        return tests_html(result)
    if fmt != "text":
        has = ("text", "html") if isinstance(result, TestRun) else ("text",)
        raise _unsupported(result, fmt, has)
    if isinstance(result, Judgement):
        return judgement_text(result)
    if isinstance(result, CheckResult):
        return check_text(result)
    return tests_text(result)
