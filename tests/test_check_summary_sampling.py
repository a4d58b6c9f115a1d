"""`check`'s summary line says how a version draws its sample, when its file has a
``sampling:`` section (every shipped file has one)."""

from __future__ import annotations

import pytest

import aow_rules
from tests.support import run_cli


@pytest.mark.parametrize("criteria_id", sorted(aow_rules.shipped_criteria()))
def test_the_summary_names_the_sampling_rules(criteria_id: str) -> None:
    sampling = aow_rules.load_criteria(criteria_id).sampling
    assert sampling is not None
    code, out, _ = run_cli("check", criteria_id)
    assert code == 0
    summary = out.splitlines()[0]
    assert (
        f", samples of {sampling.size_min}-{sampling.size_max} cases "
        f"({len(sampling.exclusions)} exclusions, at most {sampling.officer_cap} per officer); "
    ) in summary
