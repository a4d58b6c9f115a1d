"""What several endpoints share: finding what a request names (or 404), blind marking, reading
a case sent by a client, and the rule of which assessment a report counts for each case."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

import aow_rules

from .._store import Agreed, Assessment, Inspection, Revision, Stamp
from ._auth import User
from ._catalog import Served
from ._problems import HttpProblem, decode_json, invalid, read_body, validation_problems

if TYPE_CHECKING:
    from ._app import Service

__all__ = [
    "Counted",
    "ReadCase",
    "counting",
    "if_match",
    "inspection_or_404",
    "read_case",
    "read_model",
    "served_for_body",
    "stored_case",
    "visible_assessment",
]

M = TypeVar("M", bound=BaseModel)


def served_for_body(service: Service, request: Request, data: Any) -> Served:
    """The criteria a case sent to be scored names: ``?criteria=`` first, else the case's own
    ``criteria`` field; 422 with a suggestion when no such criteria is served."""
    wanted = request.query_params.get("criteria")
    if wanted is None and isinstance(data, dict) and isinstance(data.get("criteria"), str):
        wanted = data["criteria"]
    served = service.catalog.get(wanted or "")
    if served is None:
        raise invalid(
            [
                aow_rules.Problem(
                    aow_rules.Code.UNKNOWN_CRITERIA,
                    f"no criteria {wanted!r} is served" if wanted else "name the criteria",
                    "criteria",
                    "",
                    aow_rules.errors.did_you_mean(wanted or "", service.catalog.ids()),
                )
            ]
        )
    return served


async def read_model(service: Service, request: Request, model: type[M]) -> M:
    """The request body as ``model``; 413 over the limit, 422 with every problem."""
    data = decode_json(await read_body(request, service.limits.body))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(validation_problems(exc)) from None


async def inspection_or_404(service: Service, inspection_id: str) -> tuple[Inspection, Served]:
    found = await run_in_threadpool(service.store.inspection, inspection_id)
    if found is None:
        raise HttpProblem(404, f"no inspection {inspection_id!r}")
    served = service.catalog.get(found.criteria_id)
    if served is None:  # the start checks this; a criteria file removed since is a fault
        raise RuntimeError(f"criteria {found.criteria_id} of an inspection is not served")
    return found, served


def sees(user: User, assessment: Assessment) -> bool:
    """Blind double marking: an inspector sees only their own assessments."""
    return user.role != "inspector" or assessment.assessor == user.name


async def visible_assessment(service: Service, user: User, aid: int) -> Assessment:
    found = await run_in_threadpool(service.store.assessment, aid)
    if found is None or not sees(user, found):
        # The same answer whether it does not exist or is another inspector's.
        raise HttpProblem(404, f"no assessment {aid}")
    return found


def if_match(request: Request, required: bool) -> int | None:
    """The revision named by If-Match: ``"3"``; 428 when required and absent."""
    header = request.headers.get("if-match")
    if header is None:
        if required:
            raise HttpProblem(
                428,
                'this write needs If-Match: "<revision>", the revision it was made from '
                "(the ETag of the GET that loaded it)",
            )
        return None
    value = header.strip()
    if value.startswith('"') and value.endswith('"') and value[1:-1].isdigit():
        return int(value[1:-1])
    raise HttpProblem(
        428 if required else 412,
        f'If-Match must name one revision, as "3" (the ETag sent with it), not {value[:40]!r}',
    )


@dataclass(frozen=True, slots=True)
class ReadCase:
    data: dict[str, Any]
    case: aow_rules.Case
    case_json: str
    judgement_json: str
    stamp: Stamp


def stamp_of(criteria: aow_rules.Criteria) -> Stamp:
    return Stamp(criteria.id, criteria.version, criteria.sha256, aow_rules.__version__)


def read_case(
    data: Any,
    criteria: aow_rules.Criteria,
    *,
    assessor: str | None,
    case_id: str | None = None,
    at: str = "$",
) -> ReadCase:
    """A case sent by a client, checked and scored; 422 with every problem.

    ``assessor``: the assessor it must name (it is filled in when absent); None: any.
    ``case_id``: the case id it must have (a revision cannot move to another case).
    """
    code = aow_rules.Code
    if not isinstance(data, dict):
        raise invalid([aow_rules.Problem(code.WRONG_TYPE, "a case is a JSON object", "body", at)])
    problems = []
    if assessor is not None:
        given = data.get("assessor")
        if given is None:
            data = {**data, "assessor": assessor}
        elif given != assessor:
            problems.append(
                aow_rules.Problem(
                    code.INVALID_VALUE,
                    f"the assessor is {assessor!r} (who records it), not {given!r}",
                    "body",
                    f"{at}.assessor",
                    "leave assessor out: the service fills it in",
                )
            )
    if case_id is not None and data.get("case_id") != case_id:
        problems.append(
            aow_rules.Problem(
                code.INVALID_VALUE,
                f"this is case {case_id!r}; a case id cannot change",
                "body",
                f"{at}.case_id",
            )
        )
    try:
        case = aow_rules.parse_case(data, criteria, source="body")
    except aow_rules.CaseError as exc:
        problems = [*problems, *exc.problems]
    if problems:
        raise invalid(problems)
    judgement = aow_rules.evaluate(criteria, case)
    return ReadCase(
        data,
        case,
        json.dumps(data, ensure_ascii=False, allow_nan=False),
        judgement.to_json(indent=None),
        stamp_of(criteria),
    )


def stored_case(criteria: aow_rules.Criteria, text: str, source: str) -> aow_rules.Case:
    """A stored case, checked again under the served criteria (the start made sure they are
    the version it was stored under); failing here is a fault of ours, not the client's."""
    try:
        return aow_rules.parse_case(json.loads(text), criteria, source=source)
    except aow_rules.AowError as exc:
        raise RuntimeError(f"a stored case no longer reads: {exc.headline.code}") from None


@dataclass(frozen=True, slots=True)
class Counted:
    """One case of an inspection and what a report counts for it."""

    case_id: str
    status: Literal["counted", "awaiting_moderation", "not_submitted"]
    source: Literal["agreed", "assessment"] | None
    assessments: tuple[int, ...]
    case_json: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "status": self.status,
            "counted": self.source,
            "assessments": list(self.assessments),
        }


def counting(
    assessments: Sequence[Assessment], revisions: dict[int, Revision], agreed: dict[str, Agreed]
) -> list[Counted]:
    """Each case, by case id: the agreed answers where they exist, else the latest revision
    of its single submitted-or-later assessment; several and no agreed answers: awaiting
    moderation; none submitted: not counted yet."""
    by_case: dict[str, list[Assessment]] = {}
    for a in assessments:
        by_case.setdefault(a.case_id, []).append(a)
    out = []
    for case_id in sorted(set(by_case) | set(agreed)):
        own = by_case.get(case_id, [])
        ids = tuple(a.id for a in own)
        done = [a for a in own if a.state != "draft"]
        if case_id in agreed:
            out.append(Counted(case_id, "counted", "agreed", ids, agreed[case_id].case_json))
        elif len(done) == 1:
            text = revisions[done[0].id].case_json
            out.append(Counted(case_id, "counted", "assessment", ids, text))
        elif done:
            out.append(Counted(case_id, "awaiting_moderation", None, ids, None))
        else:
            out.append(Counted(case_id, "not_submitted", None, ids, None))
    return out
