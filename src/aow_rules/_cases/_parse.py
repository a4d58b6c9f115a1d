"""Cases (format ``aow-case/1``): strict parsing against a criteria version.

Nothing is coerced: ``"Yes"`` is not ``"yes"``, ``1`` is not ``true``. A missing answer, a
``null`` answer and ``"na"`` are three different things: missing means unanswered, ``"na"``
is an answer (where the scale has it), and ``null`` is rejected, because a sender who writes
it may mean either. Every problem of a case is reported at once, each with a JSON path.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..errors import CaseError, Code, Problem, did_you_mean
from ._derive import with_derived

if TYPE_CHECKING:
    from .._criteria._intake import Intake
    from .._criteria._model import Criteria, Fact

__all__ = ["CASE_FORMAT", "Case", "CaseSpec", "parse_case", "read_case_json"]

CASE_FORMAT = "aow-case/1"
MAX_TEXT = 10_000
MAX_ID = 200
_TOP_KEYS = ("format", "case_id", "criteria", "assessor", "note", "facts", "answers", "evidence")


class CaseSpec(BaseModel):
    """The shape of a case, for the published JSON Schema. Criteria-specific checks (which
    facts, questions and options exist) happen in `parse_case`."""

    model_config = ConfigDict(extra="forbid", strict=True, title="aow-case/1")

    format: Literal["aow-case/1"]
    case_id: Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID)]
    criteria: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    assessor: Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID)] | None = None
    note: Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None = None
    facts: dict[str, bool | int | str | list[str]] = Field(default_factory=dict)
    answers: dict[str, Annotated[str, StringConstraints(max_length=MAX_TEXT)]] = Field(
        default_factory=dict
    )
    evidence: dict[str, Annotated[str, StringConstraints(max_length=MAX_TEXT)]] = Field(
        default_factory=dict
    )


@dataclass(frozen=True, slots=True)
class Case:
    """A valid case for one criteria version. Build one with `parse_case`.

    The mappings are plain dicts for speed on the evaluation path; treat them as read-only.
    """

    case_id: str
    criteria_id: str
    facts: Mapping[str, object]
    answers: Mapping[str, str]
    evidence: Mapping[str, str] = field(default_factory=dict)
    assessor: str | None = None
    note: str | None = None

    @property
    def synthetic(self) -> bool:
        """True when the case says it is invented: its note starts with SYNTHETIC."""
        return (self.note or "").lstrip().upper().startswith("SYNTHETIC")


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # one C call; a key seen twice shows as a shorter dict
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a finite number")


def read_case_json(text: str, source: str) -> Any:
    """Parse JSON strictly (no duplicate keys, no NaN/Infinity); raises `CaseError`."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except _DuplicateKey as exc:
        raise CaseError(
            [
                Problem(
                    Code.CASE_DUPLICATE_KEY,
                    f"duplicate key {exc.args[0]!r}",
                    source,
                    suggestion="each key may appear once per object",
                )
            ]
        ) from None
    except json.JSONDecodeError as exc:
        raise CaseError(
            [Problem(Code.CASE_JSON_SYNTAX, exc.msg, source, f"{exc.lineno}:{exc.colno}")]
        ) from None
    except ValueError as exc:
        raise CaseError(
            [Problem(Code.CASE_NON_FINITE, str(exc), source, suggestion="use a finite number")]
        ) from None
    except RecursionError:
        raise CaseError([Problem(Code.CASE_JSON_SYNTAX, "nesting is too deep", source)]) from None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, code: Code, path: str, message: str, suggestion: str | None = None) -> None:
        self.problems.append(Problem(code, message, self.source, path, suggestion))

    def text(self, path: str, value: Any, *, limit: int = MAX_TEXT, empty: bool = True) -> bool:
        if value is None:
            self.add(Code.CASE_NULL_VALUE, path, "expected a string, got null")
            return False
        if not isinstance(value, str):
            self.add(Code.WRONG_TYPE, path, f"expected a string, got {_kind(value)}")
            return False
        if len(value) > limit:
            self.add(
                Code.VALUE_TOO_LONG,
                path,
                f"is {len(value):,} characters long; at most {limit:,} are allowed",
            )
            return False
        if not empty and not value.strip():
            self.add(Code.INVALID_VALUE, path, "must not be empty")
            return False
        return True

    def mapping(self, path: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(Code.WRONG_TYPE, path, f"expected an object, got {_kind(value)}")
            return {}
        return value

    def fact(self, path: str, fact: Fact, value: Any) -> bool:
        if value is None:
            self.add(
                Code.CASE_NULL_VALUE,
                path,
                f"fact {fact.id} is null",
                "omit the fact if it is not known",
            )
            return False
        t = fact.type
        if t == "bool":
            if not isinstance(value, bool):
                self.add(Code.WRONG_TYPE, path, f"expected true or false, got {_kind(value)}")
                return False
        elif t == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.add(Code.WRONG_TYPE, path, f"expected an integer, got {_kind(value)}")
                return False
            if (fact.min is not None and value < fact.min) or (
                fact.max is not None and value > fact.max
            ):
                self.add(Code.INVALID_VALUE, path, f"{value} is outside {fact.min} to {fact.max}")
                return False
        elif t == "choice":
            return self.choice(path, value, fact.options or (), f"fact {fact.id}")
        elif t == "set":
            if not isinstance(value, list):
                self.add(
                    Code.WRONG_TYPE,
                    path,
                    f"expected a list of options of {fact.id}, got {_kind(value)}",
                )
                return False
            ok = all(
                self.choice(f"{path}[{i}]", v, fact.options or (), f"fact {fact.id}")
                for i, v in enumerate(value)
            )
            if ok and len(set(value)) != len(value):
                self.add(Code.INVALID_VALUE, path, "lists an option more than once")
                return False
            return ok
        elif t == "date":
            if not self.text(path, value):
                return False
            try:
                dt.date.fromisoformat(value)
                if len(value) != 10:
                    raise ValueError
            except ValueError:
                self.add(Code.INVALID_VALUE, path, f"{value!r} is not a date (YYYY-MM-DD)")
                return False
        else:
            return self.text(path, value)
        return True

    def choice(self, path: str, value: Any, options: tuple[str, ...], what: str) -> bool:
        if not isinstance(value, str):
            self.add(Code.WRONG_TYPE, path, f"expected one of {_list(options)}, got {_kind(value)}")
            return False
        if value not in options:
            self.add(
                Code.CASE_OPTION_NOT_IN_SCALE,
                path,
                f"{value!r} is not an option of {what}; expected one of {_list(options)}",
                _close(value, options),
            )
            return False
        return True


def _list(options: tuple[str, ...]) -> str:
    return ", ".join(repr(o) for o in options)


def _close(value: str, options: tuple[str, ...]) -> str | None:
    folded = [o for o in options if o.casefold() == value.strip().casefold()]
    if folded:
        return f"did you mean {folded[0]!r}? (options are case-sensitive)"
    return did_you_mean(value, options)


def parse_case(data: Any, criteria: Criteria, *, source: str | None = None) -> Case:
    """Check decoded JSON ``data`` against ``criteria`` and build a `Case`.

    Raises `CaseError` with every problem found; ``source`` (a file name) prefixes them.
    """
    case = _plainly_valid(data, criteria)
    if case is not None:
        return case
    return _checked(data, criteria, source)


_TOP_KEY_SET = frozenset(_TOP_KEYS)


def _plainly_valid(data: Any, criteria: Criteria) -> Case | None:
    """The case, when ``data`` is plainly valid: the common case, settled with a lookup per
    answer and fact (see `_intake`). None sends ``data`` through `_checked`, which names every
    problem; whatever this accepts, `_checked` accepts too and builds the equal case."""
    if data.__class__ is not dict or not _TOP_KEY_SET.issuperset(data):
        return None
    case_id = data.get("case_id")
    if (
        data.get("format") != CASE_FORMAT
        or data.get("criteria") != criteria.id
        or case_id.__class__ is not str
        or len(case_id) > MAX_ID
        or not case_id.strip()
    ):
        return None
    for key, limit in (("assessor", MAX_ID), ("note", MAX_TEXT)):
        if key in data and (data[key].__class__ is not str or len(data[key]) > limit):
            return None
    intake = criteria.intake
    facts = _plain_facts(data.get("facts"), intake)
    answers = _plain_answers(data.get("answers"), intake)
    evidence = _plain_evidence(data.get("evidence"), intake)
    if facts is None or answers is None or evidence is None:
        return None
    case = Case(
        case_id=case_id,
        criteria_id=criteria.id,
        facts=facts,
        answers=answers,
        evidence=evidence,
        assessor=data.get("assessor"),
        note=data.get("note"),
    )
    return with_derived(case, criteria) if criteria.derived else case


def _plain_facts(raw: Any, intake: Intake) -> dict[str, object] | None:
    if raw is None:
        raw = {}
    elif raw.__class__ is not dict:
        return None
    facts: dict[str, object] = {}
    for fid, kind, required, spec in intake.facts:
        if fid not in raw:
            if required:
                return None
            continue
        v = raw[fid]
        cls = v.__class__
        if kind == "choice":
            v = spec.get(v) if cls is str else None
            if v is None:
                return None
        elif kind == "bool":
            if cls is not bool:
                return None
        elif kind == "int":
            low, high = spec
            if cls is not int or (low is not None and v < low) or (high is not None and v > high):
                return None
        elif kind == "set":
            if cls is not list or not all(o.__class__ is str for o in v):
                return None
            chosen = set(v)
            if len(chosen) != len(v) or not chosen.issubset(spec):
                return None
            v = [o for o in spec if o in chosen]
        elif kind == "text":
            if cls is not str or len(v) > MAX_TEXT:
                return None
        elif kind == "date":
            if cls is not str or len(v) != 10 or not _is_date(v):
                return None
        else:  # a type added later: the full check
            return None
        facts[fid] = v
    return facts if len(facts) == len(raw) else None  # else: an unknown fact


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _plain_answers(raw: Any, intake: Intake) -> dict[str, str] | None:
    if raw is None:
        return {}
    if raw.__class__ is not dict:
        return None
    answers: dict[str, str] = {}
    for qid, options, given in zip(
        intake.question_ids, intake.options, map(raw.get, intake.question_ids), strict=True
    ):
        if given is None:  # absent; a null answer shows as a count that does not add up, below
            continue
        if given.__class__ is not str:
            return None
        if options is None:
            if len(given) > MAX_TEXT:
                return None
            answers[qid] = given
            continue
        option = options.get(given)
        if option is None:
            return None
        answers[qid] = option
    return answers if len(answers) == len(raw) else None  # else: unknown or null answers


def _plain_evidence(raw: Any, intake: Intake) -> dict[str, str] | None:
    if not raw:
        return {} if raw is None or raw.__class__ is dict else None
    if raw.__class__ is not dict:
        return None
    known = intake.known_questions
    for qid, v in raw.items():
        if qid not in known or v.__class__ is not str or len(v) > MAX_TEXT:
            return None
    return {qid: raw[qid] for qid in intake.question_ids if qid in raw}


def _checked(data: Any, criteria: Criteria, source: str | None) -> Case:
    # The full check: every problem, each with its JSON path.
    name = source or "case"
    if isinstance(data, dict) and isinstance(data.get("case_id"), str):
        name = f"{source}: case {data['case_id']}" if source else f"case {data['case_id']}"
    ck = _Checker(name)
    if not isinstance(data, dict):
        ck.add(Code.WRONG_TYPE, "$", f"a case is a JSON object, got {_kind(data)}")
        raise CaseError(ck.problems)
    for key in data:
        if key not in _TOP_KEYS:
            ck.add(
                Code.UNKNOWN_KEY, f"$.{key}", f"unknown key {key!r}", did_you_mean(key, _TOP_KEYS)
            )
    if data.get("format") != CASE_FORMAT:
        ck.add(
            Code.UNSUPPORTED_FORMAT,
            "$.format",
            f"expected format {CASE_FORMAT!r}, got {data.get('format')!r}",
            f'add "format": "{CASE_FORMAT}"',
        )
    for key in ("case_id", "criteria"):
        if key not in data:
            ck.add(Code.MISSING_KEY, "$", f"missing required key {key!r}")
        else:
            ck.text(f"$.{key}", data[key], limit=MAX_ID, empty=False)
    crit_id = data.get("criteria")
    if isinstance(crit_id, str) and crit_id and crit_id != criteria.id:
        ck.add(
            Code.CASE_WRONG_CRITERIA,
            "$.criteria",
            f"the case was written for {crit_id!r}, not {criteria.id!r}",
            f"evaluate it with --criteria {crit_id}, or translate it to the new version",
        )
    for key in ("assessor", "note"):
        if key in data:
            ck.text(f"$.{key}", data[key], limit=MAX_ID if key == "assessor" else MAX_TEXT)
    facts = _facts(ck, ck.mapping("$.facts", data.get("facts")), criteria)
    answers = _answers(ck, ck.mapping("$.answers", data.get("answers")), criteria)
    evidence: dict[str, str] = {}
    for qid, value in ck.mapping("$.evidence", data.get("evidence")).items():
        path = f'$.evidence["{qid}"]'
        if qid not in criteria.question_index:
            ck.add(
                Code.CASE_UNKNOWN_QUESTION,
                path,
                f"{qid!r} is not a question of {criteria.id}",
                did_you_mean(qid, criteria.question_index),
            )
        elif ck.text(path, value):
            evidence[qid] = value
    if ck.problems:
        raise CaseError(ck.problems)
    # Keys are kept in the criteria's declaration order, not the sender's, so that nothing
    # downstream (the notes of `impact`, for one) depends on how a case happened to be written:
    # a case read from CSV and the same case read from JSON give the same output.
    order = criteria.question_index.__getitem__
    case = Case(
        case_id=data["case_id"],
        criteria_id=data["criteria"],
        facts={fid: facts[fid] for fid in criteria.facts if fid in facts},
        answers={qid: answers[qid] for qid in sorted(answers, key=order)},
        evidence={qid: evidence[qid] for qid in sorted(evidence, key=order)},
        assessor=data.get("assessor"),
        note=data.get("note"),
    )
    # Derived facts are added the same way on both paths (see `_derive`).
    return with_derived(case, criteria) if criteria.derived else case


def _facts(ck: _Checker, raw: dict[str, Any], criteria: Criteria) -> dict[str, object]:
    facts: dict[str, object] = {}
    for fid, value in raw.items():
        path = f"$.facts.{fid}"
        fact = criteria.facts.get(fid)
        if fact is None:
            ck.add(
                Code.CASE_UNKNOWN_FACT,
                path,
                f"{fid!r} is not a fact of {criteria.id}",
                did_you_mean(fid, criteria.facts),
            )
        elif fact.derived is not None:
            ck.add(
                Code.CASE_DERIVED_FACT,
                path,
                f"fact {fid} is derived ({fact.derived.text}) when the case is read; a case "
                "does not send it",
                f"remove it, and give {' and '.join(fact.derived.sources)}",
            )
        elif ck.fact(path, fact, value):
            # Sets are kept in the criteria's option order so output never depends on input order.
            if fact.type == "set":
                chosen = set(value)
                facts[fact.id] = [o for o in fact.options or () if o in chosen]
            elif fact.type == "choice" and fact.options:
                facts[fact.id] = fact.options[fact.options.index(value)]  # shared string
            else:
                facts[fact.id] = value
    for fact in criteria.facts.values():
        if fact.required and fact.id not in raw:
            ck.add(Code.MISSING_KEY, "$.facts", f"missing required fact {fact.id!r} ({fact.title})")
    return facts


def _answers(ck: _Checker, raw: dict[str, Any], criteria: Criteria) -> dict[str, str]:
    answers: dict[str, str] = {}
    for qid, value in raw.items():
        path = f'$.answers["{qid}"]'
        index = criteria.question_index.get(qid)
        if index is None:
            ck.add(
                Code.CASE_UNKNOWN_QUESTION,
                path,
                f"{qid!r} is not a question of {criteria.id}",
                did_you_mean(qid, criteria.question_index),
            )
            continue
        scale = criteria.questions[index].scale
        if value is None:
            na = [o.value for o in scale.options if o.credit is None] if scale else []
            hint = "omit the question to leave it unanswered"
            if na:
                hint += f', or answer "{na[0]}" if it does not apply'
            ck.add(Code.CASE_NULL_VALUE, path, f"answer to {qid} is null", hint)
        elif scale is None:
            if ck.text(path, value):
                answers[qid] = value
        elif ck.choice(path, value, tuple(o.value for o in scale.options), f"scale {scale.id}"):
            # The criteria's own strings, not the decoder's copies: a sample holds each
            # question id and option once, not once per case (most of a case's memory).
            question = criteria.questions[index]
            answers[question.id] = next(o.value for o in scale.options if o.value == value)
    return answers
