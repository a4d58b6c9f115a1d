"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import atexit
import importlib.util
import io
import shutil
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest

import aow_rules
from aow_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"
CRITERIA_DIR = ROOT / "criteria"
EXAMPLES = ROOT / "examples" / "cases"
MINI = FIXTURES / "mini.yaml"
# The columnar engine needs the columnar extra (polars and numpy), as its error message says.
COLUMNAR_EXTRA = ("polars", "numpy")


def columnar_installed() -> bool:
    """True when the columnar extra is installed (so engine="columnar" can run)."""
    return all(importlib.util.find_spec(name) is not None for name in COLUMNAR_EXTRA)


def without_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the rest of the test as a user who did not install polars (the columnar extra):
    a None in sys.modules makes it unimportable and unfindable, until the test ends."""
    monkeypatch.setitem(sys.modules, "polars", None)


def criteria_file(text: str, name: str) -> aow_rules.Criteria:
    """Criteria written in a test, loaded as a user loads them: from a file (``name``, in a
    folder of its own that lasts until the test run ends)."""
    folder = Path(tempfile.mkdtemp(prefix="aow-tests-criteria-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return aow_rules.load_criteria(path)


def run_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    """Run ``aow-rules`` in-process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def shipped_files() -> list[Path]:
    """Every criteria file in criteria/ (not the golden cases or synthetic profiles beside them)."""
    beside = (".cases.yaml", ".synth.yaml")
    return sorted(p for p in CRITERIA_DIR.glob("*.yaml") if not p.name.endswith(beside))


def _exact(value: object) -> Fraction:
    assert isinstance(value, (int, str)), value
    assert not isinstance(value, bool), value
    return Fraction(value)


def _because(judgement_json: dict, group: dict) -> list[dict]:  # type: ignore[type-arg]
    """A group's because entries: as written (aow-judgement/1), or made from the question ids
    the group lists, their entries under ``questions`` and the group's weights (format 2)."""
    if judgement_json["format"] == "aow-judgement/1":
        assert "questions" not in group, group
        return group["because"]  # type: ignore[no-any-return]
    assert judgement_json["format"] == "aow-judgement/2", judgement_json["format"]
    assert "because" not in group, group
    weights = group.get("weights", {})
    assert set(weights) <= set(group["questions"]), (weights, group["questions"])
    assert all(w != 1 for w in weights.values()), weights  # only weights other than 1
    entries = []
    for qid in group["questions"]:
        entry = {"question": qid, **judgement_json["questions"][qid]}
        if entry["status"] in ("counted", "answered_na"):
            entry["weight"] = weights.get(qid, 1)
        entries.append(entry)
    return entries


def assert_recomputes(judgement_json: dict) -> None:  # type: ignore[type-arg]
    """Every group number in a rendered judgement (aow-judgement/1 or /2) follows from its
    ``because`` list (format 1), or from the entries of the questions it lists (format 2)."""
    statuses = {qid: q["status"] for qid, q in judgement_json["questions"].items()}
    for kind in ("outcomes", "stages", "criteria_groups"):
        for gid, group in judgement_json[kind].items():
            yes = Fraction(0)
            counted = Fraction(0)
            for entry in _because(judgement_json, group):
                assert entry["status"] == statuses[entry["question"]], (gid, entry)
                if entry["status"] == "counted":
                    yes += _exact(entry["credit"]) * _exact(entry["weight"])
                    counted += _exact(entry["weight"])
                else:
                    # Only counted questions carry credit into a group.
                    assert entry.get("credit") is None, (gid, entry)
            where = f"{kind}.{gid}"
            assert group["yes"] == (int(yes) if yes.denominator == 1 else float(yes)), where
            assert group["counted"] == (
                int(counted) if counted.denominator == 1 else float(counted)
            ), where
            if counted == 0:
                assert group["score"] is None, where
                assert group["fraction"] is None, where
            else:
                score = yes / counted
                assert Fraction(group["fraction"]) == score, where
                assert group["fraction"] == f"{score.numerator}/{score.denominator}", where
                assert group["score"] == float(score), where
                assert 0 <= group["score"] <= 1, where
