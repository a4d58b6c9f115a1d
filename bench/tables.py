"""Result tables of the benchmark suite: printed as aligned text, written as Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A titled table; numbers are formatted by the caller, so text and Markdown agree."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.title}: {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(tuple(str(c) for c in cells))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def text(self) -> str:
        widths = [len(c) for c in self.columns]
        for row in self.rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

        def line(cells: tuple[str, ...]) -> str:
            # The first column is a label (left); the rest are mostly numbers (right).
            parts = [cells[0].ljust(widths[0])]
            parts += [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
            return "  " + "  ".join(parts).rstrip()

        out = [self.title, line(self.columns), "  " + "  ".join("-" * w for w in widths)]
        out += [line(r) for r in self.rows]
        out += [f"  {n}" for n in self.notes]
        return "\n".join(out)

    def markdown(self) -> str:
        def line(cells: tuple[str, ...]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        align = "|---|" + "".join("---:|" for _ in self.columns[1:])
        out = [f"### {self.title}", "", line(self.columns), align]
        out += [line(r) for r in self.rows]
        if self.notes:
            out.append("")
            out += [f"- {n}" for n in self.notes]
        return "\n".join(out)


def rate(n: int, seconds: float | None) -> str:
    """Cases per second, or a dash when nothing was measured."""
    return "-" if not seconds else f"{n / seconds:,.0f}"


def micro(seconds: float | None, n: int = 1) -> str:
    """Microseconds per item."""
    return "-" if seconds is None else f"{seconds / n * 1e6:,.2f}"


def ratio(fast: float, slow: float) -> str:
    """How many times faster (rates) ``fast`` is than ``slow``."""
    return "-" if not slow else f"{fast / slow:,.1f}x"


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"
