"""Criteria versions: what changed between two of them, and lint of one."""

from ._diff import Change, Diff, diff
from ._lint import MAX_PROFILES, LintWarning, lint

__all__ = ["MAX_PROFILES", "Change", "Diff", "LintWarning", "diff", "lint"]
