"""The ratings part of the report page (2018-style frameworks), as data for
templates/_ratings.html: the rating levels' colours, exact shares, the chart of the key
questions against the rating levels, and the method in words."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._pages import Ids
from ._svg import Bar, Chart, Guide, bar_chart, clip

__all__ = ["level", "ratings_chart", "ratings_how", "share"]


def share(fraction: str | None) -> str:
    """A fraction as an exact percentage: "80%", "66.67%" (two places at most)."""
    if fraction is None:
        return "\u2013"
    value = Fraction(fraction) * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def level(label: str | None, ratings: Mapping[str, Any]) -> str:
    """The badge class of a rating: its colour follows the level's rank (best first)."""
    labels = [v["label"] for v in ratings["levels"]]
    if label is None or label not in labels:
        return "none"
    rank = labels.index(label)
    return f"lvl-{round(3 * rank / (len(labels) - 1)) if len(labels) > 1 else 0}"


def ratings_how(ratings: Mapping[str, Any]) -> tuple[str, str]:
    """How a key question's score is computed, and how it is rounded before it is rated."""
    method = ratings["method"]
    if method == "cases_meeting":
        how = f"the share of applicable cases whose case score meets {ratings.get('threshold')}"
    elif method == "case_mean":
        how = "the mean of the applicable case scores"
    else:
        how = "the share of applicable judgements met, pooled over the sample"
    rounding = ratings.get("rounding")
    if rounding:
        rounded = (
            f"rounded to {rounding['places']} decimal place(s) of a percentage "
            f"({rounding['mode'].replace('_', ' ')}) before it is rated"
        )
    else:
        rounded = "not rounded before it is rated"
    return how, rounded


def ratings_chart(ids: Ids, ratings: Mapping[str, Any]) -> Chart | None:
    bars = []
    for s in ratings["standards"]:
        for k in s["key_questions"]:
            lowest = s.get("lowest") == k["id"]
            bars.append(
                Bar(
                    label=clip(f"{k['id']} {k['title']}", 78),
                    title=f"{k['id']} {k['title']}",
                    score=k["score"],
                    percent=k["percent"],
                    detail=f"{k.get('meeting', '?')} of {k['cases']} cases; "
                    f"{k.get('rating') or 'not rated'}",
                    strong=lowest,
                    mark="lowest" if lowest else "",
                )
            )
    if not bars:
        return None
    guides = [
        Guide(v["label"], float(Fraction(v["min"])))
        for v in ratings["levels"]
        if Fraction(v["min"]) > 0
    ]
    return bar_chart(
        ids("chart", "key-questions"),
        "Key questions against the rating levels",
        bars,
        axis="Share of applicable cases judged sufficient",
        guides=guides,
    )
