"""Hypothesis strategies for rating data: a grid of items x raters with missing cells."""

from __future__ import annotations

from hypothesis import strategies as st

# Realistic category names; their sorted order ("na" < "no" < "partly" < "yes") differs from
# the order they are listed in, which exercises the sorting.
CATEGORIES = ("yes", "no", "na", "partly")
RATERS = ("r1", "r2", "r3", "r4", "r5", "r6")

Grid = list[list[str | None]]
"""One row per item, one column per rater; ``None`` is a missing rating."""


@st.composite
def grids(
    draw: st.DrawFn,
    *,
    min_raters: int = 2,
    max_raters: int = 6,
    max_items: int = 40,
    missing: bool = True,
) -> tuple[Grid, tuple[str, ...]]:
    """A grid and the category pool it was drawn from (2-4 categories, not all of which need
    appear)."""
    n_raters = draw(st.integers(min_raters, max_raters))
    n_items = draw(st.integers(1, max_items))
    n_categories = draw(st.integers(2, 4))
    pool = CATEGORIES[:n_categories]
    category = st.sampled_from(pool)
    if missing:
        # Missing about a third of the time: enough items rated once or not at all, enough
        # rated by several raters.
        cell: st.SearchStrategy[str | None] = st.one_of(category, category, st.none())
    else:
        cell = category
    row = st.lists(cell, min_size=n_raters, max_size=n_raters)
    return draw(st.lists(row, min_size=n_items, max_size=n_items)), pool


def to_ratings(grid: Grid) -> list[dict[str, str]]:
    return [{RATERS[j]: value for j, value in enumerate(row) if value is not None} for row in grid]
