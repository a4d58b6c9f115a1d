"""Known answers: each coefficient on a published data set, to the published decimals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest

from aow_rules._qa._agreement import (  # private: the coefficients on published data
    Coefficient,
    Ratings,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    raw_agreement,
)


def _from_columns(columns: Mapping[str, Sequence[str | None]]) -> list[dict[str, str]]:
    """Items from one column per rater; ``None`` (or ``"."``) marks a missing rating."""
    length = len(next(iter(columns.values())))
    items: list[dict[str, str]] = []
    for i in range(length):
        item: dict[str, str] = {}
        for rater, column in columns.items():
            value = column[i]
            if value is not None and value != ".":
                item[rater] = value
        items.append(item)
    return items


def _from_counts(rows: Sequence[Sequence[int]], categories: Sequence[str]) -> list[dict[str, str]]:
    """Items from a subjects x categories table of counts, as Fleiss (1971) publishes his data.

    Rater ids are positional: Fleiss' statistic depends only on the counts, and in his study
    different psychiatrists saw different patients anyway."""
    items = []
    for row in rows:
        labels = [c for c, count in zip(categories, row, strict=True) for _ in range(count)]
        items.append({f"rater{j + 1}": label for j, label in enumerate(labels)})
    return items


def _from_table(table: Sequence[Sequence[int]], categories: Sequence[str]) -> list[dict[str, str]]:
    """Items from a two-rater contingency table (rows: rater A, columns: rater B)."""
    items: list[dict[str, str]] = []
    for a, row in zip(categories, table, strict=True):
        for b, count in zip(categories, row, strict=True):
            items.extend({"A": a, "B": b} for _ in range(count))
    return items


def _value(coef: Coefficient) -> Fraction:
    assert coef.undefined is None, coef.undefined
    assert coef.value is not None
    return coef.value


# --- Cohen's kappa -----------------------------------------------------------------------

# Wikipedia, "Cohen's kappa", section "Simple example": 50 grant proposals read by two
# readers, A and B. Yes/yes 20, A yes & B no 5, A no & B yes 10, no/no 15; po = 0.7,
# pe = 0.5, kappa = 0.4.
GRANTS = _from_table([[20, 5], [10, 15]], ["Yes", "No"])


def test_cohen_kappa_wikipedia_grants() -> None:
    assert _value(cohen_kappa(GRANTS)) == Fraction(2, 5)
    assert _value(raw_agreement(GRANTS)) == Fraction(7, 10)  # po
    coef = cohen_kappa(GRANTS)
    assert (coef.items, coef.raters, coef.pairs) == (50, 2, 50)
    assert coef.band == "fair"


# --- Fleiss' kappa -----------------------------------------------------------------------

# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
# Bulletin 76(5), 378-382, Table 1: 30 patients, each diagnosed by 6 psychiatrists into
# 1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other. Transcribed
# here as the per-rater layout of the `diagnoses` data set of R's irr package (Gamer et al.),
# which is also the fixture of statsmodels' own test of fleiss_kappa (kappa 0.4302445 there).
# Fleiss reports p_j = .144, .144, .167, .306, .239 and kappa = .430.
DIAGNOSES = [
    [4, 4, 4, 4, 4, 4],
    [2, 2, 2, 5, 5, 5],
    [2, 3, 3, 3, 3, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3],
    [3, 3, 3, 3, 5, 5],
    [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4],
    [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4],
    [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3],
    [1, 4, 4, 4, 4, 4],
    [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5],
    [1, 1, 1, 1, 1, 2],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 4, 4, 4, 4, 4],
    [2, 2, 4, 5, 5, 5],
    [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4],
    [1, 1, 1, 1, 5, 5],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3],
    [5, 5, 5, 5, 5, 5],
]
DIAGNOSIS = {
    1: "depression",
    2: "personality disorder",
    3: "schizophrenia",
    4: "neurosis",
    5: "other",
}


def test_fleiss_1971_diagnoses() -> None:
    ratings = [{f"rater{j + 1}": DIAGNOSIS[d] for j, d in enumerate(row)} for row in DIAGNOSES]
    # A transcription check against the category shares Fleiss prints (to his 3 decimals).
    shares = [sum(row.count(d) for row in DIAGNOSES) / 180 for d in DIAGNOSIS]
    assert [round(p, 3) for p in shares] == [0.144, 0.144, 0.167, 0.306, 0.239]
    kappa = _value(fleiss_kappa(ratings))
    assert round(float(kappa), 3) == 0.430
    assert round(float(kappa), 4) == 0.4302  # R irr kappam.fleiss: 0.4302445
    assert round(float(kappa), 7) == 0.4302445


# Wikipedia, "Fleiss' kappa", section "Worked example": 10 subjects, 14 raters each, 5
# categories, given as counts per subject; Pbar = 0.378, Pe = 0.213, kappa = 0.210.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_wikipedia_worked_example() -> None:
    ratings = _from_counts(WIKIPEDIA_FLEISS, ["1", "2", "3", "4", "5"])
    coef = fleiss_kappa(ratings)
    assert round(float(_value(coef)), 3) == 0.210
    assert (coef.items, coef.raters, coef.pairs) == (10, 14, 10 * 91)


# --- Krippendorff's alpha ----------------------------------------------------------------

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania. Section C, "Nominal data, any number of
# observers, missing data": 4 observers, 12 units, values 1-5, "." missing. Published
# alpha_nominal = 0.743. Unit 12 has one value only, which is not pairable and does not enter.
KRIPPENDORFF_2011: dict[str, list[str | None]] = {
    "A": ["1", "2", "3", "3", "2", "1", "4", "1", "2", ".", ".", "."],
    "B": ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", ".", "3"],
    "C": [".", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", "."],
    "D": ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", "."],
}


def test_krippendorff_2011_nominal() -> None:
    ratings = _from_columns(KRIPPENDORFF_2011)
    coef = krippendorff_alpha(ratings)
    assert round(float(_value(coef)), 3) == 0.743
    # 11 units with >= 2 values hold the paper's n = 40 pairable values.
    assert coef.items == 11
    assert sum(len(item) for item in ratings if len(item) >= 2) == 40


# --- Gwet's AC1 --------------------------------------------------------------------------

# Gwet, K. L. (2014). Handbook of Inter-Rater Reliability, 4th ed.: 4 raters, 12 subjects,
# categories 1-5, missing ratings (Krippendorff's data above, unit 12's lone rating under
# rater 3). Published in the documentation of irrCAC (`irrCAC.datasets.raw_4raters`,
# example of `irrCAC.raw.CAC.gwet`): AC1 = 0.77544 (pa 0.81818, pe 0.19032). Matching the
# fifth decimal needs the singly-rated unit 12 in Gwet's pi_k (see gwet_ac1's docstring).
GWET_4RATERS: dict[str, list[str | None]] = {
    "Rater1": ["1", "2", "3", "3", "2", "1", "4", "1", "2", None, None, None],
    "Rater2": ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", None, None],
    "Rater3": [None, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", "3"],
    "Rater4": ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", None],
}


def test_gwet_ac1_handbook_4raters() -> None:
    ratings = _from_columns(GWET_4RATERS)
    assert round(float(_value(gwet_ac1(ratings))), 5) == 0.77544
    # The same data gives Krippendorff's published alpha (only pairable values count).
    assert round(float(_value(krippendorff_alpha(ratings))), 3) == 0.743
    # Declaring the five categories the raters used changes nothing.
    declared = gwet_ac1(ratings, categories=["1", "2", "3", "4", "5"])
    assert declared == gwet_ac1(ratings)


# Gwet (2014), Handbook, and the documentation of irrCAC (`irrCAC.table.CAC.gwet` on
# `irrCAC.datasets.table_cont3x3abstractors`): 100 pregnant women classified by two
# abstractors as ectopic, abnormal intrauterine (AIU) or normal intrauterine (NIU) pregnancy.
# AC1 = 0.84933 (pa 0.89, pe 0.26992).
ABSTRACTORS = _from_table(
    [[13, 0, 0], [0, 20, 7], [0, 4, 56]],
    ["Ectopic", "AIU", "NIU"],
)


def test_gwet_ac1_handbook_abstractors() -> None:
    assert round(float(_value(gwet_ac1(ABSTRACTORS))), 5) == 0.84933
    assert _value(raw_agreement(ABSTRACTORS)) == Fraction(89, 100)  # pa


@pytest.mark.parametrize(
    "ratings",
    [GRANTS, ABSTRACTORS, _from_columns(GWET_4RATERS)],
    ids=["grants", "abstractors", "gwet-4raters"],
)
def test_published_values_are_exact(ratings: Ratings) -> None:
    for fn in (raw_agreement, fleiss_kappa, krippendorff_alpha, gwet_ac1):
        assert isinstance(fn(ratings).value, Fraction)
