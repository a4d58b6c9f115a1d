"""A value the library cannot honour is an `ArgumentError` naming the API parameter (never a
command-line flag, never a silent fallback)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import aow_rules
from aow_rules import ArgumentError, Sample

from .support import EXAMPLES, columnar_installed, without_polars

SAMPLE = EXAMPLES.parent / "sample-iaow-2013-10.jsonl"


def _problem(info: pytest.ExceptionInfo[ArgumentError]) -> aow_rules.Problem:
    (problem,) = info.value.problems
    assert "--" not in f"{problem.source} {problem.message} {problem.suggestion}"
    return problem


@pytest.mark.parametrize("verb", ["report", "qa", "impact"])
def test_columnar_that_cannot_run_names_the_engine_parameter(
    verb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_polars(monkeypatch)
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
    assert problem.message == "the columnar path needs polars: pip install 'aow-rules[columnar]'"
    assert problem.suggestion == "use engine='per-case'"


def test_an_unknown_engine_is_refused_by_name() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    with pytest.raises(ArgumentError) as info:
        aow_rules.report(criteria, Sample((), (), ()), engine="bogus")  # type: ignore[arg-type]
    problem = _problem(info)
    assert problem.source == "engine"
    assert problem.message == (
        "engine must be one of auto, per-case, columnar, stream, not 'bogus'"
    )


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


def _without_engine(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["sample"] = {k: v for k, v in data["sample"].items() if k not in ("engine", "case_list")}
    data.pop("cases")
    return data


def test_report_honours_the_stream_engine_on_the_library_path() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(SAMPLE, criteria)
    per_case = aow_rules.report(criteria, sample, engine="per-case")
    drawn: list[str] = []

    def cases() -> Iterator[aow_rules.Case]:
        for case in sample.cases:
            drawn.append(case.case_id)
            yield case

    streamed = aow_rules.report(criteria, cases(), engine="stream")
    assert drawn == [c.case_id for c in sample.cases]
    assert streamed.engine == "stream"
    assert streamed.judgements == ()
    data = streamed.to_dict()
    assert data["sample"]["engine"] == "stream"
    assert data["sample"]["case_list"] is False
    assert data["cases"] == []
    assert _without_engine(data) == _without_engine(per_case.to_dict())
    # A read sample streams too, and keeps its rejected cases.
    assert aow_rules.report(criteria, sample, engine="stream").to_dict() == data


def test_options_an_engine_cannot_honour_are_refused_by_name() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    sample = aow_rules.read_sample(SAMPLE, criteria)
    streamed = aow_rules.report(criteria, sample, engine="stream")
    refused = [(streamed, "explain"), (streamed, "case_list")]
    if columnar_installed():
        refused.append((aow_rules.report(criteria, sample, engine="columnar"), "explain"))
    for report, parameter in refused:
        with pytest.raises(ArgumentError) as info:
            report.to_dict(**{parameter: True})
        problem = _problem(info)
        assert problem.source == parameter
        assert problem.message.startswith(f"{parameter}=True ")
        assert problem.message.endswith(f"which the {report.engine} engine does not keep")
        assert problem.suggestion == "score the sample with engine='per-case'"
    # What an engine can do stays allowed: no case list asked of a stream, a columnar list.
    assert streamed.to_dict(case_list=False)["cases"] == []
    if columnar_installed():
        cases = aow_rules.report(criteria, sample, engine="columnar").to_dict(case_list=True)
        assert len(cases["cases"]) == len(sample.cases)
