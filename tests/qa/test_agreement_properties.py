"""Properties of the agreement coefficients, undefined cases, the interface and input checks."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aow_rules._qa._agreement import (  # private: the coefficients on rating grids
    Coefficient,
    all_coefficients,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    landis_koch,
    raw_agreement,
)

from .strategies import CATEGORIES, RATERS, Grid, grids, to_ratings

NAMES = ("raw_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1")
NO_PAIRS = "no item was rated by two or more raters"
PROPERTY = settings(max_examples=100, deadline=None)


# --- properties on generated ratings -----------------------------------------------------


@PROPERTY
@given(grids())
def test_values_are_exact_and_in_range(drawn: tuple[Grid, tuple[str, ...]]) -> None:
    coefs = all_coefficients(to_ratings(drawn[0]))
    assert tuple(c.name for c in coefs) == NAMES
    for coef in coefs:
        # Exactly one of value / reason, and the band only beside a chance-corrected value.
        assert (coef.value is None) != (coef.undefined is None)
        if coef.value is None:
            assert coef.band is None
            continue
        assert type(coef.value) is Fraction
        assert coef.value <= 1
        if coef.name == "raw_agreement":
            assert coef.value >= 0
            assert coef.band is None
        else:
            assert coef.band == landis_koch(coef.value)


@PROPERTY
@given(grids(), st.randoms(use_true_random=False))
def test_renaming_and_reordering_change_nothing(
    drawn: tuple[Grid, tuple[str, ...]], rnd: random.Random
) -> None:
    grid, pool = drawn
    ratings = to_ratings(grid)
    # Rename raters by a bijection whose sorted order differs from the original's, shuffle the
    # items, and shuffle the insertion order within each item's mapping.
    names = [f"assessor-{rnd.randrange(10**6):06d}-{i}" for i in range(len(RATERS))]
    rename = dict(zip(RATERS, names, strict=True))
    shuffled = []
    for item in ratings:
        entries = [(rename[r], c) for r, c in item.items()]
        rnd.shuffle(entries)
        shuffled.append(dict(entries))
    rnd.shuffle(shuffled)
    assert all_coefficients(shuffled) == all_coefficients(ratings)
    assert all_coefficients(shuffled, categories=pool) == all_coefficients(ratings, categories=pool)


@PROPERTY
@given(grids())
def test_renaming_categories_keeps_the_values(drawn: tuple[Grid, tuple[str, ...]]) -> None:
    grid, _ = drawn
    ratings = to_ratings(grid)
    # A bijection that reverses the sorted order of the categories.
    rename = {c: f"category {len(CATEGORIES) - i}" for i, c in enumerate(sorted(CATEGORIES))}
    renamed = [{r: rename[c] for r, c in item.items()} for item in ratings]
    for before, after in zip(all_coefficients(ratings), all_coefficients(renamed), strict=True):
        assert before.value == after.value
        assert (before.undefined is None) == (after.undefined is None)


@st.composite
def unanimous(draw: st.DrawFn) -> list[dict[str, str]]:
    """Items on which every rater who rated the item chose the same category."""
    n_items = draw(st.integers(1, 30))
    items = []
    for _ in range(n_items):
        category = draw(st.sampled_from(CATEGORIES[:3]))
        raters = draw(st.sets(st.sampled_from(RATERS), max_size=len(RATERS)))
        items.append(dict.fromkeys(sorted(raters), category))
    return items


@PROPERTY
@given(unanimous())
def test_identical_assessments_give_one_wherever_defined(ratings: list[dict[str, str]]) -> None:
    multi = [item for item in ratings if len(item) >= 2]
    used = {c for item in multi for c in item.values()}
    raters = {r for item in multi for r in item}
    for coef in all_coefficients(ratings):
        if coef.value is not None:
            assert coef.value == 1
            continue
        assert coef.undefined is not None
        if not multi:
            assert coef.undefined == NO_PAIRS
        elif coef.name == "cohen_kappa" and len(raters) != 2:
            assert coef.undefined.startswith("Cohen's kappa compares exactly two raters")
        elif coef.name == "gwet_ac1":
            assert coef.undefined.startswith("Gwet's AC1 needs two or more categories")
        else:
            # The only other way to be undefined with perfect agreement: no variation.
            assert len(used) == 1
            assert coef.undefined == f"no variation: all ratings are {next(iter(used))!r}"
    # With two categories among the compared ratings, Fleiss and Krippendorff are defined.
    if len(used) >= 2:
        assert fleiss_kappa(ratings).value == 1
        assert krippendorff_alpha(ratings).value == 1
    # Declaring the category set makes AC1 defined (q >= 2) and 1.
    if multi:
        assert gwet_ac1(ratings, categories=CATEGORIES).value == 1


# --- undefined cases, by hand ------------------------------------------------------------


def test_empty_and_unpaired_ratings_are_undefined() -> None:
    cases: list[list[dict[str, str]]] = [[], [{}], [{"a": "yes"}, {"b": "no"}, {}]]
    for ratings in cases:
        for coef in all_coefficients(ratings):
            assert coef.value is None
            assert coef.undefined == NO_PAIRS
            assert (coef.items, coef.raters, coef.pairs) == (0, 0, 0)


def test_no_variation_is_undefined_not_one() -> None:
    ratings = [{"a": "yes", "b": "yes"}, {"a": "yes", "b": "yes", "c": "yes"}]
    assert raw_agreement(ratings).value == 1  # a proportion: all pairs agree
    for fn in (fleiss_kappa, krippendorff_alpha):
        assert fn(ratings).undefined == "no variation: all ratings are 'yes'"
    two = [{"a": "yes", "b": "yes"}] * 3
    assert cohen_kappa(two).undefined == "no variation: all ratings are 'yes'"
    assert gwet_ac1(two).undefined == (
        "Gwet's AC1 needs two or more categories; the only one is 'yes'"
    )
    # With the category set declared, q = 2 and AC1 is (1 - 0) / (1 - 0) = 1.
    assert gwet_ac1(two, categories=["yes", "no"]).value == 1


def test_cohen_kappa_needs_exactly_two_raters() -> None:
    three = [{"a": "yes", "b": "no", "c": "yes"}, {"a": "no", "b": "no"}]
    coef = cohen_kappa(three)
    assert coef.value is None
    assert coef.undefined == "Cohen's kappa compares exactly two raters; 3 raters took part"
    assert (coef.items, coef.raters, coef.pairs) == (2, 3, 4)
    # A third rater who only rated items nobody else rated takes no part.
    two = [{"a": "yes", "b": "yes"}, {"a": "no", "b": "no"}, {"c": "yes"}, {"a": "no"}]
    assert cohen_kappa(two).value == 1
    assert cohen_kappa(two).raters == 2


def test_cohen_kappa_opposite_raters() -> None:
    # Each rater uses one category only, different ones: po = 0, pe = 0, kappa = 0.
    ratings = [{"a": "yes", "b": "no"}] * 4
    assert cohen_kappa(ratings).value == 0
    assert cohen_kappa(ratings).band == "slight"


def test_counts_reported() -> None:
    ratings = [
        {"a": "yes", "b": "yes", "c": "no"},  # 3 pairs, 1 agreeing
        {"a": "no", "b": "no"},  # 1 pair, agreeing
        {"c": "yes"},  # rated once: left out
    ]
    coef = raw_agreement(ratings)
    assert coef.value == Fraction(2, 4)
    assert (coef.items, coef.raters, coef.pairs) == (2, 3, 4)


def test_gwet_ac1_declared_categories_raise_q() -> None:
    ratings = [{"a": "yes", "b": "yes"}, {"a": "no", "b": "yes"}, {"a": "no", "b": "no"}]
    # pa = 2/3; pi = (1/2, 1/2); observed q = 2: pe = 1/2, AC1 = 1/3.
    assert gwet_ac1(ratings).value == Fraction(1, 3)
    # Declared q = 3 (one unused): pe = (1/4 + 1/4) / 2 = 1/4, AC1 = (2/3 - 1/4) / (3/4) = 5/9.
    assert gwet_ac1(ratings, categories=("yes", "no", "na")).value == Fraction(5, 9)
    assert all_coefficients(ratings, categories=("yes", "no", "na"))[4].value == Fraction(5, 9)


def test_gwet_ac1_single_ratings_inform_chance_only() -> None:
    paired = [{"a": "yes", "b": "yes"}, {"a": "no", "b": "yes"}]
    with_single = [*paired, {"c": "no"}]
    # pa = 1/2 either way; pi_yes = (1 + 1/2) / 2 = 3/4 without the single, (1 + 1/2 + 0) / 3
    # = 1/2 with it.
    assert gwet_ac1(paired).value == (Fraction(1, 2) - Fraction(3, 8)) / (1 - Fraction(3, 8))
    assert gwet_ac1(with_single).value == 0
    assert gwet_ac1(with_single).items == 2


# --- Landis & Koch -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (Fraction(-1), "poor"),
        (Fraction(-1, 1000), "poor"),
        (Fraction(0), "slight"),
        (Fraction(1, 5), "slight"),
        (Fraction(205, 1000), "fair"),
        (Fraction(21, 100), "fair"),
        (Fraction(2, 5), "fair"),
        (Fraction(401, 1000), "moderate"),
        (Fraction(3, 5), "moderate"),
        (Fraction(61, 100), "substantial"),
        (Fraction(4, 5), "substantial"),
        (Fraction(801, 1000), "almost perfect"),
        (Fraction(1), "almost perfect"),
    ],
)
def test_landis_koch_bands(value: Fraction, band: str) -> None:
    assert landis_koch(value) == band


def test_landis_koch_rejects_values_above_one() -> None:
    with pytest.raises(ValueError, match="at most 1"):
        landis_koch(Fraction(1001, 1000))


# --- interface -----------------------------------------------------------------------------


def test_to_dict() -> None:
    ratings = [{"a": "yes", "b": "yes"}, {"a": "yes", "b": "no"}, {"a": "no", "b": "no"}]
    out = cohen_kappa(ratings).to_dict()
    keys = ["name", "value", "fraction", "undefined", "band", "items", "raters", "pairs"]
    assert list(out) == keys
    assert out["fraction"] == "2/5"
    assert out["value"] == 0.4
    assert Fraction(str(out["fraction"])) == cohen_kappa(ratings).value
    assert out["band"] == "fair"
    json.dumps(out, allow_nan=False)
    # An integer value still carries its denominator, and undefined values are null.
    assert raw_agreement([{"a": "x", "b": "x"}]).to_dict()["fraction"] == "1/1"
    undefined = fleiss_kappa([]).to_dict()
    assert undefined["value"] is None
    assert undefined["fraction"] is None
    assert undefined["undefined"] == NO_PAIRS
    json.dumps(undefined, allow_nan=False)


def test_coefficient_is_frozen() -> None:
    coef = raw_agreement([{"a": "x", "b": "x"}])
    assert isinstance(coef, Coefficient)
    with pytest.raises(AttributeError):
        coef.value = Fraction(0)  # type: ignore[misc]


@pytest.mark.parametrize(
    "ratings",
    [
        "yes",
        [["a", "b"]],
        [{"a": None, "b": "yes"}],
        [{"a": 1, "b": "yes"}],
        [{1: "yes", "b": "yes"}],
    ],
)
def test_bad_ratings_raise_type_error(ratings: object) -> None:
    for fn in (raw_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha, gwet_ac1):
        with pytest.raises(TypeError):
            fn(ratings)  # type: ignore[arg-type]


def test_bad_categories() -> None:
    ratings = [{"a": "yes", "b": "no"}]
    with pytest.raises(ValueError, match="undeclared categories: \\['yes'\\]"):
        gwet_ac1(ratings, categories=["no", "na"])
    with pytest.raises(ValueError, match="repeated"):
        gwet_ac1(ratings, categories=["yes", "no", "yes"])
    with pytest.raises(TypeError):
        gwet_ac1(ratings, categories="yes")
    with pytest.raises(TypeError):
        gwet_ac1(ratings, categories=["yes", None])  # type: ignore[list-item]
