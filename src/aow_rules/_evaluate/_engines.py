"""Which engine scores a sample: one case at a time, or the whole sample as columns.

In: the engine asked for, the sample's size and the criteria. Out: the engine that will run,
or `ArgumentError` (its problem's source: ``engine``) for an unknown engine, or for the
columnar engine when it cannot run. Called by the report builders, QA and impact, so every
verb chooses the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..errors import ArgumentError, Code, Problem

if TYPE_CHECKING:
    from .._criteria import Criteria

__all__ = [
    "COLUMNAR_FROM",
    "ENGINES",
    "HELD_ENGINES",
    "Engine",
    "HeldEngine",
    "check_held_engine",
    "choose_engine",
]

COLUMNAR_FROM = 20_000
"""``engine="auto"`` scores samples of at least this many cases as columns (with polars)."""
Engine = Literal["auto", "per-case", "columnar", "stream"]
ENGINES: tuple[Engine, ...] = ("auto", "per-case", "columnar", "stream")
HeldEngine = Literal["auto", "per-case", "columnar"]
"""The engines of a verb that holds the whole sample (qa, impact): all but ``stream``."""
HELD_ENGINES: tuple[HeldEngine, ...] = ("auto", "per-case", "columnar")


def _check(engine: str, engines: tuple[str, ...]) -> None:
    if engine not in engines:
        message = f"engine must be one of {', '.join(engines)}, not {engine!r}"
        raise ArgumentError([Problem(Code.INVALID_VALUE, message, "engine")])


def check_held_engine(engine: str) -> None:
    """Raise `ArgumentError` unless ``engine`` is one of `HELD_ENGINES`."""
    _check(engine, HELD_ENGINES)


def choose_engine(
    engine: Engine, cases: int, criteria: Criteria
) -> Literal["per-case", "columnar", "stream"]:
    """The engine that will score ``cases`` cases; raises `ArgumentError` for an unknown
    engine, or if ``columnar`` was asked for and cannot run (polars missing, or criteria it
    cannot sum exactly)."""
    from ._columnar import available, unsupported  # noqa: PLC0415 - keeps polars off import

    _check(engine, ENGINES)
    missing = available() or unsupported(criteria)
    if engine == "columnar" and missing:
        raise ArgumentError(
            [Problem(Code.INVALID_VALUE, missing, "engine", suggestion="use engine='per-case'")]
        )
    if engine == "auto":
        return "columnar" if cases >= COLUMNAR_FROM and not missing else "per-case"
    return engine
