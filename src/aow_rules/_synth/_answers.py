"""The answers of one synthetic case, driven by the latent quality of the officer's work.

In: the criteria, the case's facts, the quality of the work on the case, each question's
difficulty and the case's random stream. Out: the ``answers`` and ``evidence`` of an
``aow-case/1`` case: only questions that apply are answered, a few are left unanswered or
marked not applicable, and contradictory answers are drawn again. The model is the same for
every criteria file; a profile can fix the difficulty of named questions. Called by
`synthesize`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from .._criteria import Criteria, Question
from ._facts import RETRIES, fires
from ._streams import stream

__all__ = ["difficulty", "draw_answers", "officer_quality"]


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _answer(question: Question, quality: float, rng: random.Random) -> str | None:
    scale = question.scale
    assert scale is not None
    u = rng.random()
    if u < 0.005:
        return None  # left unanswered by mistake, for quality assurance to find
    na = [o.value for o in scale.options if o.credit is None]
    if na and u < 0.035:
        return na[0]
    credited = sorted(
        (o for o in scale.options if o.credit is not None), key=lambda o: o.credit or 0
    )
    best, rest = credited[-1], credited[:-1]
    if not rest or rng.random() < _logistic(quality):
        return best.value
    return rng.choice(rest).value


def draw_answers(
    criteria: Criteria,
    facts: Mapping[str, object],
    quality: float,
    difficulty: Sequence[float],
    rng: random.Random,
) -> tuple[dict[str, str], dict[str, str]]:
    """The answers and evidence notes of one case (``difficulty`` in question order)."""
    checks = [r for r in criteria.rules if r.severity == "error" and r.when.questions]
    for _ in range(RETRIES):
        answers: dict[str, str] = {}
        evidence: dict[str, str] = {}
        for question, hard in zip(criteria.questions, difficulty, strict=True):
            if question.scale is None:
                continue  # free-text evidence boxes: nothing to invent
            if (
                question.applies_if is not None
                and question.applies_if.value(facts, answers) is not True
            ):
                continue
            answer = _answer(question, quality - hard, rng)
            if answer is None:
                continue
            answers[question.id] = answer
            if answer in question.evidence_when:
                evidence[question.id] = (
                    f"Synthetic evidence note: invented to stand for the assessor's evidence "
                    f"for the answer {answer!r}."
                )
        # Contradictory answers are redrawn; after the last draw they stay, as QA material.
        if not any(fires(r, facts, answers) for r in checks):
            break
    return answers, evidence


def difficulty(criteria: Criteria, fixed: Mapping[str, float]) -> list[float]:
    """How hard good work on each question is, in question order: ``fixed`` where given."""
    # Seeded by position in the file, not by the sample's seed: a question's difficulty
    # belongs to the criteria, so the same questions come out weak in every sample, as the
    # themes of published reports recur from area to area.
    return [
        fixed[q.id] if q.id in fixed else random.Random(f"aow-synth/difficulty/{k}").gauss(0, 0.6)
        for k, q in enumerate(criteria.questions)
    ]


def officer_quality(seed: int, officer: str) -> float:
    """The latent quality of one officer's work (logit scale; higher is better)."""
    rng = stream(seed, "officer", officer)
    weaker = rng.random() < 0.15  # a few officers whose work is clearly weaker
    return 1.6 + rng.gauss(0, 0.4) - (1.3 if weaker else 0.0)
