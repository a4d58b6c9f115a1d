"""`sample`: the public function that draws an inspection sample from a long list."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TypeGuard

from .._criteria import Criteria
from .._strict._limits import MAX_LONG_LIST_BYTES
from .._strict._lines import read_bytes
from .._strict._text import is_iso_date
from ..errors import ArgumentError, CaseError, Code, Problem
from ._draw import draw
from ._long_list import ListRow, read_long_list
from ._result import SampleDraw

__all__ = ["sample"]


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(
    criteria: object, long_list: object, seed: object, size: object, cut_off: object
) -> None:
    problems: list[Problem] = []

    def bad(code: Code, message: str, source: str, suggestion: str | None = None) -> None:
        problems.append(Problem(code, message, source, suggestion=suggestion))

    if not isinstance(criteria, Criteria):
        bad(
            Code.WRONG_TYPE,
            f"criteria is a {type(criteria).__name__}; expected a Criteria "
            "(from aow_rules.load_criteria)",
            "criteria",
        )
    elif criteria.sampling is None:
        bad(
            Code.INVALID_VALUE,
            f"criteria {criteria.id} has no sampling: section, so no sample can be drawn by it",
            "criteria",
            "add a sampling: section to the criteria file (docs/criteria.md)",
        )
    if not isinstance(long_list, str | bytes | os.PathLike):
        bad(
            Code.WRONG_TYPE,
            f"long_list is a {type(long_list).__name__}; expected a path to a CSV file",
            "long_list",
        )
    if not _whole(seed):
        bad(Code.WRONG_TYPE, f"seed={seed!r}: expected a whole number", "seed")
    if size is not None:
        bounds = (
            (criteria.sampling.size_min, criteria.sampling.size_max)
            if isinstance(criteria, Criteria) and criteria.sampling is not None
            else None
        )
        if not _whole(size):
            bad(Code.WRONG_TYPE, f"size={size!r}: expected a whole number, or None", "size")
        elif bounds is not None and not bounds[0] <= size <= bounds[1]:
            assert isinstance(criteria, Criteria)
            bad(
                Code.INVALID_VALUE,
                f"size={size}: {criteria.id} samples {bounds[0]} to {bounds[1]} cases",
                "size",
                f"give a size from {bounds[0]} to {bounds[1]}, or None for the version's "
                f"default ({criteria.sampling.size_default if criteria.sampling else ''})",
            )
    if cut_off is not None and not (isinstance(cut_off, str) and is_iso_date(cut_off)):
        bad(
            Code.INVALID_VALUE,
            f"cut_off={cut_off!r}: expected a date YYYY-MM-DD, or None for the latest "
            "sentence_date in the list",
            "cut_off",
        )
    if problems:
        raise ArgumentError(problems)


def sample(
    criteria: Criteria,
    long_list: str | os.PathLike[str],
    *,
    seed: int,
    size: int | None = None,
    cut_off: str | None = None,
) -> SampleDraw:
    """Draw an inspection sample from a provider's long list (CSV; docs/sampling.md) by the
    ``sampling:`` rules of ``criteria``.

    Excludes the rows the version's exclusions name, removes duplicates by case reference,
    PNC number or CRN, allocates ``size`` cases (default: the version's) to the strata in
    proportion to their size, and draws each stratum in an order seeded by ``seed``, at most
    the version's cap of cases per officer. ``cut_off`` (``YYYY-MM-DD``) is the date months
    since sentence are counted to; by default the latest ``sentence_date`` in the list. The
    same criteria, list, seed, size and cut-off always give the same sample. Bad rows are
    rejected (each with its line and problems) and the good ones kept; the result accounts
    for every row.

    Raises `ArgumentError` for a value out of range (its source names the parameter, e.g.
    ``size``) and `CaseError` for a long list that cannot be read or cannot fill the sample.
    """
    _check(criteria, long_list, seed, size, cut_off)
    assert criteria.sampling is not None
    name = os.fsdecode(long_list)
    raw, problem = read_bytes(Path(name), MAX_LONG_LIST_BYTES)
    if problem is not None:
        raise CaseError([problem])
    rows = read_long_list(raw, name)
    dates = [str(r.values["sentence_date"]) for _, r in rows if isinstance(r, ListRow)]
    if not dates:
        headline = Problem(
            Code.SAMPLE_CANNOT_BE_DRAWN,
            "no row of the long list could be read, so no case can be sampled",
            name,
            suggestion="fix the rows named in the problems that follow",
        )
        raise CaseError([headline, *(p for _, r in rows if not isinstance(r, ListRow) for p in r)])
    when = cut_off if cut_off is not None else max(dates)
    drawn = draw(rows, criteria.sampling, cut_off=when, size=size, seed=seed, source=name)
    return SampleDraw(
        criteria,
        name,
        hashlib.sha256(raw).hexdigest(),
        seed,
        when,
        "given" if cut_off is not None else "latest sentence_date",
        drawn,
    )
