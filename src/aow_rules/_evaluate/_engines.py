"""Which engine scores a sample: one case at a time, or the whole sample as columns.

In: the engine asked for, the sample's size and the criteria. Out: the engine that will run,
or `CaseError` when the columnar engine was asked for and cannot run. Called by the report
builders, QA and impact, so every verb chooses the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..errors import CaseError, Code, Problem

if TYPE_CHECKING:
    from .._criteria import Criteria

__all__ = [
    "COLUMNAR_FROM",
    "HELD_ENGINES",
    "Engine",
    "HeldEngine",
    "check_held_engine",
    "choose_engine",
]

COLUMNAR_FROM = 20_000
"""``engine="auto"`` scores samples of at least this many cases as columns (with polars)."""
Engine = Literal["auto", "per-case", "columnar", "stream"]
HeldEngine = Literal["auto", "per-case", "columnar"]
"""The engines of a verb that holds the whole sample (qa, impact): all but ``stream``."""
HELD_ENGINES: tuple[HeldEngine, ...] = ("auto", "per-case", "columnar")


def check_held_engine(engine: str) -> None:
    """Raise `ValueError` unless ``engine`` is one of `HELD_ENGINES`."""
    if engine not in HELD_ENGINES:
        raise ValueError(f"engine must be one of {', '.join(HELD_ENGINES)}, not {engine!r}")


def choose_engine(
    engine: Engine, cases: int, criteria: Criteria
) -> Literal["per-case", "columnar", "stream"]:
    """The engine that will score ``cases`` cases; raises `CaseError` if ``columnar`` was asked
    for and cannot run (polars missing, or criteria it cannot sum exactly)."""
    from ._columnar import available, unsupported  # noqa: PLC0415 - keeps polars off import

    missing = available() or unsupported(criteria)
    if engine == "columnar" and missing:
        raise CaseError(
            [Problem(Code.INVALID_VALUE, missing, "--engine", suggestion="use --engine per-case")]
        )
    if engine == "auto":
        return "columnar" if cases >= COLUMNAR_FROM and not missing else "per-case"
    return engine
