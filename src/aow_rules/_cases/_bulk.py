"""The cyclic garbage collector paused while a whole sample is read and scored.

Reading a sample builds hundreds of thousands of small containers (a dict per case and per
mapping in it, a `Case`, tuples) that hold no reference cycles. Each batch of new containers
sets off a collection, and every third pass of the oldest generation walks everything still
alive: the sample read so far. On a 20,000-case file that was a third of `report`'s time
(7,900 against 11,500 cases/s with the collector paused, measured with `bench/reading.py`'s
file on an editable install). Pausing it does not change what is computed, and objects are
still freed by reference counting as usual; only cycles wait until the collector resumes,
which it does when the outermost bulk call returns, however it returns. If the caller had
paused it already, it stays paused.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["bulk"]

P = ParamSpec("P")
R = TypeVar("R")


def bulk(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the cyclic collector paused (see the module docstring)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
