"""The fast path of `parse_case`: a plainly valid case settled with a lookup per answer and
fact (see `_criteria._intake`), and the reading of a case from bytes that uses it.

Reading a sample is dominated by reading and checking each case, and most cases are valid.
Whatever `plainly_valid` accepts, the full check (`_parse._checked`) accepts too and builds the
equal case; anything else (None) goes through the full check, which names every problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._strict._json import fast, key_bound
from .._strict._text import has_bad_free_text, normal_id
from ._derive import derive_facts
from ._model import CASE_FORMAT, MAX_ID, MAX_TEXT, Case, Interview, is_iso_date, mark

if TYPE_CHECKING:
    from .._criteria._intake import Intake
    from .._criteria._model import Criteria

__all__ = ["TOP_KEYS", "fast_case", "plain_interview", "plainly_valid"]

TOP_KEYS = (
    "format",
    "case_id",
    "criteria",
    "assessor",
    "note",
    "facts",
    "answers",
    "evidence",
    "interview",
)
_TOP_KEY_SET = frozenset(TOP_KEYS)


def _plain_id(value: Any) -> bool:
    # A plain id: printable (no control, format or bidirectional character), already NFC.
    return (
        value.__class__ is str
        and 0 < len(value) <= MAX_ID
        and value.isprintable()
        and not value.isspace()
        and normal_id(value) is value
    )


def plainly_valid(data: Any, criteria: Criteria) -> Case | None:
    """The case, when ``data`` is plainly valid; None sends it through the full check."""
    if data.__class__ is not dict or not _TOP_KEY_SET.issuperset(data):
        return None
    case_id = data.get("case_id")
    if (
        data.get("format") != CASE_FORMAT
        or data.get("criteria") != criteria.id
        or not _plain_id(case_id)
    ):
        return None
    assessor = data.get("assessor")
    if "assessor" in data and not _plain_id(assessor):
        return None
    note = data.get("note")
    if "note" in data and (
        note.__class__ is not str or len(note) > MAX_TEXT or has_bad_free_text(note)
    ):
        return None
    interview = None
    if "interview" in data:
        interview = plain_interview(data["interview"])
        if interview is None:
            return None
    intake = criteria.intake
    facts = _plain_facts(data.get("facts"), intake)
    answers = _plain_answers(data.get("answers"), intake)
    evidence = _plain_evidence(data.get("evidence"), intake)
    if facts is None or answers is None or evidence is None:
        return None
    if criteria.derived:  # added before the case is built: one Case, not a copy
        facts = derive_facts(facts, criteria)
    case = Case(
        case_id=str(case_id),
        criteria_id=criteria.id,
        facts=facts,
        answers=answers,
        evidence=evidence,
        assessor=assessor,
        note=note,
        interview=interview,
    )
    return mark(case, criteria)


def plain_interview(raw: Any) -> Interview | None:
    """The interview record when ``raw`` is plainly one; None sends it to the full check."""
    if raw.__class__ is not dict or len(raw) > 3:
        return None
    officer, offender, date = raw.get("officer"), raw.get("offender"), raw.get("date")
    if officer.__class__ is not bool or offender.__class__ is not bool:
        return None
    if "date" in raw:
        if date.__class__ is not str or not is_iso_date(date):
            return None
        if not (officer or offender):  # a date of no interview: the full check says so
            return None
    elif len(raw) != 2:
        return None  # an unknown key
    return Interview(officer, offender, date)


def fast_case(raw: bytes, criteria: Criteria) -> Case | None:
    """The case in the JSON bytes ``raw`` when it is plainly valid; None sends the bytes
    through the strict reader and the full check.

    The quick decoder keeps the last of two duplicate keys; the case is taken only when its
    objects hold as many keys as the text can hold (`key_bound`), so none was dropped.
    """
    data = fast(raw)
    if data is None:
        return None
    case = plainly_valid(data, criteria)
    if case is None:
        return None
    keys = len(data)
    for part in ("facts", "answers", "evidence", "interview"):
        held = data.get(part)
        if held:
            keys += len(held)
    return case if keys == key_bound(raw) else None


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
            # Printable text is plainly a valid fact; tabs, newlines and the rest are checked
            # in full.
            if cls is not str or len(v) > MAX_TEXT or not v.isprintable():
                return None
        elif kind == "date":
            if cls is not str or not is_iso_date(v):
                return None
        else:  # a type added later: the full check
            return None
        facts[fid] = v
    return facts if len(facts) == len(raw) else None  # else: an unknown fact


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
            if len(given) > MAX_TEXT or has_bad_free_text(given):
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
        if has_bad_free_text(v):
            return None
    return {qid: raw[qid] for qid in intake.question_ids if qid in raw}
