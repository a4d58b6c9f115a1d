"""The library API as another service uses it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

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
    api = aow_rules.evaluate(criteria, aow_rules.load_case(path, criteria)).to_json()
    code, out, _ = run_cli("evaluate", str(path))
    assert code == 0
    assert out == api + "\n"
