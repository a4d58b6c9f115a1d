"""Horizontal bar charts as inline SVG for the HTML sample report: a 0-100% axis with labelled
ticks, the percentage written beside each bar, optional reference ranges (lowest, average,
highest of other areas) and optional vertical guides (rating levels).

Colour never carries meaning alone: the group's own bar is also labelled in bold, reference
figures use distinct shapes, guides are labelled. Coordinates are printed with fixed decimals
so the same data always gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "Guide", "bar_chart", "clip"]

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
    """The short label shown left of the bar (an id and the start of a title)."""
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


def _e(value: object) -> str:
    return html.escape(str(value))


def _x(share: float) -> str:
    return f"{PLOT_X + PLOT_W * max(0.0, min(1.0, share)):.1f}"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (labels in SVG do not wrap)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _reference_marks(ref: tuple[float | None, float | None, float | None], y: float) -> str:
    low, avg, high = ref
    parts = []
    if low is not None and high is not None:
        parts.append(
            f'<line class="ref" x1="{_x(low)}" y1="{y:.1f}" x2="{_x(high)}" y2="{y:.1f}"/>'
        )
    for value in (low, high):
        if value is not None:
            parts.append(
                f'<line class="ref" x1="{_x(value)}" y1="{y - 4:.1f}" '
                f'x2="{_x(value)}" y2="{y + 4:.1f}"/>'
            )
    if avg is not None:
        cx = float(_x(avg))
        parts.append(
            f'<path class="ref-avg" d="M{cx:.1f} {y - 5:.1f}L{cx + 5:.1f} {y:.1f}'
            f'L{cx:.1f} {y + 5:.1f}L{cx - 5:.1f} {y:.1f}Z"/>'
        )
    return "".join(parts)


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    *,
    axis: str,
    guides: Sequence[Guide] = (),
) -> str:
    """One chart as an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that state
    every value, so the chart reads the same to a screen reader as to the eye. Their ids are
    ``chart_id`` + ``_t`` / ``_d`` (an underscore, which the page's slug ids never contain)."""
    with_ref = any(b.reference is not None for b in bars)
    row = ROW_WITH_REFERENCE if with_ref else ROW
    top = TOP + (28 if guides else 0)
    plot_h = row * len(bars)
    height = top + plot_h + AXIS_H
    desc = "; ".join(
        f"{b.title}: {b.percent if b.percent is not None else 'no applicable case'}"
        + (f" {b.mark}" if b.mark else "")
        + (f" ({b.reference_text})" if b.reference_text else "")
        for b in bars
    )
    out = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}_t {chart_id}_d" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}_t">{_e(title)}</title><desc id="{chart_id}_d">{_e(desc)}</desc>'
    ]
    bottom = top + plot_h
    for tick in range(0, 101, 25):
        x = _x(tick / 100)
        out.append(
            f'<line class="grid" x1="{x}" y1="{top - 4}" x2="{x}" y2="{bottom}"/>'
            f'<text class="tick" x="{x}" y="{bottom + 14}" text-anchor="middle">{tick}%</text>'
        )
    out.append(
        f'<line class="axis" x1="{PLOT_X}" y1="{bottom}" x2="{PLOT_X + PLOT_W}" y2="{bottom}"/>'
        f'<text class="axis-title" x="{PLOT_X + PLOT_W / 2:.1f}" y="{bottom + 32}" '
        f'text-anchor="middle">{_e(axis)}</text>'
    )
    # Guide labels start at their line and alternate between two rows, so that neighbours
    # (e.g. 65% and 80%) do not overwrite each other.
    for i, g in enumerate(sorted(guides, key=lambda g: g.value)):
        x = _x(g.value)
        y = top - 6 - 13 * (1 - i % 2)
        out.append(
            f'<line class="guide" x1="{x}" y1="{y - 9}" x2="{x}" y2="{bottom}"/>'
            f'<text class="guide-label" x="{float(x) + 3:.1f}" y="{y}">{_e(g.label)}</text>'
        )
    for i, b in enumerate(bars):
        y = top + i * row + LABEL_H
        mid = y + BAR_H / 2
        cls = "bar strong" if b.strong else "bar"
        tip = f"{b.title}: {b.percent or 'no applicable case'}" + (
            f", {b.detail}" if b.detail else ""
        )
        out.append(
            f'<g class="{"row strong" if b.strong else "row"}"><title>{_e(tip)}</title>'
            f'<text class="label" x="{PLOT_X}" y="{y - 4}">{_e(b.label)}</text>'
        )
        if b.score is None:
            out.append(
                f'<text class="none" x="{PLOT_X + 6}" y="{mid:.1f}" '
                f'dominant-baseline="central">no applicable case</text>'
            )
        else:
            end = float(_x(b.score))
            out.append(
                f'<rect class="{cls}" x="{PLOT_X}" y="{y}" width="{end - PLOT_X:.1f}" '
                f'height="{BAR_H}"/><text class="value" x="{end + 5:.1f}" y="{mid:.1f}" '
                f'dominant-baseline="central">{_e(b.percent)}'
                + (f' <tspan class="mark">{_e(b.mark)}</tspan>' if b.mark else "")
                + "</text>"
            )
        if b.reference is not None:
            out.append(_reference_marks(b.reference, y + BAR_H + 7))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
