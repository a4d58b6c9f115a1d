"""Endpoints over an inspection's sample: its report, QA, the impact of a new criteria version,
and moving samples in and out as JSON Lines. Each is computed from the store with the same
library functions the command line uses (`aow_rules.report`, `qa`, `impact`)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

import aow_rules

from .._store import Assessment, Conflict, Inspection, NewCase, Revision, State
from ._auth import User
from ._catalog import Served
from ._common import Counted, counting, inspection_or_404, stamp_of, stored_case
from ._endpoint import ANY, Param, endpoint, json_response, lib, model
from ._problems import HttpProblem, invalid, read_body

if TYPE_CHECKING:
    from ._app import Service

JSON = "application/json"
JSONL = "application/x-ndjson"
INSPECTION = Param("inspection", "path", "the inspection's id", required=True)


def _choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in choices:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.INVALID_VALUE,
                    f"{name}={value!r}; expected one of {', '.join(choices)}",
                    name,
                    "",
                    aow_rules.errors.did_you_mean(value, choices),
                )
            ]
        )
    return value


def _source(a: Assessment, rev: Revision) -> str:
    return f"assessment {a.id} revision {rev.revision}"


def _counted(service: Service, inspection: Inspection) -> list[Counted]:
    return counting(*service.store.snapshot(inspection.id))


def _report(
    service: Service, inspection: Inspection, served: Served
) -> tuple[list[Counted], aow_rules.SampleReport]:
    cases = _counted(service, inspection)
    sample = [
        stored_case(served.criteria, c.case_json, f"case {c.case_id}")
        for c in cases
        if c.case_json is not None
    ]
    return cases, aow_rules.report(served.criteria, sample, label=inspection.title)


@endpoint(
    "GET",
    "/v1/inspections/{inspection}/report",
    roles=ANY,
    summary="The sample report over the counted assessment of each case",
    ok=(
        200,
        "JSON (with aow-report/1 inside), or the HTML page with ?format=html",
        {JSON: model("ReportOut"), "text/html": {"type": "string"}},
    ),
    params=[INSPECTION, Param("format", "query", "json (default) or html")],
    errors=(404, 422),
)
async def report(service: Service, request: Request, user: User) -> Response:
    """Each case counts its agreed answers where they exist, else the latest revision of its
    single submitted-or-later assessment; a case with several and no agreed answers is
    listed as awaiting moderation. ``report`` is what ``aow-rules report`` prints for the
    export of the same cases (``/export``) with ``--label`` the inspection's title. For an
    inspector it leaves out the list of cases (blind marking)."""
    fmt = _choice(request, "format", ("json", "html"), "json")
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    cases, result = await run_in_threadpool(_report, service, inspection, served)
    waiting = [c.case_id for c in cases if c.status == "awaiting_moderation"]
    if fmt == "html":
        page = await run_in_threadpool(aow_rules.render, result, "html")
        return Response(page, media_type="text/html")
    case_list = False if user.role == "inspector" else None
    data = await run_in_threadpool(lambda: result.to_dict(case_list=case_list))
    return json_response(
        {
            "inspection": {
                "id": inspection.id,
                "title": inspection.title,
                "criteria": inspection.criteria_id,
                "criteria_sha256": inspection.criteria_sha256,
                "created_at": inspection.created_at,
                "created_by": inspection.created_by,
            },
            "cases": [c.to_dict() for c in cases] if user.role != "inspector" else [],
            "awaiting_moderation": waiting if user.role != "inspector" else [],
            "report": data,
        }
    )


def _submitted(
    service: Service, inspection: Inspection, every: bool = False
) -> list[tuple[Assessment, Revision]]:
    assessments, revisions, _ = service.store.snapshot(inspection.id)
    return [
        (a, revisions[a.id])
        for a in sorted(assessments, key=lambda a: (a.case_id, a.assessor, a.id))
        if every or a.state != "draft"
    ]


def _qa(service: Service, inspection: Inspection, served: Served) -> str:
    rows = _submitted(service, inspection)
    cases = tuple(stored_case(served.criteria, r.case_json, _source(a, r)) for a, r in rows)
    sample = aow_rules.Sample(cases, tuple(_source(a, r) for a, r in rows), ())
    return json.dumps(aow_rules.qa(served.criteria, sample).to_dict(), ensure_ascii=False)


@endpoint(
    "GET",
    "/v1/inspections/{inspection}/qa",
    roles=("qa_lead", "reader"),
    summary="QA over the submitted assessments: findings, agreement, drift",
    ok=(200, "aow-qa/1, as `aow-rules qa` prints it", {JSON: lib("qa")}),
    params=[INSPECTION],
    errors=(404,),
)
async def qa(service: Service, request: Request, user: User) -> Response:
    """Over the latest revision of every submitted, moderated or locked assessment (every
    assessor's: agreement needs the double marking). Each assessment's ``source`` is
    ``assessment <id> revision <n>``."""
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    text = await run_in_threadpool(_qa, service, inspection, served)
    return Response(text.encode(), media_type=JSON)


def _impact(
    service: Service, old: Served, new: Served, only: Inspection | None, cases: bool
) -> str:
    inspections = [only] if only else service.store.inspections()
    rows: list[tuple[Assessment, Revision]] = []
    for inspection in inspections:
        if inspection.criteria_id == old.criteria.id:
            rows.extend((a, r) for a, r in _submitted(service, inspection) if a.state == "locked")
    sources = tuple(f"{a.inspection_id}: {_source(a, r)}" for a, r in rows)
    parsed = tuple(
        stored_case(old.criteria, r.case_json, s) for (a, r), s in zip(rows, sources, strict=True)
    )
    result = aow_rules.impact(old.criteria, new.criteria, aow_rules.Sample(parsed, sources, ()))
    return result.to_json(cases=cases)


def _served(service: Service, request: Request, name: str) -> Served:
    value = request.query_params.get(name)
    served = service.catalog.get(value or "")
    if served is None:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.UNKNOWN_CRITERIA if value else aow_rules.Code.MISSING_KEY,
                    f"no criteria {value!r} is served" if value else f"give {name}=<criteria id>",
                    name,
                    "",
                    aow_rules.errors.did_you_mean(value or "", service.catalog.ids()),
                )
            ]
        )
    return served


@endpoint(
    "GET",
    "/v1/impact",
    roles=("qa_lead",),
    summary="The impact of a new criteria version on the stored locked assessments",
    ok=(
        200,
        "aow-impact/1, as `aow-rules impact OLD NEW SAMPLE --format json` prints it",
        {JSON: {"type": "object"}},
    ),
    params=[
        Param("old", "query", "the version the assessments were made under", required=True),
        Param("new", "query", "the version to move to", required=True),
        Param("inspection", "query", "one inspection (default: every one under old)"),
        Param("cases", "query", "true: add each case's explanation changes"),
    ],
    errors=(404, 422),
)
async def impact(service: Service, request: Request, user: User) -> Response:
    """Over the latest revision of every locked assessment of the inspections made under
    ``old`` (or of one), through `aow_rules.impact`. Each case's ``source`` is
    ``<inspection>: assessment <id> revision <n>``."""
    old = _served(service, request, "old")
    new = _served(service, request, "new")
    cases = _choice(request, "cases", ("true", "false"), "false") == "true"
    only = None
    if "inspection" in request.query_params:
        only, _ = await inspection_or_404(service, request.query_params["inspection"])
        if only.criteria_id != old.criteria.id:
            raise invalid(
                [
                    aow_rules.Problem(
                        aow_rules.Code.INVALID_VALUE,
                        f"inspection {only.id} is under {only.criteria_id}, not {old.criteria.id}",
                        "old",
                        "",
                        f"use old={only.criteria_id}",
                    )
                ]
            )
    text = await run_in_threadpool(_impact, service, old, new, only, cases)
    return Response(text.encode(), media_type=JSON)


EXPORTS = ("counted", "submitted", "all")


def _export(service: Service, inspection: Inspection, which: str) -> str:
    if which == "counted":
        texts = [c.case_json for c in _counted(service, inspection) if c.case_json is not None]
    else:
        texts = [r.case_json for _, r in _submitted(service, inspection, which == "all")]
    return "".join(f"{t}\n" for t in texts if t is not None)


@endpoint(
    "GET",
    "/v1/inspections/{inspection}/export",
    roles=("qa_lead", "reader"),
    summary="The inspection's cases as JSON Lines",
    ok=(200, "one aow-case/1 a line", {JSONL: {"type": "string"}}),
    params=[
        INSPECTION,
        Param(
            "cases",
            "query",
            "counted (default: the cases the report counts, in its "
            "order), submitted (every submitted-or-later assessment: the QA sample) or all "
            "(every assessment's latest revision, drafts too)",
        ),
    ],
    errors=(404, 422),
)
async def export(service: Service, request: Request, user: User) -> Response:
    """``aow-rules report`` reads the counted export back to the same report (with
    ``--label`` the inspection's title); ``aow-rules qa`` reads the submitted one."""
    which = _choice(request, "cases", EXPORTS, "counted")
    inspection, _ = await inspection_or_404(service, request.path_params["inspection"])
    text = await run_in_threadpool(_export, service, inspection, which)
    name = f"{inspection.id}-{which}.jsonl"
    return Response(
        text.encode(),
        media_type=JSONL,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


PATHS: dict[str, tuple[State, ...]] = {
    "draft": (),
    "submitted": ("submitted",),
    "moderated": ("submitted", "moderated"),
    "locked": ("submitted", "moderated", "locked"),
}


def _read_lines(
    body: bytes, name: str, served: Served, user: User, taken: set[tuple[str, str]]
) -> tuple[list[tuple[int, NewCase]], list[aow_rules.Rejected]]:
    """Read the sample as `aow-rules report` reads a file (`aow_rules.read_sample`), so that a
    line is rejected here exactly when the command line would reject it, with the same
    problems; sources are ``<name>:<line>``."""
    with tempfile.TemporaryDirectory(prefix="aow-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        sample = aow_rules.read_sample(path, served.criteria)
    prefix = str(path)

    def named(source: str) -> str:
        return name + source[len(prefix) :] if source.startswith(prefix) else source

    rejected = [
        aow_rules.Rejected(
            named(r.source), tuple(replace(p, source=named(p.source)) for p in r.problems)
        )
        for r in sample.rejected
    ]
    # Bytes, split as the reader splits them: a line that is not UTF-8 was rejected above,
    # and must not stop the good lines here.
    lines = body.split(b"\n")
    accepted: list[tuple[int, NewCase]] = []
    for case, source in zip(sample.cases, sample.sources, strict=True):
        line = int(source.rsplit(":", 1)[1])
        data: dict[str, Any] = json.loads(lines[line - 1])
        assessor = case.assessor or user.name
        data.setdefault("assessor", assessor)
        if (case.case_id, assessor) in taken:
            problem = aow_rules.Problem(
                aow_rules.Code.DUPLICATE_ID,
                f"{assessor} has an assessment of case {case.case_id} already",
                f"{name}:{line}",
            )
            rejected.append(aow_rules.Rejected(f"{name}:{line}", (problem,)))
            continue
        taken.add((case.case_id, assessor))
        judgement = aow_rules.evaluate(served.criteria, case).to_json(indent=None)
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        accepted.append(
            (line, (case.case_id, assessor, text, judgement, stamp_of(served.criteria)))
        )
    rejected.sort(key=lambda r: int(r.source.rsplit(":", 1)[1]) if r.source[-1:].isdigit() else 0)
    return accepted, rejected


@endpoint(
    "POST",
    "/v1/inspections/{inspection}/import",
    roles=("qa_lead",),
    summary="Load a JSON Lines sample: each line an assessment",
    ok=(200, "what was accepted and what was rejected, line by line", {JSON: model("ImportOut")}),
    body={JSONL: {"type": "string", "description": "one aow-case/1 a line"}},
    params=[
        INSPECTION,
        Param(
            "state",
            "query",
            "the state the assessments are put in: draft (default), "
            "submitted, moderated or locked (an earlier inspection's finished sample)",
        ),
        Param("name", "query", "the file's name, to name lines in problems (default import.jsonl)"),
    ],
    errors=(404, 409, 413, 422),
)
async def import_sample(service: Service, request: Request, user: User) -> Response:
    """Each good line becomes an assessment (its assessor the line's, else the caller),
    all in one transaction; each bad line is listed with its problems, as ``aow-rules
    report`` lists a rejected case. 422 when no line is good."""
    state = _choice(request, "state", tuple(PATHS), "draft")
    name = Path(request.query_params.get("name") or "import.jsonl").name
    if not name.endswith((".jsonl", ".ndjson")):
        name += ".jsonl"
    inspection, served = await inspection_or_404(service, request.path_params["inspection"])
    body = await read_body(request, service.limits.sample)
    existing = await run_in_threadpool(service.store.assessments, inspection.id)
    taken = {(a.case_id, a.assessor) for a in existing}
    accepted, rejected = await run_in_threadpool(_read_lines, body, name, served, user, taken)
    if not accepted:
        problems = [p for r in rejected for p in r.problems]
        if not problems:
            problems = [
                aow_rules.Problem(aow_rules.Code.INVALID_VALUE, "no case in the body", name)
            ]
        raise invalid(problems, f"no line of {name} could be loaded ({len(rejected)} rejected)")
    try:
        ids = await run_in_threadpool(
            service.store.create_assessments,
            inspection.id,
            [new for _, new in accepted],
            user.name,
            PATHS[state],
        )
    except Conflict:
        raise HttpProblem(
            409, "an assessment of one of these cases was recorded meanwhile"
        ) from None
    return json_response(
        {
            "inspection": inspection.id,
            "state": state,
            "accepted": [
                {"line": line, "id": aid, "case_id": new[0], "assessor": new[1]}
                for (line, new), aid in zip(accepted, ids, strict=True)
            ],
            "rejected": [r.to_dict() for r in rejected],
        }
    )
