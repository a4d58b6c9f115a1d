"""The moderation page of a double-marked case, for a qa_lead
(``/inspections/{id}/cases/{case_id}/moderate``).

Every submitted assessment of the case side by side, one row per fact and question (and the
case note), rows where the assessors differ first; the agreed answer of each row beside them,
picked from an assessor in one click or entered; the effect of the agreed answers on the
case's scores as they change (the engine, through ``POST /v1/evaluate/draft``); the note;
the moves of each assessment (moderated, locked, returned for rework); and the case's audit
trail. Saving appends a version of the agreed answers (``PUT …/agreed``); every original is
kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .._store import Assessment
from ._catalog import Served
from ._common import inspection_or_404
from ._drafts import CASE_FORMAT, draft_dict, score_draft
from ._pages import Visit, page, render
from ._pages_form import FactField, QuestionField, fact_fields, form_parts
from ._problems import HttpProblem

if TYPE_CHECKING:
    from ._app import Service

__all__ = ["Row", "rows_of"]

_MISSING = "\u2014"  # an em dash: not given


@dataclass(frozen=True)
class Row:
    """One row of the comparison: a fact, a question or the case note."""

    kind: str  # "note", "fact" or "question"
    key: str
    label: str
    shown: tuple[str, ...]
    """Each assessor's value, in words."""
    raw: tuple[Any, ...]
    """Each assessor's value as the case holds it (None: not given)."""
    evidence: tuple[str | None, ...]
    differs: bool
    agreed: Any
    fact: FactField | None = None
    question: QuestionField | None = None


def _fact_words(f: FactField, value: Any) -> str:
    if value is None:
        return _MISSING
    titles = {c.value: c.title for c in f.choices}
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(titles.get(str(v), str(v)) for v in value) if value else "None"
    return titles.get(value, str(value)) if isinstance(value, str) else str(value)


def rows_of(
    served: Served, cases: list[dict[str, Any]], agreed: dict[str, Any] | None
) -> list[Row]:
    """The rows comparing ``cases``, those that differ first (else in the form's order)."""
    rows: list[Row] = []

    def add(kind: str, key: str, label: str, raw: tuple[Any, ...], shown: tuple[str, ...],
            *, agreed: Any, **more: Any) -> None:  # fmt: skip
        evidence = tuple(
            (c.get("evidence") or {}).get(key) if kind == "question" else None for c in cases
        )
        differs = len({json.dumps(v, sort_keys=True) for v in raw}) > 1
        rows.append(Row(kind, key, label, shown, raw, evidence, differs, agreed, **more))

    notes = tuple(c.get("note") for c in cases)
    add("note", "note", "Case note", notes, tuple(n or _MISSING for n in notes),
        agreed=(agreed or {}).get("note"))  # fmt: skip
    for f in fact_fields(served):
        raw = tuple((c.get("facts") or {}).get(f.id) for c in cases)
        shown = tuple(_fact_words(f, v) for v in raw)
        add("fact", f.id, f.title, raw, shown,
            agreed=((agreed or {}).get("facts") or {}).get(f.id), fact=f)  # fmt: skip
    for part in form_parts(served.criteria):
        for q in part.questions:
            raw = tuple((c.get("answers") or {}).get(q.id) for c in cases)
            titles = {c.value: c.title for c in q.choices or ()}
            shown = tuple(_MISSING if v is None else titles.get(v, v) for v in raw)
            add("question", q.id, q.text, raw, shown,
                agreed=((agreed or {}).get("answers") or {}).get(q.id), question=q)  # fmt: skip
    return sorted(rows, key=lambda r: not r.differs)  # stable: the form's order within


def _outcomes(judgement_json: str) -> dict[str, Any]:
    outcomes: dict[str, Any] = json.loads(judgement_json)["outcomes"]
    return {
        k: {"yes": v["yes"], "counted": v["counted"], "fraction": v["fraction"]}
        for k, v in outcomes.items()
    }


def _view(
    service: Service, request: Request, visit: Visit, *, inspection: Any, served: Served,
    case_id: str
) -> Response:  # fmt: skip
    store = service.store
    everyone = store.assessments(inspection.id, case_id)
    if not everyone:
        raise HttpProblem(404, f"no assessment of case {case_id!r} in {inspection.id}")
    compared: list[Assessment] = [a for a in everyone if a.state != "draft"]
    revisions = {a.id: store.revision(a.id, a.revision) for a in compared}
    cases = []
    scores = []
    for a in compared:
        rev = revisions[a.id]
        assert rev is not None
        cases.append(json.loads(rev.case_json))
        scores.append(_outcomes(rev.judgement_json))
    versions = store.agreed(inspection.id, case_id)
    latest = versions[-1] if versions else None
    agreed_case = json.loads(latest.case_json) if latest else None
    start = agreed_case or {
        "format": CASE_FORMAT, "case_id": case_id, "criteria": served.criteria.id,
        "facts": {}, "answers": {},
    }  # fmt: skip
    scored = draft_dict(score_draft(start, served.criteria))
    rows = rows_of(served, cases, agreed_case)
    events = store.case_events(inspection.id, case_id)
    trail = [
        {"at": e.at, "actor": e.actor, "action": e.action, "assessment": e.assessment_id,
         "revision": e.revision, "detail": json.loads(e.detail)}
        for e in events
    ]  # fmt: skip
    outcomes = {g.id: g.title for g in served.criteria.outcomes}
    boot = {
        "inspection": inspection.id,
        "case_id": case_id,
        "criteria": served.criteria.id,
        "version": latest.version if latest else 0,
        "assessors": [a.assessor for a in compared],
        "rows": [
            {"kind": r.kind, "key": r.key, "raw": list(r.raw), "evidence": list(r.evidence),
             "type": r.fact.type if r.fact else None}
            for r in rows
        ],
        "scores": scores,
        "outcomes": outcomes,
    }  # fmt: skip
    note = next((c.get("note") for c in cases if c.get("note")), "") or ""
    return render(
        request, visit, "moderate.html", title=f"Moderate case {case_id}",
        inspection=inspection, criteria=served.criteria, case_id=case_id, everyone=everyone,
        compared=compared, rows=rows, differing=sum(r.differs for r in rows),
        unanimous=sum(not r.differs and r.raw[0] is not None for r in rows) if cases else 0,
        latest=latest, scored=scored, scores=scores, outcomes=outcomes, trail=trail,
        final=all(a.state == "locked" for a in everyone), boot=boot,
        synthetic=note.lstrip().upper().startswith("SYNTHETIC"),
    )  # fmt: skip


@page("GET", "/inspections/{inspection}/cases/{case_id}/moderate", roles=("qa_lead",))
async def moderate(service: Service, request: Request, visit: Visit) -> Response:
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    case_id = request.path_params["case_id"]
    return await run_in_threadpool(
        partial(_view, inspection=inspection, served=served, case_id=case_id),
        service, request, visit,
    )  # fmt: skip
