"""Criteria versions side by side: what changed, lint of one, and the impact on past cases."""

from ._diff import Change, Correspondence, Diff, correspondence, diff
from ._impact import IMPACT_FORMAT, Impact, impact, translate
from ._lint import MAX_PROFILES, LintWarning, lint

__all__ = [
    "IMPACT_FORMAT",
    "MAX_PROFILES",
    "Change",
    "Correspondence",
    "Diff",
    "Impact",
    "LintWarning",
    "correspondence",
    "diff",
    "impact",
    "lint",
    "translate",
]
