"""`aow-rules test`: golden cases with expected-against-actual differences, and coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .support import MINI, run_cli, shipped_files


def test_shipped_files_pass() -> None:
    for path in shipped_files():
        code, out, err = run_cli("test", str(path))
        assert (code, err) == (0, ""), out
        assert " 0 failed" in out.splitlines()[0]
        assert "scored questions counted in some case" in out


def test_a_failing_case_exits_1_with_the_difference(tmp_path: Path) -> None:
    crit = tmp_path / "mini.yaml"
    shutil.copy(MINI, crit)
    golden = MINI.with_name("mini.cases.yaml").read_text()
    (tmp_path / "mini.cases.yaml").write_text(golden.replace('O1: "5/6"', 'O1: "4/6"'))
    code, out, _ = run_cli("test", str(crit))
    assert code == 1
    assert "FAIL all-counted" in out
    assert "outcome O1: expected 4/6, got 5/6 (yes 5/2, counted 3)" in out
    code, out, _ = run_cli("test", str(crit), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert [c["passed"] for c in data["cases"]] == [False, True, True]


def test_coverage_names_conditions_not_seen_both_ways(tmp_path: Path) -> None:
    code, out, _ = run_cli("test", str(MINI), "--format", "json")
    assert code == 0
    cover = json.loads(out)["coverage"]
    assert cover["questions_never_counted"] == []
    seen = {c["condition"]: c["seen"] for c in cover["conditions"]}
    assert seen['case.report != "none"'] == ["false", "true"]
    # The consistency rule never fires in the mini golden cases.
    rule = next(k for k in seen if "1.1-02" in k and "none" in k and "==" in k)
    assert seen[rule] == ["false"]


def test_missing_golden_file(tmp_path: Path) -> None:
    crit = tmp_path / "lonely.yaml"
    shutil.copy(MINI, crit)
    code, _, err = run_cli("test", str(crit))
    assert code == 3
    assert "file_not_found" in err
    assert "lonely.cases.yaml" in err
