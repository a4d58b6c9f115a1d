"""Inter-rater agreement for nominal categories, computed exactly.

Quality-assurance leads double-mark cases: several assessors answer the same questions of the
same case. Each *item* (one question of one case) is a mapping from rater id to the category
that rater chose; a rater who did not rate the item is simply absent from the mapping.

Every coefficient here is a rational function of counts, so each is computed with
`fractions.Fraction` and is exact; a caller who wants a float converts (`Coefficient.to_dict`
does). Nothing depends on the order of raters, items or categories: counts are summed exactly
and every loop that could matter runs over sorted rater ids and categories.

Common rules:

* Only items rated by two or more raters enter a coefficient (an item rated once holds no
  pair to agree or disagree). The one documented exception is Gwet's AC1, whose chance term
  follows Gwet's handbook and also reads singly-rated items (see `gwet_ac1`).
* A coefficient that cannot be computed is *undefined*: its value is ``None`` and
  `Coefficient.undefined` says why in one sentence. It is never NaN and never silently 1
  (for example when every rating is the same category, chance agreement is 1 and kappa is
  0/0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "Coefficient",
    "Ratings",
    "all_coefficients",
    "canonical",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "landis_koch",
    "of_canonical",
    "raw_agreement",
]

Ratings = Sequence[Mapping[str, str]]
"""One mapping per item (unit): rater id -> category. A rater who did not rate the item is
absent from that item's mapping."""

# Upper bounds of the Landis & Koch (1977) bands, inclusive. The published table reads
# "0.00-0.20 slight, 0.21-0.40 fair, ..." and leaves the gaps (0.20, 0.21) unassigned, so a
# value such as 0.205 needs a rule: each band here runs up to and including its upper bound,
# i.e. 0.205 is "fair" and exactly 0.20 is "slight".
_BANDS: tuple[tuple[Fraction, str], ...] = (
    (Fraction(1, 5), "slight"),
    (Fraction(2, 5), "fair"),
    (Fraction(3, 5), "moderate"),
    (Fraction(4, 5), "substantial"),
    (Fraction(1), "almost perfect"),
)

_NO_PAIRS = "no item was rated by two or more raters"


@dataclass(frozen=True, slots=True)
class Coefficient:
    """One agreement coefficient over a set of items, with what went into it."""

    name: str
    """``raw_agreement``, ``cohen_kappa``, ``fleiss_kappa``, ``krippendorff_alpha`` or
    ``gwet_ac1``."""
    value: Fraction | None
    """The exact value, or ``None`` when the coefficient is undefined."""
    undefined: str | None
    """Why the coefficient is undefined (one plain sentence), else ``None``."""
    band: str | None
    """The Landis & Koch band of the value (`landis_koch`); ``None`` for raw agreement (a
    proportion, not a chance-corrected coefficient) and when undefined."""
    items: int
    """Items that entered the computation: those rated by two or more raters."""
    raters: int
    """Distinct raters who rated at least one of those items."""
    pairs: int
    """Rater pairs compared within items: the sum over those items of C(n_i, 2)."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form. ``value`` is the nearest float and ``fraction`` the exact value as
        ``"p/q"`` (always with a denominator, so ``"1/1"``, which `Fraction` parses back);
        both are ``None`` when the coefficient is undefined."""
        return {
            "name": self.name,
            "value": None if self.value is None else float(self.value),
            "fraction": (
                None if self.value is None else f"{self.value.numerator}/{self.value.denominator}"
            ),
            "undefined": self.undefined,
            "band": self.band,
            "items": self.items,
            "raters": self.raters,
            "pairs": self.pairs,
        }


def landis_koch(value: Fraction) -> str:
    """The Landis & Koch (1977) band of a chance-corrected agreement coefficient.

    Below 0 "poor"; up to and including 0.20 "slight"; up to and including 0.40 "fair"; up
    to and including 0.60 "moderate"; up to and including 0.80 "substantial"; up to and
    including 1 "almost perfect". The published bands (0.21-0.40, ...) leave gaps such as
    0.205 unassigned; here every boundary belongs to the lower band, so 0.20 is "slight" and
    0.205 is "fair". Comparisons are exact, so pass the `Fraction` rather than a rounded
    float if the boundary matters.

    Raises `ValueError` for a value above 1, which no agreement coefficient can take.
    """
    if value > 1:
        raise ValueError(f"an agreement coefficient is at most 1, got {value}")
    if value < 0:
        return "poor"
    for upper, band in _BANDS:
        if value <= upper:
            return band
    raise AssertionError("unreachable: value <= 1 falls in the last band")  # pragma: no cover


# --- preparing the ratings ---------------------------------------------------------------

# One item as sorted (rater, category) pairs: a canonical, order-free form of the mapping.
_Item = tuple[tuple[str, str], ...]
_Profile = tuple[tuple[str, int], ...]
"""An item's categories with how many raters chose each, sorted by category."""


def _profile(item: _Item) -> _Profile:
    return tuple(sorted(Counter(category for _, category in item).items()))


def _profiles(items: Counter[_Item]) -> tuple[tuple[_Profile, int], ...]:
    """Distinct items with their counts -> distinct profiles with theirs."""
    out: Counter[_Profile] = Counter()
    for item, n in items.items():
        out[_profile(item)] += n
    return tuple(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class _Data:
    rated: Counter[_Item]
    """Every distinct item with at least one rating, with how many times it occurs (Gwet's
    chance term reads these)."""
    rated_count: int
    """How many items have at least one rating."""
    items: Counter[_Item]
    """The distinct items with two or more ratings (the ones that enter every coefficient),
    with how many times each occurs."""
    item_count: int
    """How many items have two or more ratings."""
    raters: tuple[str, ...]
    """Sorted rater ids appearing in `items`."""
    categories: tuple[str, ...]
    """Sorted categories appearing in `items`."""
    pairs: int
    profiles: tuple[tuple[_Profile, int], ...]
    """The distinct category profiles of `items`, each with how many items have it. Every
    coefficient but Cohen's reads an item only through its profile, so each sums over the
    few distinct profiles rather than over every item."""
    rated_profiles: tuple[tuple[_Profile, int], ...]
    """The same for `rated` (Gwet's chance term)."""


def _prepare(ratings: Ratings) -> _Data:
    # Checked here rather than trusted from the type hints: a None or a number slipping in as
    # a category would otherwise become a category of its own without any warning.
    if isinstance(ratings, str | bytes) or not isinstance(ratings, Sequence):
        raise TypeError("ratings must be a sequence of mappings (rater id -> category)")
    rated: list[_Item] = []
    for index, item in enumerate(ratings):
        # Plain dicts of strings (what the QA report builds) pass the quick test; anything
        # else gets the full one, which names what is wrong.
        if item.__class__ is not dict or not all(
            r.__class__ is str and c.__class__ is str for r, c in item.items()
        ):
            _check_item(index, item)
        if item:
            rated.append(tuple(sorted(item.items())))
    return _data(Counter(rated))


def _data(rated: Counter[_Item]) -> _Data:
    """The data of distinct items already in canonical form (sorted pairs, none empty), each
    with how many times it occurs. Items repeat (the same raters giving the same categories),
    so everything here reads each distinct item once."""
    distinct = Counter({item: n for item, n in rated.items() if len(item) >= 2 and n})
    return _Data(
        rated=rated,
        rated_count=sum(rated.values()),
        items=distinct,
        item_count=sum(distinct.values()),
        raters=tuple(sorted({rater for item in distinct for rater, _ in item})),
        categories=tuple(sorted({category for item in distinct for _, category in item})),
        pairs=sum(n * _choose2(len(item)) for item, n in distinct.items()),
        profiles=_profiles(distinct),
        rated_profiles=_profiles(rated),
    )


def _check_item(index: int, item: object) -> None:
    if not isinstance(item, Mapping):
        raise TypeError(f"item {index} is {type(item).__name__}, not a mapping")
    for rater, category in item.items():
        if not isinstance(rater, str):
            raise TypeError(f"item {index}: rater id {rater!r} is not a string")
        if not isinstance(category, str):
            raise TypeError(
                f"item {index}: rater {rater!r} gave {category!r}, not a string category"
            )


def _choose2(n: int) -> int:
    return n * (n - 1) // 2


def _result(name: str, data: _Data, value: Fraction, *, banded: bool = True) -> Coefficient:
    return Coefficient(
        name=name,
        value=value,
        undefined=None,
        band=landis_koch(value) if banded else None,
        items=data.item_count,
        raters=len(data.raters),
        pairs=data.pairs,
    )


def _undefined(name: str, data: _Data, reason: str) -> Coefficient:
    return Coefficient(
        name=name,
        value=None,
        undefined=reason,
        band=None,
        items=data.item_count,
        raters=len(data.raters),
        pairs=data.pairs,
    )


def _no_variation(categories: Iterable[str]) -> str:
    # Only called when exactly one category was used, so the sentence names it.
    (only,) = categories
    return f"no variation: all ratings are {only!r}"


def _raters(profile: _Profile) -> int:
    return sum(c for _, c in profile)


def _pair_agreement(profile: _Profile) -> Fraction:
    # Share of the item's C(n_i, 2) rater pairs that agree:
    # sum_j n_ij (n_ij - 1) / (n_i (n_i - 1)).
    n = _raters(profile)
    agreeing = sum(c * (c - 1) for _, c in profile)
    return Fraction(agreeing, n * (n - 1))


def _mean_pair_agreement(data: _Data) -> Fraction:
    # Fleiss' P-bar, also Gwet's p_a: the per-item pair agreement averaged over items, each
    # item weighing the same however many raters it had.
    total = sum((_pair_agreement(p) * m for p, m in data.profiles), Fraction(0))
    return total / data.item_count


# --- the coefficients --------------------------------------------------------------------


def raw_agreement(ratings: Ratings) -> Coefficient:
    """Pairwise percent agreement, pooled over items.

    Definition: over the items rated by two or more raters, the number of agreeing rater pairs
    divided by the number of rater pairs, i.e. ``sum_i sum_j C(n_ij, 2) / sum_i C(n_i, 2)``
    where ``n_i`` raters rated item ``i`` and ``n_ij`` of them chose category ``j``. An item
    with more raters therefore weighs more (it holds more pairs). With two raters this is the
    plain proportion of items on which they agree. No chance correction, so no band.

    Undefined when no item was rated twice.
    """
    return _raw_agreement(_prepare(ratings))


def _raw_agreement(data: _Data) -> Coefficient:
    name = "raw_agreement"
    if not data.items:
        return _undefined(name, data, _NO_PAIRS)
    agreeing = sum(m * _choose2(c) for p, m in data.profiles for _, c in p)
    return _result(name, data, Fraction(agreeing, data.pairs), banded=False)


def cohen_kappa(ratings: Ratings) -> Coefficient:
    """Cohen's (1960) kappa for exactly two raters.

    Definition: over the items both raters rated, ``po`` is the proportion of items on which
    they chose the same category and ``pe = sum_k pA_k pB_k``, where ``pA_k`` (``pB_k``) is the
    proportion of those items rater A (B) put in category ``k`` (each rater's own marginal
    distribution); ``kappa = (po - pe) / (1 - pe)``.

    Defined only when exactly two raters appear in the items rated two or more times; with
    more, it is undefined (filter the ratings to one pair of raters and call it per pair).
    Also undefined when no item was rated twice, and when ``pe = 1`` (both raters used one
    and the same category throughout: no variation).
    """
    return _cohen_kappa(_prepare(ratings))


def _cohen_kappa(data: _Data) -> Coefficient:
    name = "cohen_kappa"
    if not data.items:
        return _undefined(name, data, _NO_PAIRS)
    if len(data.raters) != 2:
        return _undefined(
            name,
            data,
            f"Cohen's kappa compares exactly two raters; {len(data.raters)} raters took part",
        )
    # With only two raters present, every item in data.items holds exactly their two ratings.
    n = data.item_count
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    same = 0
    for ((_, a), (_, b)), m in data.items.items():
        first[a] += m
        second[b] += m
        same += m * (a == b)
    pe = sum((Fraction(first[k] * second[k], n * n) for k in data.categories), Fraction(0))
    if pe == 1:
        return _undefined(name, data, _no_variation(data.categories))
    po = Fraction(same, n)
    return _result(name, data, (po - pe) / (1 - pe))


def fleiss_kappa(ratings: Ratings) -> Coefficient:
    """Fleiss' (1971) kappa, generalised to a varying number of raters per item.

    Definition, over the items rated by two or more raters (``n_i`` raters on item ``i``,
    ``n_ij`` of them choosing category ``j``):

    * ``P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1))``, ``Pbar`` = mean of ``P_i`` over items;
    * ``p_j = sum_i n_ij / sum_i n_i`` (the pooled share of all ratings in category ``j``),
      ``Pe = sum_j p_j^2``;
    * ``kappa = (Pbar - Pe) / (1 - Pe)``.

    With the same number of raters on every item this is exactly Fleiss' 1971 statistic (and
    statsmodels' ``fleiss_kappa``, which accepts only that case). With unequal ``n_i`` it is
    *not* what irrCAC (and Gwet's handbook) compute: they take ``p_j`` as the mean over items
    of the per-item proportions ``n_ij / n_i`` and also count items rated only once in that
    mean. Pooling keeps ``p_j`` the plain category distribution of the ratings that are
    compared; singly-rated items are left out here as everywhere in this module.

    Undefined when no item was rated twice, and when ``Pe = 1`` (every rating in one
    category: no variation).
    """
    return _fleiss_kappa(_prepare(ratings))


def _fleiss_kappa(data: _Data) -> Coefficient:
    name = "fleiss_kappa"
    if not data.items:
        return _undefined(name, data, _NO_PAIRS)
    totals: Counter[str] = Counter()
    for profile, m in data.profiles:
        for category, c in profile:
            totals[category] += m * c
    all_ratings = sum(totals.values())
    pe = sum((Fraction(totals[j], all_ratings) ** 2 for j in data.categories), Fraction(0))
    if pe == 1:
        return _undefined(name, data, _no_variation(data.categories))
    return _result(name, data, (_mean_pair_agreement(data) - pe) / (1 - pe))


def krippendorff_alpha(ratings: Ratings) -> Coefficient:
    """Krippendorff's alpha for nominal data, from the coincidence matrix.

    Definition (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011): only
    pairable values count, i.e. values in units (items) with ``m_u >= 2`` values. The
    coincidences are ``o_ck = sum_u (number of ordered pairs of values (c, k) in unit u) /
    (m_u - 1)``; ``n_c = sum_k o_ck`` (the number of pairable values ``c``) and
    ``n = sum_c n_c``. For nominal data

        ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k``.

    Undefined when no item was rated twice, and when ``D_e = 0`` (every pairable value in one
    category: no variation).
    """
    return _krippendorff_alpha(_prepare(ratings))


def _krippendorff_alpha(data: _Data) -> Coefficient:
    name = "krippendorff_alpha"
    if not data.items:
        return _undefined(name, data, _NO_PAIRS)
    # Only the diagonal o_cc is needed: off-diagonal coincidences sum to n - sum_c o_cc,
    # because each row of the matrix sums to n_c.
    matching = Fraction(0)
    values: Counter[str] = Counter()
    for profile, m in data.profiles:
        for category, c in profile:
            values[category] += m * c
        matching += Fraction(m * sum(c * (c - 1) for _, c in profile), _raters(profile) - 1)
    n = sum(values.values())
    expected = n * n - sum(values[c] ** 2 for c in data.categories)
    if expected == 0:
        return _undefined(name, data, _no_variation(data.categories))
    observed = n - matching
    return _result(name, data, 1 - (n - 1) * observed / expected)


def gwet_ac1(ratings: Ratings, *, categories: Sequence[str] | None = None) -> Coefficient:
    """Gwet's AC1 for several raters with missing ratings (Gwet, Handbook of Inter-Rater
    Reliability), following the conventions of irrCAC's ``CAC.gwet``.

    Definition, with ``r_i`` ratings on item ``i`` of which ``r_ik`` are category ``k``:

    * ``pa`` = mean over the items rated by two or more raters of
      ``sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))`` (the same as Fleiss' ``Pbar``);
    * ``pi_k`` = mean over *every item rated at least once* of ``r_ik / r_i``. This is the
      one place in this module where an item rated only once counts: Gwet's chance term is
      each category's classification propensity, which a single rating informs, and irrCAC
      (like Gwet's published results) does the same;
    * ``pe = (1 / (q - 1)) sum_k pi_k (1 - pi_k)`` and ``AC1 = (pa - pe) / (1 - pe)``.

    ``q`` is the number of categories: by default those observed in any rating (again
    including items rated once), or ``len(categories)`` when the caller declares the full
    category set, as irrCAC's ``categories`` argument does. A declared but unused category
    changes AC1 (it raises ``q``), so declare the categories the raters could choose from
    (e.g. ``("yes", "no", "na")``) for a value that does not depend on which happened to be
    used. A rating outside the declared categories raises `ValueError`.

    Undefined when no item was rated twice, and when ``q = 1`` (a single category: the chance
    term divides by ``q - 1``). For ``q >= 2``, ``pe <= 1/q < 1``, so AC1 is otherwise always
    defined; in particular, with declared categories, unanimous ratings give AC1 = 1.
    """
    return _gwet_ac1(_prepare(ratings), categories)


def _gwet_ac1(data: _Data, categories: Sequence[str] | None) -> Coefficient:
    name = "gwet_ac1"
    observed = sorted({category for item in data.rated for _, category in item})
    if categories is None:
        cats = tuple(observed)
    else:
        if isinstance(categories, str):
            # A bare string is a Sequence[str] of its characters, which is never what is meant.
            raise TypeError("categories must be a sequence of category strings, not a string")
        if not all(isinstance(c, str) for c in categories):
            raise TypeError(f"categories must all be strings: {list(categories)!r}")
        cats = tuple(sorted(categories))
        declared = frozenset(cats)
        if len(declared) != len(cats):
            raise ValueError(f"categories are repeated: {list(categories)!r}")
        undeclared = [c for c in observed if c not in declared]
        if undeclared:
            raise ValueError(f"ratings use undeclared categories: {undeclared!r}")
    if not data.items:
        return _undefined(name, data, _NO_PAIRS)
    q = len(cats)
    if q < 2:
        return _undefined(
            name, data, f"Gwet's AC1 needs two or more categories; the only one is {cats[0]!r}"
        )
    share = dict.fromkeys(cats, Fraction(0))
    for profile, m in data.rated_profiles:
        r_i = _raters(profile)
        for k, r_ik in profile:
            share[k] += Fraction(m * r_ik, r_i)
    pe = Fraction(0)
    for k in cats:
        pi_k = share[k] / data.rated_count
        pe += pi_k * (1 - pi_k)
    pe /= q - 1
    return _result(name, data, (_mean_pair_agreement(data) - pe) / (1 - pe))


def all_coefficients(
    ratings: Ratings, *, categories: Sequence[str] | None = None
) -> tuple[Coefficient, ...]:
    """The five coefficients, in this order: `raw_agreement`, `cohen_kappa`, `fleiss_kappa`,
    `krippendorff_alpha`, `gwet_ac1`. ``categories`` is passed to `gwet_ac1`, the only one
    whose value depends on categories nobody used."""
    return _all(_prepare(ratings), categories)  # prepared once for all five


def canonical(item: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """One item (rater -> category, strings) in the canonical form `of_canonical` reads: its
    pairs sorted. An item made once this way can enter any number of scopes."""
    return tuple(sorted(item.items()))


def of_canonical(
    rated: Counter[tuple[tuple[str, str], ...]], *, cohen_only: bool = False
) -> tuple[Coefficient, ...]:
    """`all_coefficients` (or, with ``cohen_only``, `cohen_kappa` alone) of items already in
    `canonical` form, empty ones left out, each with how many times it occurs: what QA
    computes over many overlapping scopes (overall, each outcome, each question) by adding
    the counts of each question's items, without checking and sorting each item again."""
    data = _data(rated)
    return (_cohen_kappa(data),) if cohen_only else _all(data, None)


def _all(data: _Data, categories: Sequence[str] | None) -> tuple[Coefficient, ...]:
    return (
        _raw_agreement(data),
        _cohen_kappa(data),
        _fleiss_kappa(data),
        _krippendorff_alpha(data),
        _gwet_ac1(data, categories),
    )
