"""Declarations shared by the unit tests."""

from __future__ import annotations

from aow_rules._cel import Declarations, VarDecl  # private: the CEL subset's declarations

DECLS = Declarations(
    facts={
        "court_report": VarDecl("string", ("none", "psr", "fdr")),
        "rosh": VarDecl("string", ("low", "medium", "high", "very_high")),
        "months_supervised": VarDecl("int"),
        "score": VarDecl("double"),
        "is_youth": VarDecl("bool"),
        "needs": VarDecl("list", ("accommodation", "employment", "drugs")),
        "name": VarDecl("string"),
    },
    answers={
        "3.1-01": ("yes", "no", "na"),
        "3.1-02": ("yes", "no"),
        "4.1-02": ("met", "partly", "not_met"),
    },
)

FACTS: dict[str, object] = {
    "court_report": "psr",
    "rosh": "high",
    "months_supervised": 7,
    "score": 2.5,
    "is_youth": False,
    "needs": ["drugs", "employment"],
    "name": "Zoë",
}
ANSWERS: dict[str, str] = {"3.1-01": "yes", "4.1-02": "partly"}
