"""The HTML template set: one base template, one stylesheet, and conditions put in words.

In: the data a page shows (JSON-ready dicts of results, or a page's own model) and a
compiled `Criteria` for its titles. Out: HTML text, through a jinja2 environment with
autoescaping on (every value is escaped unless a template says otherwise) and strict
undefined names. ``base.html`` lays out every page: what it is about, a banner when the data
is synthetic, the page's sections, and the one stylesheet, ``style.css``, either linked (a
page served by the service, under its Content-Security-Policy) or inline (a self-contained
file). Templates of other stages extend ``base.html`` from a folder of their own
(`environment`). `condition_words` renders an ``applies_if`` condition, and the values it
read, as English, for the form's "why hidden" notes and for explanations.

Called by the renderers of `_render` (the report, QA and impact pages, self-contained) and the
service's pages (`_service`).
Imports jinja2, so nothing imports this stage at start-up.
"""

from ._templates import STYLESHEET, environment, style_hash
from ._words import condition_words, read_words, value_words

__all__ = [
    "STYLESHEET",
    "condition_words",
    "environment",
    "read_words",
    "style_hash",
    "value_words",
]
