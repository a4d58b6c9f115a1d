"""aow-rules: score probation case inspections against declarative, versioned criteria.

The public API is exactly the names in ``__all__`` here (and the modules `aow_rules.errors`
and `aow_rules.cli`); modules whose names start with ``_`` are private and may change. One
function per verb of the command line, which is a thin shell over them:

    >>> import aow_rules
    >>> criteria = aow_rules.load_criteria("iaow-2013-10")
    >>> case = aow_rules.load_case(
    ...     "examples/cases/EX-002-low-risk-unpaid-work.json", criteria
    ... )  # doctest: +SKIP
    >>> aow_rules.evaluate(criteria, case).to_dict()["outcomes"]["O2"]["fraction"]  # doctest: +SKIP

Every result has ``to_dict()`` (its documented JSON shape); `render` gives the text, CSV or
HTML a person reads. Bad input raises an `AowError` carrying every `Problem` found.
"""

from __future__ import annotations

import importlib

from .__about__ import __version__

# Not typing.TYPE_CHECKING: importing typing would be a third of this module's start-up
# (mypy reads any name TYPE_CHECKING as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._aggregate import Aggregate
    from ._cases import Case, Rejected, Sample, load_case, parse_case, read_sample, write_csv
    from ._criteria import Criteria, load_criteria, parse_criteria, shipped_criteria
    from ._evaluate import Finding, GroupResult, Judgement, Status, evaluate
    from ._qa import Agreement, QAReport, agreement, qa
    from ._render import render
    from ._report import SampleReport, report
    from ._sample import SampleDraw, sample
    from ._schemas import schema
    from ._synth import synthesize
    from ._versions import CheckResult, Diff, Impact, TestRun, check, diff, impact, run_tests
    from .errors import AowError, ArgumentError, CaseError, Code, CriteriaError, Problem

# Each name is imported from its stage when first used, so `import aow_rules` (and
# `aow-rules --version`) costs a few milliseconds rather than pydantic's and PyYAML's start-up;
# the first use of a name pays for what it needs.
_WHERE = {
    "._aggregate": ("Aggregate",),
    "._cases": (
        "Case",
        "Rejected",
        "Sample",
        "load_case",
        "parse_case",
        "read_sample",
        "write_csv",
    ),
    "._criteria": ("Criteria", "load_criteria", "parse_criteria", "shipped_criteria"),
    "._evaluate": ("Finding", "GroupResult", "Judgement", "Status", "evaluate"),
    "._qa": ("Agreement", "QAReport", "agreement", "qa"),
    "._render": ("render",),
    "._report": ("SampleReport", "report"),
    "._sample": ("SampleDraw", "sample"),
    "._schemas": ("schema",),
    "._synth": ("synthesize",),
    "._versions": (
        "CheckResult",
        "Diff",
        "Impact",
        "TestRun",
        "check",
        "diff",
        "impact",
        "run_tests",
    ),
    ".errors": ("AowError", "ArgumentError", "CaseError", "Code", "CriteriaError", "Problem"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'aow_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later uses find it without coming here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Aggregate",
    "Agreement",
    "AowError",
    "ArgumentError",
    "Case",
    "CaseError",
    "CheckResult",
    "Code",
    "Criteria",
    "CriteriaError",
    "Diff",
    "Finding",
    "GroupResult",
    "Impact",
    "Judgement",
    "Problem",
    "QAReport",
    "Rejected",
    "Sample",
    "SampleDraw",
    "SampleReport",
    "Status",
    "TestRun",
    "__version__",
    "agreement",
    "check",
    "diff",
    "evaluate",
    "impact",
    "load_case",
    "load_criteria",
    "parse_case",
    "parse_criteria",
    "qa",
    "read_sample",
    "render",
    "report",
    "run_tests",
    "sample",
    "schema",
    "shipped_criteria",
    "synthesize",
    "write_csv",
]
