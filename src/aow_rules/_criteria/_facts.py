"""Compile a criteria file's facts: types, options and bounds, and the two things a fact may
declare beyond its value: how it is derived from other facts when a case is read
(``derived``), and how `impact` fills it in a case carried from an earlier version that did
not record it (``carry``). Part of `compile_text`; problems are collected, not raised."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from types import MappingProxyType

from .._strict._text import is_iso_date
from .._strict._yaml import Path
from ..errors import Code
from ._collect import Collector
from ._model import Carry, Derived, Fact, Node
from ._spec import CarrySpec, ChoiceOption, CriteriaSpec, FactSpec

__all__ = ["build_facts", "compile_fact_conditions", "fits_fact"]


def build_facts(c: Collector, spec: CriteriaSpec) -> dict[str, Fact]:
    """Each fact of the file, checked; a ``condition`` derivation is compiled later, once the
    facts it reads are declared (`derive_conditions`)."""
    out: dict[str, Fact] = {}
    for i, f in enumerate(spec.facts):
        options = _options(c, i, f)
        if (f.min is not None or f.max is not None) and f.type != "int":
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i),
                f"fact {f.id!r}: min and max apply only to int facts",
            )
        if f.min is not None and f.max is not None and f.min > f.max:
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i, "min"),
                f"fact {f.id!r}: min {f.min} is above max {f.max}",
            )
        titles = None
        if options is not None and f.options:
            titles = MappingProxyType(
                {o.value: o.title for o in f.options if isinstance(o, ChoiceOption)}
            )
        fact = Fact(f.id, f.title, f.type, options, f.min, f.max, f.required, titles)
        out.setdefault(f.id, fact)
    for i, f in enumerate(spec.facts):
        fact = out[f.id]
        derived = None if f.derived is None else _derived(c, i, f, out)
        carry = None if f.carry is None else _carry(c, i, f.carry, fact, out)
        if derived is not None or carry is not None:
            out[f.id] = dataclasses.replace(fact, derived=derived, carry=carry)
    return out


def _options(c: Collector, i: int, f: FactSpec) -> tuple[str, ...] | None:
    if f.type not in ("choice", "set"):
        if f.options is not None:
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i, "options"),
                f"fact {f.id!r} of type {f.type} cannot have options",
                "options belong to choice and set facts",
            )
        return None
    if not f.options:
        c.problem(
            Code.MISSING_KEY,
            ("facts", i),
            f"fact {f.id!r} of type {f.type} needs a list of options",
        )
        return None
    options = tuple(o.value if isinstance(o, ChoiceOption) else o for o in f.options)
    dup = sorted({o for o in options if options.count(o) > 1})
    if dup:
        c.problem(
            Code.DUPLICATE_ID,
            ("facts", i, "options"),
            f"fact {f.id!r} lists option {dup[0]!r} twice",
        )
    return options


def _derived(c: Collector, i: int, f: FactSpec, facts: Mapping[str, Fact]) -> Derived | None:
    assert f.derived is not None
    path = ("facts", i, "derived")
    d = f.derived
    if (d.months_between is None) == (d.condition is None):
        c.problem(
            Code.INVALID_VALUE,
            path,
            f"fact {f.id!r}: derived takes exactly one of months_between and condition",
        )
        return None
    ok = True
    if f.required:
        c.problem(
            Code.INVALID_VALUE,
            ("facts", i, "required"),
            f"fact {f.id!r} is derived: it is present exactly when what it is computed from "
            "is, so it cannot be required",
            "remove required, and make the facts it is computed from required",
        )
        ok = False
    if f.carry is not None:
        c.problem(
            Code.INVALID_VALUE,
            ("facts", i, "carry"),
            f"fact {f.id!r} is derived: impact derives it like any case, so it carries nothing",
            "declare carry on the facts it is computed from",
        )
        ok = False
    if d.condition is not None:
        if f.type != "bool":
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i, "type"),
                f"fact {f.id!r} is derived by a condition, so it is a bool, not {f.type}",
            )
            return None
        # The condition is compiled by `derive_conditions`, once every fact is declared.
        return Derived("condition", ()) if ok else None
    assert d.months_between is not None
    if f.type != "int" or f.min is not None or f.max is not None:
        c.problem(
            Code.INVALID_VALUE,
            ("facts", i),
            f"fact {f.id!r} is derived by months_between, so it is an int without min or max "
            "(dates out of order give a negative count, which a consistency rule can flag)",
        )
        ok = False
    for j, source in enumerate(d.months_between):
        where = (*path, "months_between", j)
        if not c.ref(where, source, facts, "fact"):
            ok = False
        elif facts[source].type != "date" or source == f.id:
            c.problem(
                Code.INVALID_VALUE,
                where,
                f"months_between counts from one date fact to another; {source!r} is "
                f"{'the fact itself' if source == f.id else 'a ' + facts[source].type}",
            )
            ok = False
    return Derived("months_between", tuple(d.months_between)) if ok else None


def compile_fact_conditions(
    c: Collector,
    spec: CriteriaSpec,
    facts: dict[str, Fact],
    compile_at: Callable[[str, Path], Node | None],
) -> None:
    """Compile each ``derived: {condition}`` (over facts not derived themselves) and each
    ``carry: {condition}`` (over this version's facts)."""
    for i, f in enumerate(spec.facts):
        fact = facts.get(f.id)
        if fact is None or fact.carry is None or f.carry is None or f.carry.condition is None:
            continue
        carry = fact.carry
        node = compile_at(f.carry.condition, ("facts", i, "carry", "condition"))
        if node is None:
            continue
        if node.questions or f.id in node.facts:
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i, "carry", "condition"),
                f"fact {f.id!r} is carried by a condition over other facts, not over "
                f"{'answers' if node.questions else 'itself'}",
            )
            continue
        facts[f.id] = dataclasses.replace(fact, carry=dataclasses.replace(carry, condition=node))
    for i, f in enumerate(spec.facts):
        fact = facts.get(f.id)
        if f.derived is None or f.derived.condition is None or fact is None:
            continue
        if fact.derived is None:  # refused above
            continue
        node = compile_at(f.derived.condition, ("facts", i, "derived", "condition"))
        if node is None:
            continue
        if node.questions:
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i, "derived", "condition"),
                f"fact {f.id!r} is derived from answers; a fact is derived from facts only",
            )
            continue
        loops = [s for s in node.facts if facts[s].derived is not None]
        if loops:
            c.problem(
                Code.INVALID_VALUE,
                ("facts", i, "derived", "condition"),
                f"fact {f.id!r} is derived from {loops[0]!r}, which is derived itself",
                "derive it from recorded facts",
            )
            continue
        facts[f.id] = dataclasses.replace(
            fact, derived=Derived("condition", node.facts, condition=node)
        )


def _carry(
    c: Collector, i: int, spec: CarrySpec, fact: Fact, facts: Mapping[str, Fact]
) -> Carry | None:
    path = ("facts", i, "carry")
    names = ("fact", "value", "months_before", "condition")
    kinds = [k for k in names if getattr(spec, k) is not None]
    if len(kinds) != 1:
        c.problem(
            Code.INVALID_VALUE,
            path,
            f"fact {fact.id!r}: carry takes exactly one of {', '.join(names)}",
        )
        return None
    kind = kinds[0]
    if kind == "condition":
        if fact.type != "bool":
            c.problem(
                Code.INVALID_VALUE,
                (*path, "condition"),
                f"a condition gives true or false; fact {fact.id!r} is a {fact.type}",
            )
            return None
        # Compiled by `compile_fact_conditions`, once every fact is declared.
        return Carry("condition", spec.note)
    if spec.values is not None and kind != "fact":
        c.problem(Code.INVALID_VALUE, (*path, "values"), "values go with carry: {fact: ...}")
        return None
    if kind == "value":
        if not fits_fact(fact, spec.value):
            c.problem(
                Code.INVALID_VALUE,
                (*path, "value"),
                f"{spec.value!r} is not a value of fact {fact.id!r} ({fact.type})",
            )
            return None
        return Carry("value", spec.note, value=spec.value)
    if kind == "months_before":
        assert spec.months_before is not None
        date, months = spec.months_before
        if fact.type != "date":
            c.problem(
                Code.INVALID_VALUE,
                (*path, "months_before"),
                f"months_before gives a date; fact {fact.id!r} is a {fact.type}",
            )
            return None
        if c.ref((*path, "months_before", 0), date, facts, "fact") and (
            facts[date].type != "date" or date == fact.id
        ):
            c.problem(
                Code.INVALID_VALUE,
                (*path, "months_before", 0),
                f"months_before counts back from another date fact; {date!r} is not one",
            )
            return None
        return Carry("months_before", spec.note, months_before=(date, months))
    assert spec.fact is not None
    values = dict(spec.values or {})
    for old, new in values.items():
        if not fits_fact(fact, new):
            c.problem(
                Code.INVALID_VALUE,
                (*path, "values", old),
                f"{new!r} is not a value of fact {fact.id!r} ({fact.type})",
            )
            return None
    return Carry("fact", spec.note, fact=spec.fact, values=MappingProxyType(values))


def fits_fact(fact: Fact, value: object) -> bool:
    """Whether ``value`` is a valid value of ``fact`` (as a case would hold it)."""
    if fact.type == "bool":
        return isinstance(value, bool)
    if fact.type == "int":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (fact.min is None or value >= fact.min)
            and (fact.max is None or value <= fact.max)
        )
    if fact.type == "choice":
        return isinstance(value, str) and value in (fact.options or ())
    if fact.type == "set":
        return (
            isinstance(value, list)
            and all(v in (fact.options or ()) for v in value)
            and len(set(value)) == len(value)
        )
    if fact.type == "date":
        return isinstance(value, str) and is_iso_date(value)
    return isinstance(value, str)
