"""Checking a criteria file as its author does: compile it, lint what compiled, and check the
synthetic profile beside it (``<id>.synth.yaml``) against it.

In: a shipped id or a file path. Out: a `CheckResult` holding every problem that stops the
file (or its profile) being used, or the compiled criteria with its lint warnings. Called by
the public `check`, the CLI's check verb and the service, which checks every file it serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._criteria import Criteria, LintWarning, lint, load_criteria, resolve_criteria
from .._synth import load_profile
from ..errors import CriteriaError, Problem

__all__ = ["CheckResult", "check"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on one criteria file: ``ok`` when it compiles and its synthetic profile (if
    it has one) fits it; every problem otherwise."""

    source: str
    """The file checked (a shipped id resolves to its file), or the name given when there
    is no such file."""
    criteria: Criteria | None
    """The compiled criteria, or None when the file or its profile has problems."""
    problems: tuple[Problem, ...]
    """Everything that stops the file compiling, in file order."""
    warnings: tuple[LintWarning, ...]
    """Lint warnings the file does not explain."""
    explained: tuple[LintWarning, ...]
    """Lint warnings the file accepts, each with its author's reason."""

    @property
    def ok(self) -> bool:
        """True when the file compiled (lint warnings do not stop it)."""
        return self.criteria is not None

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON data (what ``aow-rules check --format json`` prints)."""
        c = self.criteria
        if c is None:
            return {
                "ok": False,
                "source": self.source,
                "problems": [p.to_dict() for p in self.problems],
                "warnings": [],
                "explained": [],
            }
        return {
            "ok": True,
            "id": c.id,
            "version": c.version,
            "status": c.status,
            "sha256": c.sha256,
            "outcomes": len(c.outcomes),
            "criteria": len(c.criteria),
            "facts": len(c.facts),
            "questions": len(c.questions),
            "scored_questions": sum(1 for q in c.questions if q.scored),
            "consistency_rules": len(c.rules),
            "problems": [],
            "warnings": [w.to_dict(self.source) for w in self.warnings],
            "explained": [w.to_dict(self.source) for w in self.explained],
        }


def check(criteria: str | Path) -> CheckResult:
    """Check a criteria file, named by shipped id or path: every problem, or its lint.

    Problems in the file, or in the synthetic profile beside it, are the result, not an
    exception: ``result.ok`` says which.
    """
    try:
        path = resolve_criteria(criteria)
        compiled = load_criteria(path)
    except CriteriaError as exc:
        return CheckResult(str(criteria), None, exc.problems, (), ())
    try:
        load_profile(compiled)
    except CriteriaError as exc:
        return CheckResult(str(path), None, exc.problems, (), ())
    found = lint(compiled)
    return CheckResult(
        str(path),
        compiled,
        (),
        tuple(w for w in found if w.explained is None),
        tuple(w for w in found if w.explained is not None),
    )
