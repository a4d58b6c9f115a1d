"""Problems found in criteria files and cases, and the exceptions that carry them.

Every problem is a frozen value with a stable code, a one-line message, a location and, where
one exists, a suggestion. Loading collects every problem of an input before raising, so a
criteria author or the sender of a case sees all of them at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "AowError",
    "ArgumentError",
    "CaseError",
    "Code",
    "CriteriaError",
    "Problem",
    "best_match",
    "did_you_mean",
]


class Code(StrEnum):
    """Stable problem codes. A published value never changes meaning and is never reused."""

    # Reading any file.
    FILE_NOT_FOUND = "file_not_found"
    FILE_UNREADABLE = "file_unreadable"
    INVALID_UTF8 = "invalid_utf8"
    # Limits (docs/limits.md): past one, the input is refused rather than worked through.
    INPUT_TOO_LARGE = "input_too_large"
    INPUT_TOO_DEEP = "input_too_deep"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    TOO_MANY_ANSWERS = "too_many_answers"
    TOO_MANY_FACTS = "too_many_facts"
    TOO_MANY_QUESTIONS = "too_many_questions"
    CONDITION_TOO_COMPLEX = "condition_too_complex"
    TOO_MANY_ROWS = "too_many_rows"
    # YAML (criteria files, golden cases).
    YAML_SYNTAX = "yaml_syntax"
    YAML_EMPTY = "yaml_empty"
    YAML_MULTIPLE_DOCUMENTS = "yaml_multiple_documents"
    YAML_TAG = "yaml_tag"
    YAML_ANCHOR = "yaml_anchor"
    YAML_DUPLICATE_KEY = "yaml_duplicate_key"
    YAML_NON_STRING_KEY = "yaml_non_string_key"
    YAML_IMPLICIT_BOOL = "yaml_implicit_bool"
    YAML_AMBIGUOUS_NUMBER = "yaml_ambiguous_number"
    YAML_NON_FINITE = "yaml_non_finite"
    YAML_TOO_DEEP = "yaml_too_deep"
    # Shape of a criteria file.
    UNKNOWN_KEY = "unknown_key"
    MISSING_KEY = "missing_key"
    WRONG_TYPE = "wrong_type"
    INVALID_VALUE = "invalid_value"
    VALUE_TOO_LONG = "value_too_long"
    UNSUPPORTED_FORMAT = "unsupported_format"
    # Meaning of a criteria file.
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_REFERENCE = "unknown_reference"
    COUNTS_NOWHERE = "counts_nowhere"
    UNKNOWN_CRITERIA = "unknown_criteria"
    # Conditions (CEL subset).
    CONDITION_SYNTAX = "condition_syntax"
    CONDITION_TOO_DEEP = "condition_too_deep"
    CONDITION_OUTSIDE_SUBSET = "condition_outside_subset"
    CONDITION_UNKNOWN_NAME = "condition_unknown_name"
    CONDITION_TYPE = "condition_type"
    CONDITION_UNKNOWN_OPTION = "condition_unknown_option"
    # Cases.
    CASE_JSON_SYNTAX = "case_json_syntax"
    CASE_DUPLICATE_KEY = "case_duplicate_key"
    CASE_NON_FINITE = "case_non_finite"
    CASE_WRONG_CRITERIA = "case_wrong_criteria"
    CASE_UNKNOWN_QUESTION = "case_unknown_question"
    CASE_UNKNOWN_FACT = "case_unknown_fact"
    CASE_OPTION_NOT_IN_SCALE = "case_option_not_in_scale"
    CASE_NULL_VALUE = "case_null_value"
    CASE_CSV_SYNTAX = "case_csv_syntax"
    INVALID_CHARACTER = "invalid_character"
    CASE_DERIVED_FACT = "case_derived_fact"
    # Drawing a sample from a long list.
    SAMPLE_CANNOT_BE_DRAWN = "sample_cannot_be_drawn"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one input, with where it is and what to do about it."""

    code: Code
    """Stable machine-readable code."""
    message: str
    """One line of plain English: what is wrong, what was expected."""
    source: str
    """The file name or case id the problem was found in."""
    location: str = ""
    """Where inside the source: ``line:column`` for YAML files, a JSON path for cases."""
    suggestion: str | None = None
    """A likely fix, such as ``did you mean 'outcome'?``, or None."""

    def __str__(self) -> str:
        where = f"{self.source}:{self.location}" if self.location else self.source
        tail = f" ({self.suggestion})" if self.suggestion else ""
        return f"{where}: {self.code}: {self.message}{tail}"

    def to_dict(self) -> dict[str, str | None]:
        """The problem as a JSON-ready mapping."""
        return {
            "code": str(self.code),
            "message": self.message,
            "source": self.source,
            "location": self.location,
            "suggestion": self.suggestion,
        }


# Syntax problems make everything after them unreliable, so they lead; then problems of
# shape, then problems of meaning. Within a rank, the earliest location wins.
_RANK: dict[str, int] = {
    Code.FILE_NOT_FOUND: 0,
    Code.FILE_UNREADABLE: 0,
    Code.INVALID_UTF8: 1,
    Code.INPUT_TOO_LARGE: 1,
    Code.INPUT_TOO_DEEP: 1,
    Code.YAML_SYNTAX: 1,
    Code.CASE_JSON_SYNTAX: 1,
    Code.CASE_CSV_SYNTAX: 1,
    Code.YAML_EMPTY: 1,
    Code.YAML_MULTIPLE_DOCUMENTS: 1,
    Code.UNSUPPORTED_FORMAT: 2,
    Code.CASE_WRONG_CRITERIA: 2,
}


def _location_key(location: str) -> tuple[int, ...]:
    parts = location.split(":")
    if all(p.isdigit() for p in parts if p) and location:
        return tuple(int(p) for p in parts)
    return (1 << 30,)


def best_match(problems: Iterable[Problem]) -> Problem:
    """The problem to show first: the most fundamental, then the earliest.

    The ranking depends only on the problems themselves, never on the order they come in.
    """
    return min(
        problems,
        key=lambda p: (
            _RANK.get(p.code, 3),
            p.source,
            _location_key(p.location),
            p.location,
            p.code,
            p.message,
        ),
    )


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """``did you mean 'x'?`` for the closest of ``choices``, or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


class AowError(Exception):
    """Base of the errors aow-rules raises for bad input; ``problems`` holds every problem."""

    problems: tuple[Problem, ...]
    """All problems found, in the order of the input."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("an AowError needs at least one problem")
        self.problems = tuple(problems)
        head = best_match(self.problems)
        more = len(self.problems) - 1
        super().__init__(f"{head}" + (f" (and {more} more)" if more else ""))

    @property
    def headline(self) -> Problem:
        """The most relevant problem (see `best_match`)."""
        return best_match(self.problems)


class CriteriaError(AowError):
    """A criteria file is invalid: its author must act."""


class CaseError(AowError):
    """A case is invalid: its sender must act."""


class ArgumentError(AowError):
    """A value passed to a function of the API is invalid: the caller must act.

    Each problem's ``source`` is the name of the parameter as the API spells it (``by``,
    ``engine``, ``cases``); the command line translates it to its flag (``--by``).
    """
