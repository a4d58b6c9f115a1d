"""Baseline: the criteria as a GoRules JDM decision graph, run by zen-engine (Rust core).

`build` turns the parsed criteria YAML into one JDM graph, as a ZEN user would model it:

    Request (inputNode: {"case": facts, "answers": answers})
      -> Applicability (expressionNode, passThrough): one key ``c<k>`` per distinct
         ``applies_if``: true, false, or null for a CEL condition_error
      -> Questions (expressionNode): ``questions``, one {id, scale, applies, answer} per
         scored question, in file order
      -> Status and credit (decisionTableNode, hit policy first, loop over ``questions``):
         applies null -> condition_error; false -> not_applicable; no answer -> unanswered;
         then one row per scale option: counted with its credit, or answered_na
      -> Group totals (expressionNode): ``totals``, {group key: [yes, counted]}, each a sum
         over the group's member questions of credit x weight and counted x weight
      -> Response (outputNode)

Equivalence with aow-rules:

* ZEN has no error values: reading a missing key gives null, and ``null != "none"`` is true.
  So every condition is translated (see `bench.baselines.truth`) into two null-safe tests,
  "is true" and "is false", each read guarded by ``!= null``; the Applicability value is
  ``T ? true : (F ? false : null)``. This keeps CEL's commutative error absorption:
  ``missing && false`` is false, ``missing || true`` is true, ``!missing`` is an error.
* ZEN numbers are decimals and come back to Python as int or float. Credits and weights are
  scaled to whole numbers over common denominators (`Layout.credit_unit`,
  `Layout.weight_unit`), so the sums are exact integers, turned back into Fractions here.
* Status "counted" adds credit x weight to ``yes`` and weight to ``counted`` of every group
  the question counts towards, exactly as `aow_rules.evaluate` does.

Note: this module is named ``zen`` like the engine's own module; it imports the engine with an
absolute import, so do not run this file as a script.
"""

from __future__ import annotations

import itertools
import json
import re
from fractions import Fraction
from typing import Any

from . import Backend, Layout, Ref, Scorer, Unsupported, truth

__all__ = ["available", "build", "decision_graph"]

_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def available() -> str | None:
    """None when zen-engine can be used here, else the reason it cannot."""
    try:
        import zen  # noqa: F401, PLC0415
    except ImportError as e:
        return f"zen-engine is not installed ({e}): pip install zen-engine"
    return None


def _lit(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_lit(v) for v in value) + "]"
    raise NotImplementedError(f"literal {value!r}")


def _read(ref: Ref) -> str:
    kind, name = ref
    if kind == "answer":
        return f"answers[{_lit(name)}]"
    field = (
        f"case.{name}" if _IDENT.match(name) and name not in _KEYWORDS else f"case[{_lit(name)}]"
    )
    return f"len({field})" if kind == "size" else field


class _Zen(Backend[str]):
    def all_of(self, items: list[str]) -> str:
        return " and ".join(f"({x})" for x in items)

    def any_of(self, items: list[str]) -> str:
        return " or ".join(f"({x})" for x in items)

    def present(self, ref: Ref) -> str:
        return f"{_read(ref)} != null"

    def absent(self, ref: Ref) -> str:
        return f"{_read(ref)} == null"

    def compare(self, op: str, ref: Ref, literal: Any) -> str:
        if op == "not in":
            return f"not ({_read(ref)} in {_lit(literal)})"
        return f"{_read(ref)} {op} {_lit(literal)}"

    def contains(self, ref: Ref, literal: Any, negate: bool) -> str:
        test = f"{_lit(literal)} in {_read(ref)}"
        return f"not ({test})" if negate else test

    def truthy(self, ref: Ref, want: bool) -> str:
        return f"{_read(ref)} == {_lit(want)}"


def _three_valued(condition: Any) -> str:
    t, f = truth(condition, _Zen())
    for part in (t, f):
        if isinstance(part, Unsupported):
            raise NotImplementedError(part.reason)
    if t is True or t is False:
        otherwise = "null" if f is False else "false" if f is True else f"({f}) ? false : null"
        return "true" if t is True else otherwise
    otherwise = "null" if f is False else "false" if f is True else f"(({f}) ? false : null)"
    return f"({t}) ? true : {otherwise}"


def _node(node_id: str, name: str, kind: str, content: Any = None, x: int = 0) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "name": name, "type": kind, "position": {"x": x, "y": 0}}
    if content is not None:
        node["content"] = content
    return node


def _expressions(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"id": f"e{i}", "key": k, "value": v} for i, (k, v) in enumerate(pairs)]


def decision_graph(layout: Layout, *, explained: bool = False) -> dict[str, Any]:
    """The JDM graph (a JSON-ready dict) that scores one case for ``layout``. ``explained``:
    the response also holds every question's status and credit (``scored``) and the
    questions with their applicability and answer, beside the totals: the nearest a ZEN
    user gets to a judgement, for comparisons that render one."""
    slots: dict[str, int] = {}
    conditions: list[tuple[str, str]] = []
    applies: list[str] = []
    for q in layout.questions:
        if q.applies_if is None:
            applies.append("true")
            continue
        text = json.dumps(q.applies_if, sort_keys=True)
        if text not in slots:
            slots[text] = len(slots)
            conditions.append((f"c{slots[text]}", _three_valued(q.applies_if)))
        applies.append(f"c{slots[text]}")
    items = ", ".join(
        f"{{id: {_lit(q.id)}, scale: {_lit(q.scale)}, applies: {a}, "
        f"answer: {_read(('answer', q.id))}}}"
        for q, a in zip(layout.questions, applies, strict=True)
    )
    rows: list[dict[str, str]] = [
        {"_id": "r-error", "applies": "null", "status": '"condition_error"'},
        {"_id": "r-false", "applies": "false", "status": '"not_applicable"'},
        {"_id": "r-none", "answer": "null", "status": '"unanswered"'},
    ]
    for scale in sorted({q.scale for q in layout.questions}):
        for value, credit in layout.credits[scale].items():
            row = {"_id": f"r-{scale}-{value}", "scale": _lit(scale), "answer": _lit(value)}
            if credit is None:
                row["status"] = '"answered_na"'
            else:
                units = credit * layout.credit_unit
                assert units.denominator == 1
                row |= {"status": '"counted"', "credit": str(units.numerator), "counted": "1"}
            rows.append(row)
    inputs = ["applies", "scale", "answer"]
    outputs = ["status", "credit", "counted"]
    table = {
        "hitPolicy": "first",
        "executionMode": "loop",
        "inputField": "questions",
        "outputPath": "scored",
        "inputs": [{"id": k, "name": k.title(), "field": k} for k in inputs],
        "outputs": [{"id": k, "name": k.title(), "field": k} for k in outputs],
        # An empty input cell matches anything; credit and counted default to 0.
        "rules": [
            {"_id": r["_id"]}
            | {k: r.get(k, "") for k in inputs}
            | {k: r.get(k, "0") for k in outputs}
            for r in rows
        ],
    }
    members: dict[str, list[tuple[int, Fraction]]] = {g: [] for g in layout.groups}
    for i, q in enumerate(layout.questions):
        for group, weight in q.contributions:
            members[group].append((i, weight * layout.weight_unit))

    def total(field: str, terms: list[tuple[int, Fraction]]) -> str:
        parts = [f"scored[{i}].{field} * {w.numerator}" for i, w in terms]
        return " + ".join(parts) or "0"

    totals = ", ".join(
        f"{_lit(g)}: [{total('credit', ms)}, {total('counted', ms)}]" for g, ms in members.items()
    )
    nodes = [
        _node("request", "Request", "inputNode"),
        _node(
            "applicability",
            "Applicability",
            "expressionNode",
            {"expressions": _expressions(conditions), "passThrough": True},
            200,
        ),
        _node(
            "questions",
            "Questions",
            "expressionNode",
            {"expressions": _expressions([("questions", f"[{items}]")])},
            400,
        ),
        _node("status", "Status and credit", "decisionTableNode", table, 600),
        _node(
            "totals",
            "Group totals",
            "expressionNode",
            {"expressions": _expressions([("totals", f"{{{totals}}}")]), "passThrough": explained},
            800,
        ),
        _node("response", "Response", "outputNode", None, 1000),
    ]
    edges = [
        {"id": f"edge{i}", "sourceId": a["id"], "targetId": b["id"], "type": "edge"}
        for i, (a, b) in enumerate(itertools.pairwise(nodes))
    ]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def _whole(x: Any) -> int:
    if isinstance(x, int) and not isinstance(x, bool):
        return x
    if isinstance(x, float) and x.is_integer():
        return int(x)
    raise TypeError(f"expected a whole number from the engine, got {x!r}")


def build(criteria_yaml: dict[str, Any], criteria: Any = None) -> Scorer:
    """A scorer running the criteria's decision graph in zen-engine."""
    import zen  # noqa: PLC0415

    layout = Layout.from_spec(criteria_yaml)
    engine = zen.ZenEngine()
    decision = engine.create_decision(json.dumps(decision_graph(layout)))
    groups = layout.groups
    to_fractions = layout.totals

    def score(case: dict[str, Any]) -> dict[str, tuple[Fraction, Fraction]]:
        request = {"case": case.get("facts", {}), "answers": case.get("answers", {})}
        totals = decision.evaluate(request)["result"]["totals"]
        out = {g: to_fractions(_whole(y), _whole(n)) for g, (y, n) in totals.items()}
        if out.keys() != set(groups):
            raise RuntimeError(f"engine returned groups {sorted(out)}, expected {groups}")
        return out

    score.engine = engine  # type: ignore[attr-defined]  # keep the engine alive with the decision
    return score
