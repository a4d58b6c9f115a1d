"""A criteria file's golden-case run as one self-contained HTML page (templates/tests.html):
each case's verdict with its differences, and the coverage of questions and conditions,
each question's text beside its id."""

from __future__ import annotations

from .._versions import TestRun
from ._pages import csp, page

__all__ = ["tests_html"]


def tests_html(run: TestRun) -> str:
    """The page of ``run``."""
    c = run.criteria
    cover = run.coverage
    about = [
        ("Criteria", f"{c.id} (version {c.version})"),
        ("Criteria sha256", c.sha256),
        ("Golden cases", f"{len(run.results):,}"),
        ("Passed", f"{len(run.results) - len(run.failed):,}"),
        ("Failed", f"{len(run.failed):,}"),
    ]
    return page(
        "tests.html",
        title=f"Golden cases of {c.id}",
        policy=csp(),
        synthetic=False,
        run=run,
        criteria=c,
        about=about,
        texts={q.id: q.text for q in c.questions},
        scored=len(cover.counted) + len(cover.never_counted),
        both=[x for x in cover.conditions if x.both_ways],
    )
