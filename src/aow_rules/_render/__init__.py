"""Rendering for people: report, QA and judgement data in; text, CSV and HTML out.

The last stage before the CLI. Every renderer reads the JSON-ready data of a result (its
``to_dict()``), never the live objects, so what a page shows is what the JSON says. HTML is
self-contained (inline SVG charts, one inline script allowed by its CSP hash). Called by the
CLI and the public API.
"""

from ._judgement_text import judgement_text
from ._qa import qa_html, qa_section, qa_text
from ._render import Format, Renderable, render
from ._report_csv import TABLES, report_csv
from ._report_html import report_html
from ._report_text import report_text

__all__ = [
    "TABLES",
    "Format",
    "Renderable",
    "judgement_text",
    "qa_html",
    "qa_section",
    "qa_text",
    "render",
    "report_csv",
    "report_html",
    "report_text",
]
