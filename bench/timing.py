"""Timing helpers on top of bench/evaluate.py's `best_of`, for runs whose result is needed.

The first run of a measurement can be kept (a compiled criteria, the judgements to aggregate,
an aggregate to check) and counted among the runs, so large samples are not processed once
more just to get the result.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

from evaluate import best_of

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """One run of ``fn``, timed with the garbage collector off: (seconds, its result)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def best_after(first: float, repeat: int, fn: Callable[[], object], budget: float) -> float:
    """The best of a ``first`` run and up to ``repeat - 1`` more, within ``budget`` seconds."""
    if repeat <= 1 or first >= budget:
        return first
    return min(first, best_of(repeat - 1, fn, budget - first))


def best_keeping(repeat: int, fn: Callable[[], T], budget: float) -> tuple[float, T]:
    """`best_of`, also returning the first run's result."""
    first, result = timed(fn)
    return best_after(first, repeat, fn, budget), result
