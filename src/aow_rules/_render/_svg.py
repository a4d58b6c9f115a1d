"""Horizontal bar charts for the HTML pages, laid out here and drawn as inline SVG by the
``chart`` macro (templates/_chart.html): a 0-100% axis with labelled ticks, the percentage
written beside each bar, optional reference ranges (lowest, average, highest of other areas)
and optional vertical guides (rating levels).

Colour never carries meaning alone: the group's own bar is also labelled in bold, reference
figures use distinct shapes, guides are labelled. Coordinates are printed with fixed decimals
so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "Chart", "Guide", "bar_chart", "clip"]

# Each bar has its label above it, so long titles need no cutting down to a narrow margin.
WIDTH = 560
PLOT_X = 8
PLOT_W = 470
TOP = 8
LABEL_H = 16
BAR_H = 13
ROW = LABEL_H + BAR_H + 9
ROW_WITH_REFERENCE = ROW + 9
AXIS_H = 40


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    """The short label shown above the bar (an id and the start of a title)."""
    title: str
    """The full name, for the tooltip and the chart's description."""
    score: float | None
    """In [0, 1]; None when the group applies to no case."""
    percent: str | None
    detail: str = ""
    """Shown in the tooltip after the percentage, e.g. "22/27 of judgements, 8 cases"."""
    strong: bool = False
    """The group the chart is about (drawn darker, labelled in bold)."""
    reference: tuple[float | None, float | None, float | None] | None = None
    """Lowest, average and highest of the reference figures."""
    reference_text: str = ""
    """The reference figures in words, for the description."""
    mark: str = ""
    """A word written after the percentage, e.g. "lowest"."""


@dataclass(frozen=True, slots=True)
class Guide:
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class Row:
    """One bar as drawn: coordinates as text, ready for the template."""

    bar: Bar
    tip: str
    label_y: str
    y: str
    mid: str
    width: str
    """The bar's width; empty when the group applies to no case."""
    value_x: str
    ref_lines: tuple[tuple[str, str, str, str], ...]
    """Reference marks as lines (x1, y1, x2, y2)."""
    ref_avg: str
    """The average as a diamond (an SVG path), or empty."""


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    desc: str
    axis: str
    width: int
    height: int
    top: int
    bottom: int
    ticks: tuple[tuple[str, int], ...]
    guides: tuple[tuple[str, str, str, str], ...]
    """(x, line top, label x, label y) and the label: see `guide_labels`."""
    guide_labels: tuple[str, ...]
    rows: tuple[Row, ...]
    plot_x: int = PLOT_X
    plot_end: int = PLOT_X + PLOT_W
    axis_x: str = f"{PLOT_X + PLOT_W / 2:.1f}"


def _x(share: float) -> str:
    return f"{PLOT_X + PLOT_W * max(0.0, min(1.0, share)):.1f}"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (labels in SVG do not wrap)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _reference(
    ref: tuple[float | None, float | None, float | None] | None, y: float
) -> tuple[tuple[tuple[str, str, str, str], ...], str]:
    if ref is None:
        return (), ""
    low, avg, high = ref
    lines = []
    if low is not None and high is not None:
        lines.append((_x(low), f"{y:.1f}", _x(high), f"{y:.1f}"))
    for value in (low, high):
        if value is not None:
            lines.append((_x(value), f"{y - 4:.1f}", _x(value), f"{y + 4:.1f}"))
    diamond = ""
    if avg is not None:
        cx = float(_x(avg))
        diamond = (
            f"M{cx:.1f} {y - 5:.1f}L{cx + 5:.1f} {y:.1f}L{cx:.1f} {y + 5:.1f}L{cx - 5:.1f} {y:.1f}Z"
        )
    return tuple(lines), diamond


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    *,
    axis: str,
    guides: Sequence[Guide] = (),
) -> Chart:
    """One chart's layout. Drawn as an ``<svg role="img">`` with a ``<title>`` and a
    ``<desc>`` that state every value, so the chart reads the same to a screen reader as to
    the eye; their ids are ``chart_id`` + ``_t`` / ``_d`` (an underscore, which the page's
    slug ids never contain)."""
    with_ref = any(b.reference is not None for b in bars)
    row_h = ROW_WITH_REFERENCE if with_ref else ROW
    top = TOP + (28 if guides else 0)
    bottom = top + row_h * len(bars)
    desc = "; ".join(
        f"{b.title}: {b.percent if b.percent is not None else 'no applicable case'}"
        + (f" {b.mark}" if b.mark else "")
        + (f" ({b.reference_text})" if b.reference_text else "")
        for b in bars
    )
    # Guide labels start at their line and alternate between two rows, so that neighbours
    # (e.g. 65% and 80%) do not overwrite each other.
    drawn_guides = []
    for i, g in enumerate(sorted(guides, key=lambda g: g.value)):
        x = _x(g.value)
        y = top - 6 - 13 * (1 - i % 2)
        drawn_guides.append(((x, str(y - 9), f"{float(x) + 3:.1f}", str(y)), g.label))
    rows = []
    for i, b in enumerate(bars):
        y = top + i * row_h + LABEL_H
        lines, diamond = _reference(b.reference, y + BAR_H + 7)
        end = None if b.score is None else float(_x(b.score))
        rows.append(
            Row(
                bar=b,
                tip=f"{b.title}: {b.percent or 'no applicable case'}"
                + (f", {b.detail}" if b.detail else ""),
                label_y=str(y - 4),
                y=str(y),
                mid=f"{y + BAR_H / 2:.1f}",
                width="" if end is None else f"{end - PLOT_X:.1f}",
                value_x="" if end is None else f"{end + 5:.1f}",
                ref_lines=lines,
                ref_avg=diamond,
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        desc=desc,
        axis=axis,
        width=WIDTH,
        height=bottom + AXIS_H,
        top=top,
        bottom=bottom,
        ticks=tuple((_x(t / 100), t) for t in range(0, 101, 25)),
        guides=tuple(g for g, _ in drawn_guides),
        guide_labels=tuple(label for _, label in drawn_guides),
        rows=tuple(rows),
    )
