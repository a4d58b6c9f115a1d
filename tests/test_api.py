"""The library API as another service uses it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import pytest

import aow_rules
from aow_rules import CaseError, Status

from .support import EXAMPLES, FIXTURES, MINI, run_cli


def test_public_names() -> None:
    for name in aow_rules.__all__:
        assert hasattr(aow_rules, name), name


def test_evaluate_one_case() -> None:
    criteria = aow_rules.load_criteria(MINI)
    case = aow_rules.load_case(FIXTURES / "case-good.json", criteria)
    judgement = aow_rules.evaluate(criteria, case)
    o1 = judgement.outcomes["O1"]
    assert (o1.yes, o1.counted, o1.score) == (Fraction(3, 2), Fraction(2), Fraction(3, 4))
    assert judgement.status("1.1-02") is Status.ANSWERED_NA
    assert judgement.status("0-01") is Status.UNSCORED
    data = json.loads(judgement.to_json())
    assert data["criteria"] == {"id": "mini-1", "version": "1", "sha256": criteria.sha256}
    assert data["summary"].startswith("First outcome: 1.5 of 2 weighted points met (75%).")


def test_criteria_are_immutable_hashable_and_loaded_once() -> None:
    a = aow_rules.load_criteria(MINI)
    b = aow_rules.load_criteria(str(MINI))
    assert a is b
    assert hash(a) == hash(b)
    assert {a: 1}[b] == 1
    with pytest.raises(AttributeError):
        a.id = "other"  # type: ignore[misc]


def test_versions_side_by_side(tmp_path: object) -> None:
    mini = aow_rules.load_criteria(MINI)
    shipped = aow_rules.load_criteria("iaow-2013-10")
    assert mini.sha256 != shipped.sha256
    example = json.loads(sorted(EXAMPLES.glob("*.json"))[0].read_text())
    with pytest.raises(CaseError) as info:
        aow_rules.parse_case(example, mini)
    assert info.value.headline.code == "case_wrong_criteria"
    assert aow_rules.evaluate(shipped, aow_rules.parse_case(example, shipped)).to_json()


@pytest.mark.slow  # many evaluations on many threads: about 5 s
def test_one_criteria_shared_between_threads() -> None:
    criteria = aow_rules.load_criteria("iaow-2013-10")
    cases = [aow_rules.load_case(p, criteria) for p in sorted(EXAMPLES.glob("*.json"))]
    expected = [aow_rules.evaluate(criteria, c).to_json() for c in cases]

    def work(_: int) -> list[str]:
        return [aow_rules.evaluate(criteria, c).to_json() for _ in range(25) for c in cases]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(16)))
    for result in results:
        assert result == expected * 25


def test_the_same_judgement_from_api_and_cli() -> None:
    path = sorted(EXAMPLES.glob("*.json"))[0]
    criteria = aow_rules.load_criteria("iaow-2013-10")
    # The command line indents its JSON for people; the library writes it compact by default.
    api = aow_rules.evaluate(criteria, aow_rules.load_case(path, criteria)).to_json(indent=2)
    code, out, _ = run_cli("evaluate", str(path))
    assert code == 0
    assert out == api + "\n"


@pytest.mark.parametrize(
    ("facts", "answers", "condition", "read"),
    [
        ({"report": "none", "victim": False}, {}, 'case.report != "none"', {"case.report": "none"}),
        (
            {"report": "fast", "victim": False},
            {"1.1-01": "no"},
            '"1.1-01" in answers && answers["1.1-01"] == "yes"',
            {'answers["1.1-01"]': "no"},
        ),
    ],
)
def test_explanation_names_the_part_of_all_that_was_false(
    facts: dict[str, object], answers: dict[str, str], condition: str, read: dict[str, object]
) -> None:
    criteria = aow_rules.load_criteria(MINI)
    case = aow_rules.parse_case(
        {
            "format": "aow-case/1",
            "case_id": "X",
            "criteria": "mini-1",
            "facts": facts,
            "answers": answers,
        },
        criteria,
    )
    entry = aow_rules.evaluate(criteria, case).to_dict()["questions"]["1.1-02"]
    assert entry == {"status": "not_applicable", "condition": condition, "read": read}


@pytest.mark.parametrize(("pairs", "wrap"), [(1, "all"), (2, "any"), (28, None)])
def test_nested_all_any_not(tmp_path: Path, pairs: int, wrap: str | None) -> None:
    # 28 pairs of not give 56 levels: past CEL's nesting limit for the fused closure, so the
    # tree walk answers; the result must be the same.
    cond = "case.victim"
    for _ in range(pairs):
        cond = f"{{not: {{not: {cond}}}}}"
    if wrap:
        cond = f"{{{wrap}: [{cond}, case.victim]}}"
    path = tmp_path / "nested.yaml"
    path.write_text(MINI.read_text().replace("applies_if: case.victim", f"applies_if: {cond}"))
    criteria = aow_rules.load_criteria(path)
    for victim, status in ((True, Status.COUNTED), (False, Status.NOT_APPLICABLE)):
        case = aow_rules.parse_case(
            {
                "format": "aow-case/1",
                "case_id": "N",
                "criteria": "mini-1",
                "facts": {"report": "none", "victim": victim},
                "answers": {"2.1-01": "good"},
            },
            criteria,
        )
        judgement = aow_rules.evaluate(criteria, case)
        assert judgement.status("2.1-01") is status
        if not victim:
            entry = judgement.to_dict()["questions"]["2.1-01"]
            assert "case.victim" in entry["condition"]
            assert entry["read"] == {"case.victim": False}
