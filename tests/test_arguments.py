"""A value the library cannot honour is an `ArgumentError` naming the API parameter (never a
command-line flag, never a silent fallback)."""

from __future__ import annotations

import pytest

import aow_rules
from aow_rules import ArgumentError, Sample
from aow_rules._evaluate import _columnar as columnar
from aow_rules._evaluate import choose_engine

from .support import EXAMPLES

SAMPLE = EXAMPLES.parent / "sample-iaow-2013-10.jsonl"


def _problem(info: pytest.ExceptionInfo[ArgumentError]) -> aow_rules.Problem:
    (problem,) = info.value.problems
    assert "--" not in f"{problem.source} {problem.message} {problem.suggestion}"
    return problem


@pytest.mark.parametrize("verb", ["report", "qa", "impact"])
def test_columnar_that_cannot_run_names_the_engine_parameter(
    verb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(columnar, "available", lambda: "the columnar path needs polars: x")
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(SAMPLE, criteria)
    run = {
        "report": lambda: aow_rules.report(criteria, sample, engine="columnar"),
        "qa": lambda: aow_rules.qa(criteria, sample, engine="columnar"),
        "impact": lambda: aow_rules.impact(criteria, criteria, sample, engine="columnar"),
    }[verb]
    with pytest.raises(ArgumentError) as info:
        run()
    problem = _problem(info)
    assert (problem.code, problem.source) == ("invalid_value", "engine")
    assert problem.message == "the columnar path needs polars: x"
    assert problem.suggestion == "use engine='per-case'"


def test_an_unknown_engine_is_refused_by_name() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    with pytest.raises(ArgumentError) as info:
        choose_engine("bogus", 10, criteria)  # type: ignore[arg-type]
    problem = _problem(info)
    assert problem.source == "engine"
    assert problem.message == (
        "engine must be one of auto, per-case, columnar, stream, not 'bogus'"
    )
    with pytest.raises(ArgumentError, match="not 'bogus'"):
        aow_rules.report(criteria, Sample((), (), ()), engine="bogus")  # type: ignore[arg-type]


def test_breakdowns_name_the_by_parameter() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    with pytest.raises(ArgumentError) as info:
        aow_rules.report(criteria, [], by=["nofact", "provider", "requirements"])
    problems = info.value.problems
    assert [(p.code, p.source) for p in problems] == [
        ("unknown_reference", "by"),
        ("invalid_value", "by"),
    ]
    assert all("--" not in f"{p.message} {p.suggestion}" for p in problems)
