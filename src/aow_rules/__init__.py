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

from .__about__ import __version__
from ._aggregate import Aggregate
from ._cases import Case, Rejected, Sample, load_case, parse_case, read_sample, write_csv
from ._criteria import Criteria, load_criteria, parse_criteria, shipped_criteria
from ._evaluate import Finding, GroupResult, Judgement, Status, evaluate
from ._qa import Agreement, QAReport, agreement, qa
from ._render import render
from ._report import SampleReport, report
from ._schemas import schema
from ._synth import synthesize
from ._versions import CheckResult, Diff, Impact, TestRun, check, diff, impact, run_tests
from .errors import AowError, ArgumentError, CaseError, Code, CriteriaError, Problem

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
    "schema",
    "shipped_criteria",
    "synthesize",
    "write_csv",
]
