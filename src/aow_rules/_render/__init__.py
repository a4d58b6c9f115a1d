"""Rendering for people: report, QA and judgement data in; text, CSV and HTML out.

The last stage before the CLI. Every renderer reads the JSON-ready data of a result (its
``to_dict()``), never the live objects, so what a page shows is what the JSON says (titles
and the synthetic mark may come from the criteria and the cases). Every HTML page (the
sample report, QA, impact) is a jinja2 template of ``templates/`` extending `_html`'s
``base.html``, with its one stylesheet inline: self-contained (inline SVG charts drawn from
`_svg`'s layouts; the report's one script, ``report.js``, and its cases as compact JSON data
from `_case_data`), under a Content-Security-Policy that allows only what is inline, by hash.
jinja2 is imported when a page is first rendered. Called by the CLI, the service and the
public API.
"""

from ._judgement_text import judgement_text
from ._qa import qa_html, qa_text
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
    "qa_text",
    "render",
    "report_csv",
    "report_html",
    "report_text",
]
