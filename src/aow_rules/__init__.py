"""aow-rules: score probation case inspections against declarative, versioned criteria.

The public API is exactly the names in ``__all__`` here, plus the modules `aow_rules.errors`
and `aow_rules.cli`. Modules whose names start with ``_`` are private and may change.

    >>> import aow_rules
    >>> criteria = aow_rules.load_criteria("iaow-2013-10")
    >>> case = aow_rules.load_case("examples/cases/ex-001.json", criteria)  # doctest: +SKIP
    >>> print(aow_rules.evaluate(criteria, case).summary())  # doctest: +SKIP
"""

from .__about__ import __version__
from ._aggregate._aggregate import Aggregate, GroupTotals
from ._aggregate._inputs import load_recorded, load_reference
from ._cases import load_case
from ._cases._csv import write_csv
from ._cases._parse import Case, parse_case
from ._cases._sample import Rejected, Sample, read_sample
from ._criteria import load_criteria, shipped_criteria
from ._criteria._model import Criteria
from ._evaluate._evaluate import evaluate
from ._evaluate._judgement import Finding, GroupResult, Judgement, Status
from ._report._report import SampleReport, build_report, report
from ._schemas._schemas import schema
from ._synth._synth import synthesize
from .errors import AowError, CaseError, Code, CriteriaError, Problem

__all__ = [
    "Aggregate",
    "AowError",
    "Case",
    "CaseError",
    "Code",
    "Criteria",
    "CriteriaError",
    "Finding",
    "GroupResult",
    "GroupTotals",
    "Judgement",
    "Problem",
    "Rejected",
    "Sample",
    "SampleReport",
    "Status",
    "__version__",
    "build_report",
    "evaluate",
    "load_case",
    "load_criteria",
    "load_recorded",
    "load_reference",
    "parse_case",
    "read_sample",
    "report",
    "schema",
    "shipped_criteria",
    "synthesize",
    "write_csv",
]
