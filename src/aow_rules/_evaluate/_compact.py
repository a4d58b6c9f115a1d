"""A judgement as compact ``aow-judgement/2`` JSON, assembled from the compact JSON of its
recurring parts: what a service returns for each case.

The same bytes as ``json_text(judgement_data(judgement, 2))`` (compact JSON is made of its
parts' compact JSON, and a test compares the two), without building the dicts: a question's
entry for an answer, the explanation of a condition for the values it read, and a group with
its totals recur from case to case, so each is written once per criteria version and then
looked up (`Tables.pieces`, `Tables.by_answer`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from .._criteria._model import Status
from .._numbers import json_text
from ._explain import (
    CACHE_LIMIT,
    Tables,
    decided_by,
    numbers_of,
    question_entry,
    summary_text,
    tables,
)

if TYPE_CHECKING:
    from .._criteria._model import Node
    from ._judgement import Judgement

__all__ = ["compact_json"]


def _remember(t: Tables, key: tuple[Any, ...], data: dict[str, Any]) -> bytes:
    """``data``'s one item as compact JSON (``"key":value``), remembered under ``key``."""
    piece = json_text(data).encode()[1:-1]
    if key and len(t.pieces) < CACHE_LIMIT:
        t.pieces[key] = piece
    return piece


def _why(judgement: Judgement, t: Tables, node: Node) -> bytes:
    """``"condition":...,"read":{...}`` as compact JSON, remembered by what the condition read."""
    facts, answers = judgement.case.facts, judgement.case.answers
    key = (
        node,
        *[facts.get(f) for f in node.facts],
        *[answers.get(q) for q in node.questions],
        *[facts.get(f) for f in node.derived_from],  # shown beside a derived fact's value
    )
    try:
        why = t.pieces.get(key)
    except TypeError:  # a set-of-choice fact's list: not remembered
        why, key = None, ()
    if why is None:
        text, read = decided_by(judgement, t, node)
        why = _remember(t, key, {"condition": text, "read": dict(read)})
    return why


def _question_piece(
    judgement: Judgement, t: Tables, i: int, answer: str | None, decided: dict[object, bytes]
) -> bytes:
    """Question ``i``'s ``"id":{entry}`` as compact JSON, remembered where it recurs."""
    step = judgement.trace[i]
    qid = t.ids[i]
    if isinstance(step, Status):
        piece = _remember(t, (), {qid: question_entry(judgement, t, i)})
        if len(t.by_answer[i]) < CACHE_LIMIT:
            t.by_answer[i][(step, answer)] = piece
        return piece
    if isinstance(step, tuple):  # a condition's error: rare, and its own
        return _remember(t, (), {qid: question_entry(judgement, t, i)})
    # Not applicable: the condition that decided and what it read depend only on the values
    # the question's condition reads (several questions often share one condition).
    why = decided.get(step)
    if why is None:
        why = decided[step] = _why(judgement, t, step)
    head = t.heads[i]
    if answer is None:
        return head + b'{"status":"not_applicable",' + why + b"}"
    return (
        head
        + b'{"status":"not_applicable","answer":'
        + json_text(answer).encode()
        + b","
        + why
        + b"}"
    )


def compact_json(judgement: Judgement) -> str:
    """``json_text(judgement_data(judgement, 2))``, the same bytes, assembled from the compact
    JSON of its recurring parts (`Tables.pieces`): what a service returns for each case."""
    t = tables(judgement.criteria)
    case = judgement.case
    pieces = t.pieces
    totals = judgement.totals
    out = [
        b'{"format":"aow-judgement/2","case_id":',
        json_text(case.case_id).encode(),
        b',"assessor":',
        json_text(case.assessor).encode(),
        b",",
        t.head,
    ]
    for name, groups in t.sections:
        out.append(b',"' + name.encode() + b'":{')
        items = []
        for g in groups:
            slot = g.group.slot
            gkey = (slot, totals[2 * slot], totals[2 * slot + 1])
            piece = pieces.get(gkey)
            if piece is None:
                score, fraction, yes, counted, band = numbers_of(t, g.banded, gkey[1], gkey[2])
                data = {
                    **g.head,
                    "score": score,
                    "fraction": fraction,
                    "yes": yes,
                    "counted": counted,
                    "band": band,
                    "questions": g.ids,
                }
                if g.weights:
                    data["weights"] = g.weights
                piece = _remember(t, gkey, {g.group.id: data})
            items.append(piece)
        out.append(b",".join(items))
        out.append(b"}")
    out.append(b',"questions":{')
    trace = judgement.trace
    given = list(map(case.answers.get, t.ids))
    # A question that applies (or is unscored) has the entry its answer gives: looked up for
    # every question in one C-level pass; the rest (not applicable) are made below.
    lookup: Callable[[dict[Any, bytes], Any], bytes | None] = dict.get
    found: list[bytes | None] = list(map(lookup, t.by_answer, zip(trace, given, strict=True)))
    if None in found:
        # Not applicable (a score of questions a case): the entry depends only on the answer
        # and the values the question's condition reads, so it is remembered per question
        # under those, read with C-level lookups.
        decided: dict[object, bytes] = {}
        facts, answers, inapplicable = case.facts, case.answers, t.inapplicable
        for i, known in enumerate(found):
            if known is not None:
                continue
            step = trace[i]
            if isinstance(step, (Status, tuple)):
                found[i] = _question_piece(judgement, t, i, given[i], decided)
                continue
            key = (
                given[i],
                *map(facts.get, step.facts),
                *map(answers.get, step.questions),
                *map(facts.get, step.derived_from),
            )
            remembered = inapplicable[i]
            try:
                piece = remembered.get(key)
            except TypeError:  # a set-of-choice fact's list: not remembered
                piece, key = None, ()
            if piece is None:
                piece = _question_piece(judgement, t, i, given[i], decided)
                if key and len(remembered) < CACHE_LIMIT:
                    remembered[key] = piece
            found[i] = piece
    out.append(b",".join(cast("list[bytes]", found)))
    out.append(b'},"findings":')
    out.append(json_text([f.to_dict(case) for f in judgement.findings]).encode())
    out.append(b',"summary":')
    out.append(json_text(summary_text(judgement)).encode())
    out.append(b"}")
    return b"".join(out).decode()
