"""Progress on long runs: a bar on a terminal (rich), nothing when output is piped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")

__all__ = ["progress"]

# Runs shorter than this finish before a bar is worth drawing.
MIN_ITEMS = 500


def progress(items: Iterable[T], total: int | None, label: str, stream: IO[str]) -> Iterator[T]:
    """Yield ``items``, drawing a transient bar on ``stream`` when it is a terminal (a
    running count when ``total`` is not known in advance)."""
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    if (total is not None and total < MIN_ITEMS) or isatty is None or not isatty():
        yield from items
        return
    # rich is imported only when a bar is drawn: most runs are piped or short.
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TimeRemainingColumn,
    )

    console = Console(file=stream)
    columns = (
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)
