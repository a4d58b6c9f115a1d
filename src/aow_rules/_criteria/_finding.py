"""A finding: something a reader of a judgement should look at.

Declared with the criteria, like `Status`, because compiling a file builds every finding an
answer or a consistency rule can give (`_plan`): the per-case loop hands out those shared,
frozen values instead of building one per case. Only a condition's run-time error (and an
answer no table foresaw) makes a new one. The message is written only when someone reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .._cel import CelError
    from ._model import Node, Rule

__all__ = ["CaseValues", "Finding", "read_values"]


class CaseValues(Protocol):
    """What an explanation reads of a case (a `Case` is one)."""

    @property
    def facts(self) -> Mapping[str, object]: ...

    @property
    def answers(self) -> Mapping[str, str]: ...


def read_values(node: Node, case: CaseValues) -> dict[str, Any]:
    """The values a condition read; an absent fact or answer shows as null (a case can never
    hold null itself: parsing rejects it). A derived fact is followed by the facts it was
    computed from."""
    out: dict[str, Any] = {}
    for f in node.facts:
        out[f"case.{f}"] = case.facts.get(f)
    for f in node.derived_from:
        out.setdefault(f"case.{f}", case.facts.get(f))
    for q in node.questions:
        out[f'answers["{q}"]'] = case.answers.get(q)
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader of the judgement should look at."""

    code: str
    """``answered_not_applicable``, ``applicable_unanswered``, ``evidence_missing``,
    ``condition_error``, or the code of a consistency rule."""
    severity: str
    """``error`` or ``warning``."""
    question: str | None = None
    """The question concerned, if any."""
    rule: Rule | None = None
    """The consistency rule concerned, if any."""
    node: Node | None = None
    """The condition that decided the finding, if any."""
    answer: str | None = None
    """The answer involved, if any."""
    error: CelError | None = None
    """The run-time error of a condition, for ``condition_error``."""
    prompt: str | None = None
    """What evidence the criteria ask for, for ``evidence_missing``."""

    @property
    def message(self) -> str:
        """One line of plain English."""
        code, q = self.code, self.question
        if self.rule is not None:
            if self.error is not None and self.node is not None:
                return (
                    f"consistency rule {self.rule.code} could not be decided: "
                    f"{self.error.message} in {self.node.text}"
                )
            return self.rule.message
        if code == "answered_not_applicable" and self.node is not None:
            return (
                f"{q} was answered {self.answer!r} but does not apply ({self.node.text} is "
                "false); the answer is kept and not counted"
            )
        if code == "applicable_unanswered":
            return f"{q} applies to this case but has no answer"
        if code == "condition_error" and self.error is not None and self.node is not None:
            return (
                f"whether {q} applies could not be decided: {self.error.message} in "
                f"{self.node.text}"
            )
        want = f": {self.prompt}" if self.prompt else ""
        return f"{q} was answered {self.answer!r}, which needs written evidence{want}"

    def to_dict(self, case: CaseValues) -> dict[str, Any]:
        """The finding as JSON-ready data; ``read`` holds the values its condition read."""
        out: dict[str, Any] = {"code": self.code, "severity": self.severity}
        if self.question is not None:
            out["question"] = self.question
        if self.rule is not None:
            out["rule"] = self.rule.code
            if self.node is not None:
                out["questions"] = list(self.node.questions)
                out["read"] = read_values(self.node, case)
        out["message"] = self.message
        return out
