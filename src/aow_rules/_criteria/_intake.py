"""What a valid case of one criteria version may hold, as lookups: the tables of
`parse_case`'s fast path, built once when the criteria are compiled.

Reading a sample is dominated by checking each case; most cases are valid, and for them the
check is a dictionary lookup per answer and per fact. Anything these tables do not settle goes
through the full check, which names every problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Fact, Question

__all__ = ["Intake", "build_intake"]


@dataclass(frozen=True, slots=True)
class Intake:
    question_ids: tuple[str, ...]
    """In file order."""
    options: tuple[Mapping[str, str] | None, ...]
    """Per question: each option mapped to the criteria's own string (so a sample holds each
    option once, not once per case); None for a free-text question."""
    known_questions: frozenset[str]
    facts: tuple[tuple[str, str, bool, Any], ...]
    """Per recorded (not derived) fact, in file order: id, type, required, and what its values
    may be: options mapped as above (choice), the options in order (set), or (min, max)
    (int)."""


def build_intake(questions: tuple[Question, ...], facts: Mapping[str, Fact]) -> Intake:
    options = tuple(
        None if q.scale is None else {o.value: o.value for o in q.scale.options} for q in questions
    )
    fact_rows = []
    for f in facts.values():
        if f.derived is not None:
            continue  # computed when a case is read: one sent is refused by the full check
        spec: Any = None
        if f.type == "choice":
            spec = {o: o for o in f.options or ()}
        elif f.type == "set":
            spec = tuple(f.options or ())
        elif f.type == "int":
            spec = (f.min, f.max)
        fact_rows.append((f.id, f.type, f.required, spec))
    return Intake(
        tuple(q.id for q in questions),
        options,
        frozenset(q.id for q in questions),
        tuple(fact_rows),
    )
