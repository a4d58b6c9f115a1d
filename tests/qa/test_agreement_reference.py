"""Agreement with independent implementations on generated ratings with missing values.

References: ``krippendorff.alpha`` (nominal), statsmodels ``fleiss_kappa`` and
``cohens_kappa``, scikit-learn ``cohen_kappa_score``, and irrCAC's ``CAC.gwet``,
``CAC.fleiss`` and ``CAC.krippendorff``. Where both are defined the values agree to 1e-9.
Where ours is undefined, the reference must not produce an ordinary number (it raises or
gives NaN), with one documented exception: where every rating is one category, where we
report "undefined" (0/0), irrCAC returns a number. Its ``gwet`` replaces pe = 1 by
1 - 1e-15 on purpose, giving 1; its ``fleiss`` and ``krippendorff`` compute pa and pe in
floats as sums of shares, so float rounding decides what 0/0 becomes: 1 when pe falls just
short of 1, 0 when pa and pe round alike but 1 - pe does not vanish (seen on the grid
yes,yes,yes,yes / yes,yes,yes,- / yes,yes,-,-), ZeroDivisionError when both sums are exact.
There the test checks instead, from the grid itself, that every rating is one category.

Conventions that differ, and how the comparisons allow for them:

* statsmodels' ``fleiss_kappa`` needs the same number of raters on every item, and irrCAC's
  ``fleiss`` averages per-item category shares (and counts singly-rated items) where ours
  pools them; both agree with ours exactly when every compared item has the same number of
  raters, so Fleiss is compared on the items sharing the most common rater count.
* irrCAC's variance step divides by (number of rated items - 1) in plain Python, so it raises
  ZeroDivisionError when only one item is rated; those draws compare nothing.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa as sm_cohens_kappa
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from aow_rules._qa._agreement import (  # private: the coefficients against reference packages
    Coefficient,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
)

from .strategies import RATERS, Grid, grids, to_ratings

TOLERANCE = 1e-9

# The references are slow next to the exact code (pandas per call): moderate counts keep the
# whole file to a few seconds.
REFERENCE = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Raised:
    """What a reference call raised (kept so the assertion message names it)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"Raised({self.error!r})"


def _reference(call: Callable[[], Any]) -> float | Raised:
    # References warn (or divide by zero in numpy) on exactly the degenerate inputs we test;
    # the warning text is theirs, not ours, so it is silenced here.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return float(call())
        except (ValueError, ZeroDivisionError, AssertionError) as error:
            return Raised(error)


def _agrees(ours: Coefficient, ref: float | Raised) -> None:
    assert ours.value is not None
    assert not isinstance(ref, Raised), ref
    assert ref == pytest.approx(float(ours.value), abs=TOLERANCE)


def _not_a_number(ref: float | Raised) -> bool:
    return isinstance(ref, Raised) or not math.isfinite(ref)


def _irrcac_degenerate(ours: Coefficient, ref: float | Raised, grid: Grid) -> bool:
    # See the module docstring: irrCAC's answer where ours is undefined.
    if _not_a_number(ref):
        return True
    single = ours.undefined is not None and (
        ours.undefined.startswith("no variation") or ours.undefined.startswith("Gwet's AC1 needs")
    )
    # Its number is float rounding of 0/0; what must hold is that one category was used: in
    # the items rated twice or more (no variation), or in any rating (Gwet's chance term).
    gwet = ours.undefined is not None and ours.undefined.startswith("Gwet")
    rows = [r for r in grid if gwet or sum(v is not None for v in r) >= 2]
    return single and len({v for row in rows for v in row if v is not None}) == 1


def _frame(grid: Grid) -> pd.DataFrame:
    return pd.DataFrame(grid, columns=list(RATERS[: len(grid[0])]), dtype=object)


def _rated(grid: Grid) -> int:
    return sum(any(v is not None for v in row) for row in grid)


@REFERENCE
@given(grids())
def test_krippendorff_alpha_matches_krippendorff_package(
    drawn: tuple[Grid, tuple[str, ...]],
) -> None:
    grid, pool = drawn
    code: dict[str | None, float] = {c: float(i) for i, c in enumerate(pool)}
    code[None] = np.nan
    # The package wants raters in rows, units in columns, NaN for missing.
    data = np.array([[code[row[j]] for row in grid] for j in range(len(grid[0]))])
    ours = krippendorff_alpha(to_ratings(grid))
    ref = _reference(
        lambda: krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )
    if ours.value is None:
        # No pairable unit or a single value in the domain: the package raises ValueError;
        # one pairable category plus unpairable others gives it 0/0 = NaN.
        assert _not_a_number(ref), (ours.undefined, ref)
    else:
        _agrees(ours, ref)


@REFERENCE
@given(grids())
def test_krippendorff_alpha_matches_irrcac(drawn: tuple[Grid, tuple[str, ...]]) -> None:
    grid, _ = drawn
    ours = krippendorff_alpha(to_ratings(grid))
    ref = _reference(
        lambda: CAC(_frame(grid), digits=15).krippendorff()["est"]["coefficient_value"]
    )
    if ours.value is None:
        assert _irrcac_degenerate(ours, ref, grid), (ours.undefined, ref)
    elif ours.items == 1:
        # irrCAC's standard error divides by (units - 1) in plain Python.
        assert isinstance(ref, Raised)
    else:
        _agrees(ours, ref)


@REFERENCE
@given(grids())
def test_fleiss_kappa_matches_statsmodels_and_irrcac_on_equal_rater_counts(
    drawn: tuple[Grid, tuple[str, ...]],
) -> None:
    grid, pool = drawn
    multi = [row for row in grid if sum(v is not None for v in row) >= 2]
    if not multi:
        assert fleiss_kappa(to_ratings(grid)).undefined == "no item was rated by two or more raters"
        return
    # The most common rater count (ties: the larger), so the subset is as large as possible.
    sizes = Counter(sum(v is not None for v in row) for row in multi)
    m = max(sizes, key=lambda size: (sizes[size], size))
    subset = [row for row in multi if sum(v is not None for v in row) == m]
    ours = fleiss_kappa(to_ratings(subset))
    table = np.array([[row.count(c) for c in pool] for row in subset])
    statsmodels = _reference(lambda: sm_fleiss_kappa(table, method="fleiss"))
    irrcac = _reference(lambda: CAC(_frame(subset), digits=15).fleiss()["est"]["coefficient_value"])
    if ours.value is None:
        assert ours.undefined is not None
        assert ours.undefined.startswith("no variation")
        assert _not_a_number(statsmodels)
        assert _irrcac_degenerate(ours, irrcac, subset), irrcac
        return
    _agrees(ours, statsmodels)
    if len(subset) == 1:
        assert isinstance(irrcac, Raised)  # its variance divides by (items - 1)
    else:
        _agrees(ours, irrcac)


@REFERENCE
@given(grids(min_raters=2, max_raters=2))
def test_cohen_kappa_matches_statsmodels_and_sklearn(drawn: tuple[Grid, tuple[str, ...]]) -> None:
    grid, pool = drawn
    # Ours is given the whole grid: items rated by one rater only must drop out by themselves.
    ours = cohen_kappa(to_ratings(grid))
    both = [(a, b) for a, b in grid if a is not None and b is not None]
    if not both:
        assert ours.undefined == "no item was rated by two or more raters"
        return
    first = [a for a, _ in both]
    second = [b for _, b in both]
    table = np.array([[both.count((a, b)) for b in pool] for a in pool])
    statsmodels = _reference(lambda: sm_cohens_kappa(table, return_results=False))
    sklearn = _reference(lambda: cohen_kappa_score(first, second, labels=list(pool)))
    assert ours.items == len(both)
    if ours.value is None:
        # Both raters used one and the same category throughout.
        assert ours.undefined is not None
        assert ours.undefined.startswith("no variation")
        assert _not_a_number(statsmodels)
        assert _not_a_number(sklearn)
    else:
        _agrees(ours, statsmodels)
        _agrees(ours, sklearn)


@REFERENCE
@given(grids(), st.booleans())
def test_gwet_ac1_matches_irrcac(drawn: tuple[Grid, tuple[str, ...]], declare: bool) -> None:
    grid, pool = drawn
    # Declaring the pool may add categories nobody used: that raises q in both.
    categories = list(pool) if declare else None
    ours = gwet_ac1(to_ratings(grid), categories=categories)
    ref = _reference(
        lambda: CAC(_frame(grid), categories=categories, digits=15).gwet()["est"][
            "coefficient_value"
        ]
    )
    if ours.value is None:
        # No item rated twice: irrCAC gives NaN (0/0) or raises. A single category: irrCAC
        # returns a number, the documented degenerate case; we say "undefined".
        assert _irrcac_degenerate(ours, ref, grid), (ours.undefined, ref)
    elif _rated(grid) == 1:
        assert isinstance(ref, Raised)  # its variance divides by (rated items - 1)
    else:
        _agrees(ours, ref)


@REFERENCE
@given(grids())
def test_fleiss_kappa_follows_its_docstring_with_unequal_rater_counts(
    drawn: tuple[Grid, tuple[str, ...]],
) -> None:
    # No reference implements the pooled generalisation, so this spells the documented
    # formula out in floats, independently of the exact code.
    grid, pool = drawn
    multi = [row for row in grid if sum(v is not None for v in row) >= 2]
    ours = fleiss_kappa(to_ratings(grid))
    if not multi:
        assert ours.value is None
        return
    counts = np.array([[row.count(c) for c in pool] for row in multi], dtype=float)
    n_i = counts.sum(axis=1)
    p_bar = float(np.mean((counts * (counts - 1)).sum(axis=1) / (n_i * (n_i - 1))))
    p_j = counts.sum(axis=0) / counts.sum()
    pe = float((p_j**2).sum())
    if ours.value is None:
        assert pe == pytest.approx(1.0)
    else:
        assert (p_bar - pe) / (1 - pe) == pytest.approx(float(ours.value), abs=TOLERANCE)
