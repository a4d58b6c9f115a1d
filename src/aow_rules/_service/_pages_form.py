"""The assessment form (``/assessments/new?inspection=ID``, ``/assessments/{aid}``), generated
from the criteria: the case's facts first, then the tool's sections in the file's order (a
section per run of questions of one criterion), each question with its text, guidance and
scale.

Which questions show is the engine's answer (`_drafts.score_draft`), on the server for the
page as loaded and through ``POST /v1/evaluate/draft`` as the form changes; the page's script
holds no rule of its own. The markup the tests rely on: every answer control is named by its
question id, every fact control ``fact:<id>``, each question's container has
``data-question="<id>"`` and ``hidden`` while the question does not apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

import aow_rules

from .._html import condition_words
from ._catalog import Served
from ._common import inspection_or_404, visible_assessment
from ._drafts import CASE_FORMAT, Draft, draft_dict, score_draft
from ._pages import Visit, page, render
from ._problems import HttpProblem

if TYPE_CHECKING:
    from ._app import Service

__all__ = ["Choice", "FactField", "Part", "QuestionField", "fact_fields", "form_parts"]


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    title: str


@dataclass(frozen=True, slots=True)
class FactField:
    id: str
    title: str
    type: str
    required: bool
    choices: tuple[Choice, ...]
    min: int | None
    max: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class QuestionField:
    id: str
    text: str
    guidance: str | None
    key: bool
    scored: bool
    choices: tuple[Choice, ...] | None
    """The scale's options; None: a free-text item."""
    evidence_prompt: str | None
    evidence_when: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """A section of the form: a run of questions of one criterion, in the file's order."""

    id: str
    title: str
    detail: str
    questions: tuple[QuestionField, ...]


@lru_cache(maxsize=16)
def _fact_notes(document: bytes) -> dict[str, str]:
    data = json.loads(document)
    return {f["id"]: f["note"] for f in data.get("facts", []) if f.get("note")}


def fact_fields(served: Served) -> list[FactField]:
    """The facts a case gives (a derived fact is computed when the case is read, never sent,
    so it has no control: see `derived_notes`)."""
    criteria = served.criteria
    notes = _fact_notes(served.document)
    out = []
    for f in criteria.facts.values():
        if f.derived is not None:
            continue
        titles = f.option_titles or {}
        choices = tuple(Choice(o, titles.get(o, o)) for o in f.options or ())
        out.append(
            FactField(f.id, f.title, f.type, f.required, choices, f.min, f.max, notes.get(f.id))
        )
    return out


def derived_notes(criteria: aow_rules.Criteria) -> list[tuple[str, str]]:
    """Each derived fact's title and how it is computed, in words, for the form."""
    out = []
    for f in criteria.derived:
        d = f.derived
        assert d is not None
        titles = [f"\u201c{criteria.facts[s].title}\u201d" for s in d.sources]
        if d.kind == "months_between":
            how = f"whole months from {titles[0]} to {titles[1]}"
        else:
            how = f"yes when {condition_words(d.text, criteria)}, else no"
        out.append((f.title, how))
    return out


def _question(q: Any) -> QuestionField:
    choices = None
    if q.scale is not None:
        choices = tuple(Choice(o.value, o.title) for o in q.scale.options)
    return QuestionField(
        q.id,
        q.text,
        q.guidance,
        q.key,
        q.scored,
        choices,
        q.evidence_prompt,
        tuple(sorted(q.evidence_when)),
    )


def form_parts(criteria: aow_rules.Criteria) -> list[Part]:
    groups = {g.id: g for g in criteria.criteria}
    outcomes = {g.id: g.title for g in criteria.outcomes}
    stages = {g.id: g.title for g in criteria.stages}
    runs: list[tuple[str | None, list[QuestionField]]] = []
    for q in criteria.questions:
        if not runs or runs[-1][0] != q.criterion:
            runs.append((q.criterion, []))
        runs[-1][1].append(_question(q))
    parts = []
    for i, (cid, questions) in enumerate(runs):
        group = groups.get(cid or "")
        if group is None:
            part = Part(f"part-{i}", "Other items", "Evidence boxes and items outside the grid",
                        tuple(questions))  # fmt: skip
        else:
            detail = " · ".join(
                t
                for t in (
                    outcomes.get(group.outcome or "", ""),
                    stages.get(group.stage or "", ""),
                )
                if t
            )
            part = Part(f"part-{i}", f"{group.id} {group.title}", detail, tuple(questions))
        parts.append(part)
    return parts


def _view(
    request: Request,
    visit: Visit,
    *,
    served: Served,
    inspection: Any,
    data: dict[str, Any],
    draft: Draft,
    state: dict[str, Any],
) -> Response:
    scored = draft_dict(draft)
    note = data.get("note") if isinstance(data.get("note"), str) else ""
    return render(
        request, visit, "form.html",
        title=f"Case {data.get('case_id') or '(new)'}", inspection=inspection,
        criteria=served.criteria, facts=fact_fields(served), parts=form_parts(served.criteria),
        derived=derived_notes(served.criteria),
        case=data, scored=scored, state=state,
        synthetic=(note or "").lstrip().upper().startswith("SYNTHETIC"),
        boot={"criteria": served.criteria.id, "inspection": inspection.id, **state,
              "user": visit.user.name, "loaded": data},
    )  # fmt: skip


@page("GET", "/assessments/new", roles=("inspector", "qa_lead"))
async def new_assessment(service: Service, request: Request, visit: Visit) -> Response:
    wanted = request.query_params.get("inspection")
    if not wanted:
        raise HttpProblem(404, "name the inspection: /assessments/new?inspection=ID")
    inspection, served = await inspection_or_404(service, wanted)
    data: dict[str, Any] = {
        "format": CASE_FORMAT,
        "case_id": "",
        "criteria": served.criteria.id,
        "facts": {},
        "answers": {},
    }
    draft = await run_in_threadpool(score_draft, data, served.criteria)
    state = {
        "aid": None,
        "revision": 0,
        "state": "new",
        "assessor": visit.user.name,
        "editable": True,
        "can_submit": True,
        "may_name_assessor": visit.user.role == "qa_lead",
        "saved": None,
    }
    return _view(
        request, visit, served=served, inspection=inspection, data=data, draft=draft, state=state
    )


@page("GET", "/assessments/{aid:int}")
async def assessment(service: Service, request: Request, visit: Visit) -> Response:
    """Its assessor, a qa_lead or a reader; to another inspector it does not exist (404)."""
    user = visit.user
    a = await visible_assessment(service, user, request.path_params["aid"])
    rev = await run_in_threadpool(service.store.revision, a.id, a.revision)
    assert rev is not None
    inspection, served = await inspection_or_404(service, a.inspection_id)
    data = json.loads(rev.case_json)
    draft = await run_in_threadpool(score_draft, data, served.criteria)
    editable = a.state == "draft" and (user.name == a.assessor or user.role == "qa_lead")
    state = {
        "aid": a.id,
        "revision": a.revision,
        "state": a.state,
        "assessor": a.assessor,
        "editable": editable,
        "can_submit": a.state == "draft" and user.name == a.assessor,
        "may_name_assessor": False,
        "saved": {"revision": rev.revision, "at": rev.at, "by": rev.by},
    }
    return _view(
        request, visit, served=served, inspection=inspection, data=data, draft=draft, state=state
    )
