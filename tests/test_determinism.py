"""Same inputs, byte-identical output: across runs, processes and hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .support import EXAMPLES, ROOT


def _evaluate_in_process(seed: str, case: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "aow_rules", "evaluate", case],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return done.stdout


@pytest.mark.parametrize("case", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_two_processes_two_hash_seeds(case: object) -> None:
    first = _evaluate_in_process("1", str(case))
    second = _evaluate_in_process("4242", str(case))
    assert first == second
    assert first.startswith(b"{")
