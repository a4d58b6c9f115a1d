"""Criteria: a versioned YAML file in, a compiled, frozen `Criteria` out.

Stage 1 of the data flow (criteria -> cases -> evaluate -> aggregate -> report -> QA and
versions -> render). `load_criteria` finds a file by shipped id or path; `_compile` checks its
shape (`_spec`), builds its facts with their derivations and carry rules (`_facts`), resolves
every reference, compiles every condition (`_cel`, `_nodes`) and the scoring (`_scoring`),
collecting every problem (`_collect`), and builds the tables later stages run on (`_plan` for
evaluation, with every `Finding` an answer can give; `_intake` for reading cases); `_lint`
warns about a file that compiles but looks wrong. Everything downstream reads the `Criteria`
and never changes it.
"""

from ._bands import band_of, rounded
from ._compile import BUILT_IN_FINDINGS, compile_text
from ._lint import MAX_PROFILES, LintWarning, lint
from ._load import load_criteria, parse_criteria, resolve_criteria, shipped_criteria
from ._model import (
    Band,
    Criteria,
    Fact,
    Group,
    Method,
    Node,
    Option,
    Question,
    RatingLevel,
    Ratings,
    Rounding,
    Rule,
    Scale,
    Standard,
    Status,
)

__all__ = [
    "BUILT_IN_FINDINGS",
    "MAX_PROFILES",
    "Band",
    "Criteria",
    "Fact",
    "Group",
    "LintWarning",
    "Method",
    "Node",
    "Option",
    "Question",
    "RatingLevel",
    "Ratings",
    "Rounding",
    "Rule",
    "Scale",
    "Standard",
    "Status",
    "band_of",
    "compile_text",
    "lint",
    "load_criteria",
    "parse_criteria",
    "resolve_criteria",
    "rounded",
    "shipped_criteria",
]
