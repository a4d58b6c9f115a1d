"""The limits on what aow-rules reads, in one place (docs/limits.md lists them with their codes).

Each is set high enough for any real inspection and low enough that no input can hold the
process for long: past a limit the reader stops with a named `Code` rather than doing the
work. The stages that enforce them import them from here.
"""

from __future__ import annotations

__all__ = [
    "MAX_ANSWERS",
    "MAX_BYTES",
    "MAX_CONDITION_COST",
    "MAX_DEPTH",
    "MAX_FACTS",
    "MAX_FILE_BYTES",
    "MAX_LONG_LIST_BYTES",
    "MAX_LONG_LIST_ROWS",
    "MAX_MACRO_NESTING",
    "MAX_QUESTIONS",
    "MAX_SUGGESTIONS",
]

MAX_BYTES = 4 * 1024 * 1024
"""Bytes in one case: a case file, a line of JSON Lines, a row of CSV."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""Bytes in one YAML file (criteria, golden cases, reference figures, ratings, profiles)."""
MAX_LONG_LIST_BYTES = 64 * 1024 * 1024
"""Bytes in one long list of a provider's caseload (`aow_rules.sample`)."""
MAX_LONG_LIST_ROWS = 200_000
"""Rows in one long list: more than any one area's caseload."""
MAX_DEPTH = 64
"""Levels of objects and lists in a case's JSON (a valid case has three)."""
MAX_ANSWERS = 10_000
"""Entries in a case's ``answers``, and in its ``evidence``."""
MAX_FACTS = 1_000
"""Entries in a case's ``facts``."""
MAX_QUESTIONS = 5_000
"""Questions in one criteria file."""
MAX_MACRO_NESTING = 3
"""``exists`` / ``all`` macros nested inside one another in a condition."""
MAX_CONDITION_COST = 10_000
"""Steps one evaluation of a condition may take at worst (each macro multiplies the steps of
its predicate by the longest list it can range over)."""
MAX_SUGGESTIONS = 25
"""Unknown keys of one input that get a "did you mean"; the rest are listed without one."""
