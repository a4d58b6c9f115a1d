"""Golden cases: cases stored beside a criteria file with the judgement they must produce.

One runner serves pytest, ``aow-rules test`` and version checks. A golden file
(``<criteria id>.cases.yaml``, format ``aow-golden/1``) lists cases; each case's ``expect``
names exact fractions per group (or null for "nothing counted"), question statuses, and the
exact list of findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .._cases._parse import CASE_FORMAT, parse_case
from .._criteria import Criteria, Node, load_criteria, resolve_criteria
from .._evaluate._evaluate import evaluate
from .._evaluate._judgement import Judgement
from .._numbers import fraction_text
from .._strict._shape import field_names, shape_problems
from .._strict._yaml import read_yaml_file
from ..errors import AowError, Code, CriteriaError, Problem

__all__ = [
    "ConditionCoverage",
    "Coverage",
    "GoldenResult",
    "TestRun",
    "coverage",
    "golden_path",
    "load_golden",
    "run_golden",
    "run_tests",
]

GOLDEN_FORMAT = "aow-golden/1"
StatusName = Literal[
    "counted", "answered_na", "not_applicable", "unanswered", "unscored", "condition_error"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExpectedFinding(_Strict):
    code: str
    question: str | None = None
    rule: str | None = None


# An expected score: an exact fraction as the judgement writes it ("3/4", "1", "0").
FractionText = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,18}(/[1-9][0-9]{0,17})?$")]


class Expect(_Strict):
    outcomes: dict[str, FractionText | None] = Field(default_factory=dict)
    stages: dict[str, FractionText | None] = Field(default_factory=dict)
    criteria_groups: dict[str, FractionText | None] = Field(default_factory=dict)
    questions: dict[str, StatusName] = Field(default_factory=dict)
    findings: list[ExpectedFinding] | None = None
    bands: dict[str, str | None] = Field(default_factory=dict)


class GoldenCase(_Strict):
    name: str
    description: str
    case: dict[str, Any]
    expect: Expect


class GoldenFile(_Strict):
    format: Literal["aow-golden/1"]
    criteria: str
    cases: list[GoldenCase]


@dataclass(frozen=True, slots=True)
class GoldenResult:
    """The outcome of one golden case."""

    name: str
    description: str
    differences: tuple[str, ...]
    """Expected-against-actual, one line per difference; empty when the case passes."""
    judgement: Judgement | None

    @property
    def passed(self) -> bool:
        return not self.differences


def golden_path(criteria_file: Path) -> Path:
    """Where the golden cases of a criteria file live."""
    return criteria_file.with_name(criteria_file.name.removesuffix(".yaml") + ".cases.yaml")


def load_golden(path: Path) -> GoldenFile:
    """Read a golden file strictly; raises `CriteriaError` with every problem."""
    source = str(path)
    located, problems = read_yaml_file(path)
    if located is None or problems:
        raise CriteriaError(problems)
    try:
        return GoldenFile.model_validate(located.data)
    except ValidationError as exc:
        raise CriteriaError(shape_problems(exc, located, source, field_names(GoldenFile))) from None


def _compare_groups(
    kind: str, expected: dict[str, str | None], actual: dict[str, Any], out: list[str]
) -> None:
    for gid, want in expected.items():
        if gid not in actual:
            out.append(f"{kind} {gid}: no such group")
            continue
        got = actual[gid].score
        want_value = None if want is None else Fraction(want)
        if got != want_value:
            out.append(
                f"{kind} {gid}: expected {want}, got {fraction_text(got) or 'null'} "
                f"(yes {actual[gid].yes}, counted {actual[gid].counted})"
            )


def check_expectations(judgement: Judgement, expect: Expect) -> list[str]:
    """Every difference between a judgement and what was expected of it."""
    diffs: list[str] = []
    _compare_groups("outcome", expect.outcomes, judgement.outcomes, diffs)
    _compare_groups("stage", expect.stages, judgement.stages, diffs)
    _compare_groups("criterion", expect.criteria_groups, judgement.criteria_groups, diffs)
    groups = {**judgement.outcomes, **judgement.stages, **judgement.criteria_groups}
    for gid, band in expect.bands.items():
        got_band = groups[gid].band if gid in groups else "<no such group>"
        if got_band != band:
            diffs.append(f"band {gid}: expected {band}, got {got_band}")
    for qid, status in expect.questions.items():
        if qid not in judgement.criteria.question_index:
            diffs.append(f"question {qid}: no such question")
        elif judgement.status(qid) != status:
            diffs.append(f"question {qid}: expected {status}, got {judgement.status(qid)}")
    if expect.findings is not None:
        want = sorted((f.code, f.question or "", f.rule or "") for f in expect.findings)
        got = sorted(
            (f.code, f.question or "", f.rule.code if f.rule else "") for f in judgement.findings
        )
        for item in sorted(set(want) - set(got)):
            diffs.append(f"finding expected but not produced: {_finding_text(item)}")
        for item in sorted(set(got) - set(want)):
            diffs.append(f"finding produced but not expected: {_finding_text(item)}")
        if not diffs and want != got:
            diffs.append(f"findings differ in number: expected {len(want)}, got {len(got)}")
    return diffs


def _finding_text(item: tuple[str, str, str]) -> str:
    code, question, rule = item
    return code + (f" on {question}" if question else "") + (f" (rule {rule})" if rule else "")


def run_golden(criteria: Criteria, golden: GoldenFile) -> list[GoldenResult]:
    """Run every golden case against ``criteria``."""
    results = []
    if golden.criteria != criteria.id:
        problem = Problem(
            Code.CASE_WRONG_CRITERIA,
            f"golden cases are for {golden.criteria}, not {criteria.id}",
            criteria.source,
        )
        raise CriteriaError([problem])
    for gc in golden.cases:
        body = {"format": CASE_FORMAT, "criteria": golden.criteria, **gc.case}
        try:
            judgement = evaluate(criteria, parse_case(body, criteria, source=gc.name))
        except AowError as exc:
            results.append(
                GoldenResult(
                    gc.name, gc.description, tuple(f"invalid case: {p}" for p in exc.problems), None
                )
            )
            continue
        results.append(
            GoldenResult(
                gc.name, gc.description, tuple(check_expectations(judgement, gc.expect)), judgement
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class ConditionCoverage:
    """How one leaf condition came out over the golden cases."""

    text: str
    location: str
    seen: frozenset[str]
    """Which of "true", "false", "error" the cases produced."""

    @property
    def both_ways(self) -> bool:
        return {"true", "false"} <= self.seen


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the golden cases exercised."""

    counted: tuple[str, ...]
    """Scored questions counted in at least one case."""
    never_counted: tuple[str, ...]
    conditions: tuple[ConditionCoverage, ...]
    """Every distinct leaf condition (file order), with the values the cases gave it."""


def _leaves(node: Node) -> list[Node]:
    if node.leaf is not None:
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def coverage(criteria: Criteria, judgements: list[Judgement]) -> Coverage:
    """Which scored questions were counted, and which conditions were seen true and false."""
    counted = []
    never = []
    for q in criteria.questions:
        if not q.scored:
            continue
        if any(j.status(q.id) == "counted" for j in judgements):
            counted.append(q.id)
        else:
            never.append(q.id)
    roots = [q.applies_if for q in criteria.questions if q.applies_if is not None]
    roots += [r.when for r in criteria.rules]
    leaves: dict[tuple[str, str], Node] = {}
    for root in roots:
        for leaf in _leaves(root):
            leaves.setdefault((leaf.location, leaf.text), leaf)
    rows = []
    for (location, text), leaf in leaves.items():
        seen = set()
        for j in judgements:
            value = leaf.value(j.case.facts, j.case.answers)
            seen.add("true" if value is True else "false" if value is False else "error")
        rows.append(ConditionCoverage(text, location, frozenset(seen)))
    return Coverage(tuple(counted), tuple(never), tuple(rows))


@dataclass(frozen=True, slots=True)
class TestRun:
    """The golden cases of one criteria file, run: each case's verdict and the coverage."""

    __test__ = False  # a result type, not a test class: pytest must not collect it

    criteria: Criteria
    source: str
    """The criteria file the cases were run against."""
    results: tuple[GoldenResult, ...]
    coverage: Coverage

    @property
    def failed(self) -> tuple[GoldenResult, ...]:
        """The cases whose judgement differs from what was expected."""
        return tuple(r for r in self.results if not r.passed)

    @property
    def passed(self) -> bool:
        """True when every golden case passed."""
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        """The run as JSON data (what ``aow-rules test --format json`` prints)."""
        return {
            "criteria": self.criteria.id,
            "cases": [
                {
                    "name": r.name,
                    "description": r.description,
                    "passed": r.passed,
                    "differences": list(r.differences),
                }
                for r in self.results
            ],
            "coverage": {
                "questions_counted": list(self.coverage.counted),
                "questions_never_counted": list(self.coverage.never_counted),
                "conditions": [
                    {
                        "condition": c.text,
                        "location": f"{self.source}:{c.location}",
                        "seen": sorted(c.seen),
                    }
                    for c in self.coverage.conditions
                ],
            },
        }


def run_tests(criteria: str | Path) -> TestRun:
    """Run the golden cases beside a criteria file (``<id>.cases.yaml``), with coverage.

    Raises `CriteriaError` when the criteria or the golden file has problems, or when there
    is no golden file.
    """
    path = resolve_criteria(criteria)
    compiled = load_criteria(path)
    cases_path = golden_path(path)
    if not cases_path.is_file():
        raise CriteriaError(
            [
                Problem(
                    Code.FILE_NOT_FOUND,
                    f"no golden cases beside {path}",
                    str(cases_path),
                    suggestion="write them in this file (format aow-golden/1)",
                )
            ]
        )
    results = run_golden(compiled, load_golden(cases_path))
    judged = [r.judgement for r in results if r.judgement is not None]
    return TestRun(compiled, str(path), tuple(results), coverage(compiled, judged))
