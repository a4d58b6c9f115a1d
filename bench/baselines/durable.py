"""Baseline: the criteria as a durable_rules ruleset (Rete engine in C, actions in Python).

`build` registers one ruleset per criteria, as a durable_rules user would write it with the
Python DSL (``ruleset``, ``when_all``, ``m``), generated from the parsed criteria YAML:

* each case gets its own session (``sid``) and is asserted, in one ``assert_facts`` call, as
  one fact per criterion ("part": ``aow_part: "criterion:1.1"``) carrying what that
  criterion's rules read: its questions' answers under ``a_<question id, . and - as _>``, and
  the facts and answers its ``applies_if`` conditions read, under their own names;
* for each scored question and each option of its scale with a credit, one rule
  ``when_all((m.aow_part == <criterion>) & (m.a_<question> == <option>) & <applies_if is
  true>)`` whose action adds the option's scaled credit x weight to ``y<group>`` and the
  scaled weight to ``n<group>`` in the session state (``c.s``), for every group the question
  counts towards (options with null credit, unanswered questions and questions that do not
  apply match no rule: nothing counts); one catch-all rule (``+m.aow_part``, empty action);
* the state returned when the assert completes holds the totals; then the session is deleted.

Equivalence with aow-rules: durable_rules has no error values and no ``size()``. Conditions are
translated (see `bench.baselines.truth`) into the test "the condition is true", where every read
is guarded by an existence test (``+m.field``), so a condition that reads a missing fact is
never true, exactly as a CEL condition_error never counts; CEL's commutative error absorption
is kept (``missing || true`` is true; ``!missing`` is not true). ``size(set) > 0`` becomes
``m.set.anyItem(item.matches(".*"))``; ``"x" in set`` becomes ``m.set.anyItem(item == "x")``.
``!("x" in set)`` and ``size(set) == 0`` cannot be written (``allItems`` is false on an empty
list, and ``m.set == []`` is refused): `build` raises NotImplementedError for them; the shipped
criteria use neither. Credits and weights are scaled to whole numbers, so sums are exact.

What durable_rules 2.0.28 (last release 2020) needs here, each seen on this workload:

* it builds only on Python <= 3.12 (a C extension); `available` says so on 3.13+;
* a registered ruleset cannot be replaced, so each `build` registers a new name;
* at most 1,024 live sessions: every case's session is deleted once scored;
* ``durable.engine.Host`` starts two timer threads that dispatch pending actions in the
  background. When one takes an action of the session being asserted, the synchronous assert
  returns no state (totals missing) or fails with engine errors 303/307. This baseline's host
  does not start them (it uses neither timers nor asynchronous actions);
* a rule whose condition holds an ``|`` fires once for each alternative that matches, so each
  action marks its question in the state and counts it once;
* one fact that matches too many alpha nodes at once fails with error 303
  (ERR_MAX_STACK_SIZE): a case with about 65 applicable answers, asserted as a single fact,
  did. Hence one fact per criterion;
* an assert that fires no rule raises ``MessageNotHandledException`` but still opens the
  session, which counts towards the 1,024 (``MemoryError`` at the 1,025th) and cannot be
  deleted: ``delete_state`` on it crashed the process (SIGSEGV). Hence the catch-all rule;
* a rule that can hold by an absence test alone (``-m.field``) looped for ever in the
  action loop: the session's state object lacks the field too, and the action changes the
  state. Every rule here also tests ``aow_part``, which the state never has;
* an exception inside an action is caught by the engine and stored in the state as
  ``exception``: the scorer raises it instead of returning wrong totals.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import sys
from fractions import Fraction
from typing import Any

from . import Backend, Layout, Ref, Scorer, Unsupported, holds, reads

__all__ = ["available", "build"]

_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PART = "aow_part"  # the criterion a fact is for
_names = itertools.count()


def available() -> str | None:
    """None when durable_rules can be used here, else the reason it cannot."""
    if sys.version_info >= (3, 13):
        return (
            f"durable_rules 2.0.28 builds only on Python <= 3.12 (this is {sys.version.split()[0]})"
        )
    try:
        import durable.engine  # noqa: PLC0415
        import durable.lang  # noqa: F401, PLC0415
    except ImportError as e:
        return (
            f"durable_rules is not installed or did not build ({e}): "
            "pip install durable_rules==2.0.28"
        )
    return None


def _answer_field(qid: str) -> str:
    return "a_" + re.sub(r"[^A-Za-z0-9_]", "_", qid)


class _Durable(Backend[Any]):
    def __init__(self, fields: dict[Ref, str]) -> None:
        from durable.lang import item, m  # noqa: PLC0415

        self.m, self.item, self.fields = m, item, fields

    def field(self, ref: Ref) -> Any:
        name = self.fields.get(("fact", ref[1]) if ref[0] == "size" else ref)
        if name is None:
            raise KeyError(f"condition reads an undeclared {ref[0]} {ref[1]!r}")
        return getattr(self.m, name)

    def all_of(self, items: list[Any]) -> Any:
        return functools.reduce(operator.and_, items)

    def any_of(self, items: list[Any]) -> Any:
        return functools.reduce(operator.or_, items)

    def present(self, ref: Ref) -> Any:
        return +self.field(ref)

    def absent(self, ref: Ref) -> Any:
        return -self.field(ref)

    def compare(self, op: str, ref: Ref, literal: Any) -> Any:
        if ref[0] == "size":
            # durable_rules has no size(): only "has an item" and its negation translate.
            nonempty = {(">", 0), (">=", 1), ("!=", 0)}
            if (op, literal) in nonempty:
                return self.field(ref).anyItem(self.item.matches(".*"))
            return Unsupported(f"size({ref[1]}) {op} {literal!r}: no size() in durable_rules")
        if op == "in":
            return self.any_of([self.field(ref) == v for v in literal])
        if op == "not in":
            return self.all_of([self.field(ref) != v for v in literal])
        return {
            "==": operator.eq,
            "!=": operator.ne,
            "<": operator.lt,
            "<=": operator.le,
            ">": operator.gt,
            ">=": operator.ge,
        }[op](self.field(ref), literal)

    def contains(self, ref: Ref, literal: Any, negate: bool) -> Any:
        if negate:
            # allItems() is false on an empty list, and no test for "empty" can be written.
            return Unsupported(f"not ({literal!r} in {ref[1]}): no emptiness test in durable_rules")
        return self.field(ref).anyItem(self.item == literal)

    def truthy(self, ref: Ref, want: bool) -> Any:
        return self.field(ref) == want


def _host() -> Any:
    from durable import engine  # noqa: PLC0415

    class QuietHost(engine.Host):  # type: ignore[misc]
        def _run(self) -> None:
            # No background dispatch threads: see the module docstring.
            pass

    return QuietHost()


def build(criteria_yaml: dict[str, Any], criteria: Any = None) -> Scorer:
    """A scorer asserting each case into a durable_rules ruleset built from the criteria."""
    from durable import engine, lang  # noqa: PLC0415

    layout = Layout.from_spec(criteria_yaml)
    fields: dict[Ref, str] = {}
    for fact in layout.facts:
        if not _FIELD.match(fact) or fact in ("sid", "id", _PART):
            raise NotImplementedError(f"fact name {fact!r} is not a durable_rules field name")
        fields["fact", fact] = fact
    for qid in layout.question_ids:
        fields["answer", qid] = _answer_field(qid)
    if len(set(fields.values())) != len(fields):
        raise NotImplementedError("two facts or answers map to one durable_rules field")
    backend = _Durable(fields)
    slot = {g: i for i, g in enumerate(layout.groups)}
    # One fact per criterion ("part"), carrying what its rules read: see the module docstring.
    parts: dict[str, set[Ref]] = {}
    name = f"aow_{re.sub(r'[^A-Za-z0-9]', '_', criteria_yaml['id'])}_{next(_names)}"
    rules = lang.ruleset(name)
    with rules:
        for k, q in enumerate(layout.questions):
            part = q.contributions[0][0]  # its criterion
            needs = parts.setdefault(part, set())
            needs |= {("answer", q.id), *reads(q.applies_if)}
            applies = True if q.applies_if is None else holds(q.applies_if, backend)
            if applies is False:
                continue
            for value, credit in layout.credits[q.scale].items():
                if credit is None:
                    continue
                adds: list[tuple[str, int]] = []
                for group, weight in q.contributions:
                    yes = credit * weight * layout.credit_unit * layout.weight_unit
                    counted = weight * layout.weight_unit
                    assert yes.denominator == counted.denominator == 1
                    if yes:
                        adds.append((f"y{slot[group]}", yes.numerator))
                    adds.append((f"n{slot[group]}", counted.numerator))
                answered = (getattr(lang.m, _PART) == part) & (
                    getattr(lang.m, fields["answer", q.id]) == value
                )
                condition = answered if applies is True else answered & applies
                lang.when_all(condition)(_action(f"{q.id}={value}", f"q{k}", tuple(adds)))
        # Every asserted fact must fire a rule: see the module docstring.
        lang.when_all(+getattr(lang.m, _PART))(_received)
    # Register on our own host, not through the DSL's module-level host (see the docstring).
    ruleset_name, definition = rules.define()
    lang._rulesets.pop(name, None)
    host = _host()
    host.register_rulesets({ruleset_name: definition})
    sessions = itertools.count()
    groups = layout.groups
    to_fractions = layout.totals
    layouts = [
        (
            part,
            tuple((ref[1], fields[ref]) for ref in sorted(needs) if ref[0] == "fact"),
            tuple((ref[1], fields[ref]) for ref in sorted(needs) if ref[0] == "answer"),
        )
        for part, needs in parts.items()
    ]

    def score(case: dict[str, Any]) -> dict[str, tuple[Fraction, Fraction]]:
        sid = str(next(sessions))
        facts, answers = case.get("facts", {}), case.get("answers", {})
        batch = []
        for part, fact_fields, answer_fields in layouts:
            fact: dict[str, Any] = {"sid": sid, _PART: part}
            for key, field in fact_fields:
                if key in facts:
                    fact[field] = facts[key]
            for key, field in answer_fields:
                if key in answers:
                    fact[field] = answers[key]
            batch.append(fact)
        try:
            state = host.assert_facts(name, batch)
        except engine.MessageNotHandledException as e:
            # Cannot happen with the catch-all rule; deleting this session would crash.
            raise RuntimeError(f"durable_rules: no rule fired ({e.message})") from None
        host.delete_state(name, sid)
        if state is None:
            raise RuntimeError(f"durable_rules returned no state for case {case.get('case_id')}")
        if "exception" in state:
            raise RuntimeError(f"durable_rules action failed: {state['exception']}")
        return {
            g: to_fractions(state.get(f"y{i}", 0), state.get(f"n{i}", 0))
            for i, g in enumerate(groups)
        }

    return score


def _received(c: Any) -> None:
    pass


def _action(label: str, mark: str, adds: tuple[tuple[str, int], ...]) -> Any:
    def add(c: Any) -> None:
        s = c.s
        # A rule whose condition has an | fires once for each alternative that matches.
        if s[mark]:
            return
        s[mark] = 1
        for field, amount in adds:
            s[field] = (s[field] or 0) + amount

    add.__qualname__ = f"count {label}"
    return add
