"""Evaluation: a `Criteria` and cases in; judgements (or, for whole samples, columns) out.

Stage 3. `evaluate` scores one case through the compiled loop (`_steps`) and returns a
`Judgement` that explains every number it holds, with its findings (the frozen values the
criteria's tables hold); `_explain` renders it as ``aow-judgement/2`` or ``/1`` data (or, for a
report's page, its questions and findings alone: `case_detail`), and `_compact` as compact
JSON. The columnar engine (`_columnar`, with `_frame` and `_coded`) scores
a whole sample as polars columns with the same numbers; `_engines` chooses between them for
every verb the same way. Called by the report builders, QA, impact, the
golden-case runner and the public API.
"""

from .._criteria._finding import Finding
from ._engines import (
    COLUMNAR_FROM,
    ENGINES,
    HELD_ENGINES,
    Engine,
    HeldEngine,
    check_held_engine,
    choose_engine,
)
from ._evaluate import evaluate
from ._judgement import JUDGEMENT_FORMAT, GroupResult, Judgement, Status

__all__ = [
    "COLUMNAR_FROM",
    "ENGINES",
    "HELD_ENGINES",
    "JUDGEMENT_FORMAT",
    "Engine",
    "Finding",
    "GroupResult",
    "HeldEngine",
    "Judgement",
    "Status",
    "check_held_engine",
    "choose_engine",
    "evaluate",
]
