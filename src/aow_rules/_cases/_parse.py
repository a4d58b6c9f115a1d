"""Cases (format ``aow-case/1``): strict parsing against a criteria version.

Nothing is coerced: ``"Yes"`` is not ``"yes"``, ``1`` is not ``true``. A missing answer, a
``null`` answer and ``"na"`` are three different things: missing means unanswered, ``"na"``
is an answer (where the scale has it), and ``null`` is rejected, because a sender who writes
it may mean either. Every problem of a case is reported at once, each with a JSON path. The
text rules (ids, facts, free text) are `_strict._text`'s; the limits are `_strict._limits`'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._strict._json import json_path, loads
from .._strict._limits import MAX_ANSWERS, MAX_FACTS, MAX_SUGGESTIONS
from .._strict._text import fact_text_problem, free_text, id_problem, normal_id
from ..errors import CaseError, Code, Problem, did_you_mean
from ._derive import with_derived
from ._fast import TOP_KEYS, plainly_valid
from ._model import (
    CASE_FORMAT,
    INTERVIEW_KEYS,
    MAX_ID,
    MAX_TEXT,
    Case,
    CaseSpec,
    Interview,
    case_data,
    is_iso_date,
    mark,
)

if TYPE_CHECKING:
    from .._criteria._model import Criteria, Fact

__all__ = ["CASE_FORMAT", "MAX_TEXT", "Case", "CaseSpec", "checked", "parse_case", "read_case_json"]

_plainly_valid = plainly_valid  # the fast path's old name, which tests of it still use

# What a case may name its criteria by: an id, as a criteria file declares it; never a path.
CRITERIA_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")


def read_case_json(text: str | bytes, source: str) -> Any:
    """Decoded JSON of one case, read strictly (see `_strict._json`); raises `CaseError`."""
    data, problems = loads(text, source)
    if problems:
        raise CaseError(problems)
    return data


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
        self.suggested = 0

    def add(self, code: Code, path: str, message: str, suggestion: str | None = None) -> None:
        self.problems.append(Problem(code, message, self.source, path, suggestion))

    def suggest(self, word: str, choices: Iterable[str]) -> str | None:
        """A "did you mean", for the first `MAX_SUGGESTIONS` unknown keys of the case: past
        them, the keys are most likely not meant as this criteria's at all, and the search
        costs the same for each."""
        self.suggested += 1
        return did_you_mean(word, choices) if self.suggested <= MAX_SUGGESTIONS else None

    def ident(self, path: str, value: Any) -> str | None:
        """An id (``case_id``, ``assessor``) in NFC, or None after recording its problem."""
        if not self.text(path, value, limit=MAX_ID, empty=False):
            return None
        why = id_problem(value)
        if why is not None:
            self.add(Code.INVALID_CHARACTER, path, why)
            return None
        return normal_id(value)

    def sized(self, path: str, value: dict[str, Any], limit: int, what: str) -> dict[str, Any]:
        """``value``, or nothing after recording a problem when it holds more than ``limit``
        entries (none of them is then looked at)."""
        if len(value) <= limit:
            return value
        self.add(
            Code.TOO_MANY_FACTS if what == "facts" else Code.TOO_MANY_ANSWERS,
            path,
            f"holds {len(value):,} {what}; a case may hold at most {limit:,}",
            "see docs/limits.md",
        )
        return {}

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
            if not is_iso_date(value):
                self.add(Code.INVALID_VALUE, path, f"{value!r} is not a date (YYYY-MM-DD)")
                return False
        else:
            if not self.text(path, value):
                return False
            why = fact_text_problem(value)
            if why is not None:
                self.add(Code.INVALID_CHARACTER, path, why)
                return False
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
    case = plainly_valid(data, criteria)
    if case is not None:
        return case
    return _checked(data, criteria, source)


def checked(case: Case, criteria: Criteria) -> Case:
    """``case`` when `parse_case` built it for ``criteria``; else the case `parse_case` builds
    from its data (a case built by hand, or for other criteria). Raises `CaseError`."""
    if case._checked_for is criteria:
        return case
    return parse_case(case_data(case), criteria)


def _name(data: dict[str, Any], source: str | None) -> str:
    case_id = data.get("case_id")
    if not isinstance(case_id, str) or len(case_id) > MAX_ID:
        return source or "case"
    # An id that is not one is shown escaped, so that the message can always be printed.
    shown = case_id if id_problem(case_id) is None else ascii(case_id)[1:-1]
    return f"{source}: case {shown}" if source else f"case {shown}"


def _checked(data: Any, criteria: Criteria, source: str | None) -> Case:
    # The full check: every problem, each with its JSON path.
    if not isinstance(data, dict):
        ck = _Checker(source or "case")
        ck.add(Code.WRONG_TYPE, "$", f"a case is a JSON object, got {_kind(data)}")
        raise CaseError(ck.problems)
    ck = _Checker(_name(data, source))
    unknown = [key for key in data if key not in TOP_KEYS]
    for key in unknown[:MAX_SUGGESTIONS]:
        ck.add(
            Code.UNKNOWN_KEY, json_path((key,)), f"unknown key {key!r}", ck.suggest(key, TOP_KEYS)
        )
    if len(unknown) > MAX_SUGGESTIONS:
        ck.add(
            Code.UNKNOWN_KEY,
            "$",
            f"and {len(unknown) - MAX_SUGGESTIONS:,} more unknown keys",
            f"a case's keys are {', '.join(TOP_KEYS)}",
        )
    if data.get("format") != CASE_FORMAT:
        ck.add(
            Code.UNSUPPORTED_FORMAT,
            "$.format",
            f"expected format {CASE_FORMAT!r}, got {_shown(data.get('format'))}",
            f'add "format": "{CASE_FORMAT}"',
        )
    case_id = None
    if "case_id" not in data:
        ck.add(Code.MISSING_KEY, "$", "missing required key 'case_id'")
    else:
        case_id = ck.ident("$.case_id", data["case_id"])
    if "criteria" not in data:
        ck.add(Code.MISSING_KEY, "$", "missing required key 'criteria'")
    elif ck.text("$.criteria", data["criteria"], limit=MAX_ID, empty=False):
        _criteria_id(ck, data["criteria"], criteria)
    assessor = None
    if "assessor" in data:
        assessor = ck.ident("$.assessor", data["assessor"])
    note = None
    if "note" in data and ck.text("$.note", data["note"]):
        note = free_text(data["note"])
    facts = _facts(
        ck,
        ck.sized("$.facts", ck.mapping("$.facts", data.get("facts")), MAX_FACTS, "facts"),
        criteria,
    )
    answers = _answers(
        ck,
        ck.sized("$.answers", ck.mapping("$.answers", data.get("answers")), MAX_ANSWERS, "answers"),
        criteria,
    )
    evidence: dict[str, str] = {}
    raw_evidence = ck.sized(
        "$.evidence",
        ck.mapping("$.evidence", data.get("evidence")),
        MAX_ANSWERS,
        "evidence entries",
    )
    for qid, value in raw_evidence.items():
        path = json_path(("evidence", qid))
        if qid not in criteria.question_index:
            ck.add(
                Code.CASE_UNKNOWN_QUESTION,
                path,
                f"{qid!r} is not a question of {criteria.id}",
                ck.suggest(qid, criteria.question_index),
            )
        elif ck.text(path, value):
            evidence[qid] = free_text(value)
    interview = _interview(ck, data["interview"]) if "interview" in data else None
    if ck.problems:
        raise CaseError(ck.problems)
    assert case_id is not None
    # Keys are kept in the criteria's declaration order, not the sender's, so that nothing
    # downstream (the notes of `impact`, for one) depends on how a case happened to be written:
    # a case read from CSV and the same case read from JSON give the same output.
    order = criteria.question_index.__getitem__
    case = Case(
        case_id=case_id,
        criteria_id=criteria.id,
        facts={fid: facts[fid] for fid in criteria.facts if fid in facts},
        answers={qid: answers[qid] for qid in sorted(answers, key=order)},
        evidence={qid: evidence[qid] for qid in sorted(evidence, key=order)},
        assessor=assessor,
        note=note,
        interview=interview,
    )
    # Derived facts are added the same way on both paths (see `_derive`).
    return mark(with_derived(case, criteria) if criteria.derived else case, criteria)


def _interview(ck: _Checker, raw: Any) -> Interview | None:
    """The interview record (officer and offender interviewed: booleans; an optional date),
    or None after recording its problems. Absent is "not recorded"; null is refused, as a
    sender who writes it may mean either."""
    if raw is None:
        ck.add(
            Code.CASE_NULL_VALUE,
            "$.interview",
            "interview is null",
            "omit interview if it was not recorded; give officer and offender (true or false)",
        )
        return None
    if not isinstance(raw, dict):
        ck.add(Code.WRONG_TYPE, "$.interview", f"expected an object, got {_kind(raw)}")
        return None
    ok = True
    for key in raw:
        if key not in INTERVIEW_KEYS:
            ok = False
            ck.add(
                Code.UNKNOWN_KEY,
                json_path(("interview", key)),
                f"unknown key {key!r} in interview",
                did_you_mean(key, INTERVIEW_KEYS) or "its keys are officer, offender and date",
            )
    who = {}
    for key, whom in (("officer", "the responsible officer"), ("offender", "the individual")):
        path = json_path(("interview", key))
        if key not in raw:
            ok = False
            ck.add(
                Code.MISSING_KEY,
                "$.interview",
                f"missing required key {key!r}: was {whom} interviewed (true or false)",
            )
        elif not isinstance(raw[key], bool):
            ok = False
            ck.add(
                Code.CASE_NULL_VALUE if raw[key] is None else Code.WRONG_TYPE,
                path,
                f"expected true or false, got {_kind(raw[key])}",
                "write true or false (JSON booleans, not strings)"
                if isinstance(raw[key], str)
                else None,
            )
        else:
            who[key] = raw[key]
    date = raw.get("date")
    if "date" in raw:
        path = "$.interview.date"
        if not ck.text(path, date):
            ok = False
        elif not is_iso_date(str(date)):
            ok = False
            ck.add(Code.INVALID_VALUE, path, f"{_shown(date)} is not a date (YYYY-MM-DD)")
        elif who.keys() == {"officer", "offender"} and not (who["officer"] or who["offender"]):
            ok = False
            ck.add(
                Code.INVALID_VALUE,
                path,
                "an interview date, but neither the officer nor the individual was interviewed",
                "remove the date, or set officer or offender to true",
            )
    if not ok:
        return None
    return Interview(who["officer"], who["offender"], date)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _criteria_id(ck: _Checker, given: str, criteria: Criteria) -> None:
    if given == criteria.id:
        return
    if not CRITERIA_ID.fullmatch(given):
        ck.add(
            Code.INVALID_VALUE,
            "$.criteria",
            f"{_shown(given)} is not a criteria id: a case names the criteria version it was "
            "written for by its id, never by a path",
            f"write the id, such as {criteria.id!r}; a criteria file's path is given by the "
            "caller, never inside a case",
        )
        return
    ck.add(
        Code.CASE_WRONG_CRITERIA,
        "$.criteria",
        f"the case was written for {given!r}, not {criteria.id!r}",
        f"evaluate it with --criteria {given}, or translate it to the new version",
    )


def _facts(ck: _Checker, raw: dict[str, Any], criteria: Criteria) -> dict[str, object]:
    facts: dict[str, object] = {}
    # In the criteria's order, then unknown facts as given: the problems of a case do not
    # depend on how it happened to be written (a CSV row's columns, a JSON object's keys).
    order = [fid for fid in criteria.facts if fid in raw]
    order += [fid for fid in raw if fid not in criteria.facts]
    for fid in order:
        value = raw[fid]
        path = json_path(("facts", fid))
        fact = criteria.facts.get(fid)
        if fact is None:
            ck.add(
                Code.CASE_UNKNOWN_FACT,
                path,
                f"{fid!r} is not a fact of {criteria.id}",
                ck.suggest(fid, criteria.facts),
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
        path = json_path(("answers", qid))
        index = criteria.question_index.get(qid)
        if index is None:
            ck.add(
                Code.CASE_UNKNOWN_QUESTION,
                path,
                f"{qid!r} is not a question of {criteria.id}",
                ck.suggest(qid, criteria.question_index),
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
                answers[qid] = free_text(value)
        elif ck.choice(path, value, tuple(o.value for o in scale.options), f"scale {scale.id}"):
            # The criteria's own strings, not the decoder's copies: a sample holds each
            # question id and option once, not once per case (most of a case's memory).
            question = criteria.questions[index]
            answers[question.id] = next(o.value for o in scale.options if o.value == value)
    return answers
