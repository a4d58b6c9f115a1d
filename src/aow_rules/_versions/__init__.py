"""Tools for criteria authors: golden-case tests, a diff of two versions, the impact on past cases.

In: one or two compiled `Criteria` (and golden cases, or a sample). Out: test results with
coverage (`_golden`), structural changes (`_diff`), and a sample re-scored under both versions
with what changed and why (`_impact`, on either engine; facts the new version needs are carried
from the old version's by the new file's declared ``carry:`` rules, `_carry`). Called by the
CLI's test, diff and impact verbs, the public API and the test suite.
"""

from ._check import CheckResult, check
from ._diff import Change, Correspondence, Diff, correspondence, diff
from ._golden import TestRun, run_tests
from ._impact import IMPACT_FORMAT, Impact, impact, translate

__all__ = [
    "IMPACT_FORMAT",
    "Change",
    "CheckResult",
    "Correspondence",
    "Diff",
    "Impact",
    "TestRun",
    "check",
    "correspondence",
    "diff",
    "impact",
    "run_tests",
    "translate",
]
