"""One draw of a synthetic profile, compiled: a distribution (or cases of them) in, a closure
and the type of the values it gives out.

The closures take the values drawn so far for the case (``env``, by name), the case's random
stream and the sampled caseload case. Each kind of draw spends a fixed number of draws of the
stream whatever it gives (a chance always spends one, even when it is 0; ``each`` one per
option), so that changing one figure of a profile changes only what depends on it, and a
constant or a text spends none. Called by `_profile` for every entry of ``draws``.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from .._cases._derive import months_before
from .._cel import CelError, ConditionError, Declarations, compile_condition
from .._strict import Located, Path
from ..errors import Code, CriteriaError, Problem, did_you_mean
from ._caseload import AreaCase
from ._kinds import VarType
from ._spec import DRAW_KINDS, CaseSpec, ChanceCase, DrawSpec, TextPart

__all__ = ["Blank", "Draw", "DrawCompiler", "Env", "show"]

Env = dict[str, object]
Blank = float | Callable[[Env], float] | None
"""When an optional fact is left blank: a chance, a chance read from the values drawn, or
None (never)."""
Draw = Callable[[Env, random.Random, AreaCase], object]
_Test = Callable[[Env], bool]
_NO_ANSWERS: dict[str, str] = {}
_READS = re.compile(r"\bcase\.([A-Za-z_][A-Za-z0-9_]*)")


def show(value: object) -> str:
    """A value as a text template writes it: underscores read as spaces (``very high``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    return str(value).replace("_", " ")


@dataclass(slots=True)
class DrawCompiler:
    """Compiles the draws of one profile, collecting every problem with its position."""

    located: Located
    source: str
    strata: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    decls: Declarations = field(default_factory=lambda: Declarations({}, {}))
    """What the current entry's conditions may read: the entries before it."""
    later: dict[str, Path] = field(default_factory=dict)
    """Names drawn after the current entry, with where they are drawn."""
    undrawn: frozenset[str] = frozenset()
    """Facts of the criteria that the profile does not draw."""
    derived: frozenset[str] = frozenset()
    """Facts the criteria derive when a case is read: never drawn."""
    failed: set[str] = field(default_factory=set)
    """Names whose own draw has a problem: reading them is not reported again."""
    literals: list[tuple[str, Path, bool]] = field(default_factory=list)
    """The current entry's string values with where each is written (and if it is a key)."""

    def problem(
        self,
        code: Code,
        path: Path,
        message: str,
        suggestion: str | None = None,
        *,
        key: bool = False,
    ) -> None:
        where = self.located.where_key(path) if key else self.located.where(path)
        self.problems.append(Problem(code, message, self.source, where, suggestion))

    # ------------------------------------------------------------------ conditions

    def condition(self, text: str, path: Path, *, key: bool = False) -> _Test | None:
        """A condition over the values drawn before this entry, or None (a problem)."""
        try:
            compiled = compile_condition(text, self.decls)
        except ConditionError as err:
            self._condition_problem(err, text, path, key)
            return None
        fn = compiled.fn
        where = self.located.where_key(path) if key else self.located.where(path)
        source = self.source

        def test(env: Env) -> bool:
            value = fn(env, _NO_ANSWERS)
            if isinstance(value, CelError):
                # Checked conditions over values that are all drawn can still fail (an
                # index out of range); a draw must not silently take the other branch.
                raise CriteriaError(
                    [
                        Problem(
                            Code.INVALID_VALUE,
                            f"condition {text!r} failed while drawing a case: {value}",
                            source,
                            where,
                        )
                    ]
                )
            return value

        return test

    def _condition_problem(self, err: ConditionError, text: str, path: Path, key: bool) -> None:
        message = f"{err.message} (at character {err.offset + 1} of {text!r})"
        suggestion = err.suggestion
        if err.code == "condition_unknown_name":
            for name in _READS.findall(text):
                if name in self.decls.facts:
                    continue
                if name in self.failed:
                    return  # the draw of that name is reported: one cause, one problem
                if name in self.later:
                    line = self.located.where(self.later[name]).split(":")[0]
                    message = (
                        f"case.{name} is drawn later (line {line}):"
                        " a condition reads only what is drawn before it"
                    )
                    suggestion = f"move this draw below the one of {name}"
                elif name in self.derived:
                    message = (
                        f"case.{name} is derived when a case is read, so no profile draws it:"
                        " draw what it is derived from, and read that (or a let)"
                    )
                    suggestion = None
                elif name in self.undrawn:
                    message = (
                        f"case.{name} is a fact this profile does not draw: a condition reads"
                        " only what the profile draws before it"
                    )
                    suggestion = f"add a draw of fact {name} above this one"
                break
        self.problem(Code(err.code), path, message, suggestion, key=key)

    # ------------------------------------------------------------------ draws

    def draw(self, spec: DrawSpec, path: Path) -> tuple[Draw, VarType] | None:
        """The closure and type of one draw, or None (its problems recorded)."""
        kinds = [k for k in DRAW_KINDS if _given(spec, k)]
        refining = [k for k in ("plus", "then", "else") if _given(spec, k)]
        if not kinds:
            self.problem(
                Code.MISSING_KEY,
                path,
                "a draw needs one of: " + ", ".join(DRAW_KINDS),
                "for example: chance: 0.3",
            )
            return None
        if len(kinds) > 1:
            self.problem(
                Code.INVALID_VALUE,
                path,
                f"a draw has one of {', '.join(DRAW_KINDS)}; this one has {' and '.join(kinds)}",
                "split it into cases, each with its own when",
            )
            return None
        kind = kinds[0]
        if refining and kind != "chance":
            self.problem(
                Code.INVALID_VALUE,
                (*path, refining[0]),
                f"{refining[0]} refines a chance, but this draw has {kind}",
                key=True,
            )
            return None
        at = (*path, kind)
        if kind == "value":
            return self.constant(spec.value, at)
        if kind == "chance":
            return self._chance(spec, path)
        if kind == "weights":
            assert spec.weights is not None
            return self._weights(spec.weights, at)
        if kind == "uniform":
            assert spec.uniform is not None
            return self._uniform(spec.uniform, at)
        if kind == "range":
            assert spec.range_ is not None
            return self._range(spec.range_, at)
        if kind == "each":
            assert spec.each is not None
            return self._each(spec.each, at)
        if kind == "text":
            assert spec.text is not None
            return self._text(spec.text, at)
        if kind == "sampled":
            return self._sampled(spec.sampled, at)
        if kind == "months_before":
            assert spec.months_before is not None
            return self._months_before(spec.months_before, at)
        assert spec.cases is not None
        return self._cases(spec.cases, at)

    def constant(self, value: object, path: Path) -> tuple[Draw, VarType] | None:
        if isinstance(value, bool):
            kind = VarType("bool")
        elif isinstance(value, int):
            kind = VarType("int", low=value, high=value)
        elif isinstance(value, str):
            kind = VarType("string", (value,))
            self.literals.append((value, path, False))
        else:
            self.problem(
                Code.WRONG_TYPE, path, "a value is true, false, a whole number or a string"
            )
            return None
        return (lambda env, rng, unit: value), kind

    def _draw_or_constant(self, spec: object, path: Path) -> tuple[Draw, VarType] | None:
        if isinstance(spec, DrawSpec):
            return self.draw(spec, path)
        return self.constant(spec, path)

    def _chance(self, spec: DrawSpec, path: Path) -> tuple[Draw, VarType] | None:
        base = self._share(spec.chance, (*path, "chance"))
        terms: list[tuple[_Test, float]] = []
        for text, amount in (spec.plus or {}).items():
            test = self.condition(text, (*path, "plus", text), key=True)
            if test is not None:
                terms.append((test, float(amount)))
        if (spec.then is None) != (spec.else_ is None):
            missing = "else" if spec.else_ is None else "then"
            self.problem(Code.MISSING_KEY, path, f"a chance with then or else needs {missing} too")
            return None
        if base is None or len(terms) < len(spec.plus or {}):
            return None
        start: float = base
        bound = tuple(terms)

        def hit(env: Env, rng: random.Random) -> bool:
            # Added in order to the base chance: the same floating-point sums as the
            # chance written out by hand, so a profile reproduces the code it replaced.
            p = start
            for test, amount in bound:
                if test(env):
                    p = p + amount
            return rng.random() < p

        if spec.then is None:
            return (lambda env, rng, unit: hit(env, rng)), VarType("bool")
        then = self._draw_or_constant(spec.then, (*path, "then"))
        other = self._draw_or_constant(spec.else_, (*path, "else"))
        if then is None or other is None:
            return None
        kind = self._joined([then[1], other[1]], path)
        if kind is None:
            return None
        yes, no = then[0], other[0]
        return (lambda env, rng, unit: (yes if hit(env, rng) else no)(env, rng, unit)), kind

    def _share(self, value: object, path: Path) -> float | None:
        if isinstance(value, int | Decimal) and 0 <= value <= 1:
            return float(value)
        self.problem(Code.INVALID_VALUE, path, f"a chance is from 0 to 1, not {value}")
        return None

    def _weights(
        self, weights: dict[str, int | Decimal], path: Path
    ) -> tuple[Draw, VarType] | None:
        if not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            self.problem(Code.INVALID_VALUE, path, "weights are numbers of 0 or more, not all 0")
            return None
        for option in weights:
            self.literals.append((option, (*path, option), True))
        options = tuple(weights)
        # Added up once (`choices` would add plain weights up on every draw; the same value).
        cumulative = list(accumulate(float(w) for w in weights.values()))
        return (lambda env, rng, unit: rng.choices(options, cum_weights=cumulative)[0]), VarType(
            "string", options
        )

    def _uniform(self, values: list[bool | int | str], path: Path) -> tuple[Draw, VarType] | None:
        if not values:
            self.problem(Code.INVALID_VALUE, path, "uniform needs at least one value")
            return None
        parts = [self.constant(v, (*path, i)) for i, v in enumerate(values)]
        if any(p is None for p in parts):
            return None
        kind = self._joined([p[1] for p in parts if p is not None], path)
        if kind is None:
            return None
        pool = tuple(values)
        return (lambda env, rng, unit: rng.choice(pool)), kind

    def _range(self, pair: list[int], path: Path) -> tuple[Draw, VarType] | None:
        low, high = pair
        if low > high:
            self.problem(Code.INVALID_VALUE, path, f"a range runs from low to high, not {pair}")
            return None
        return (lambda env, rng, unit: rng.randint(low, high)), VarType("int", low=low, high=high)

    def _each(
        self, chances: dict[str, int | Decimal | list[ChanceCase]], path: Path
    ) -> tuple[Draw, VarType] | None:
        parts: list[tuple[str, Callable[[Env], float]]] = []
        for option, spec in chances.items():
            self.literals.append((option, (*path, option), True))
            chance = self.option_chance(spec, (*path, option))
            if chance is not None:
                parts.append((option, chance))
        if len(parts) < len(chances):
            return None
        bound = tuple(parts)

        def subset(env: Env, rng: random.Random, unit: AreaCase) -> list[str]:
            # One draw per option, in the order written, whatever its chance.
            return [option for option, chance in bound if rng.random() < chance(env)]

        return subset, VarType("set", tuple(chances))

    def option_chance(
        self, spec: int | Decimal | list[ChanceCase], path: Path
    ) -> Callable[[Env], float] | None:
        if not isinstance(spec, list):
            fixed = self._share(spec, path)
            return None if fixed is None else (lambda env: fixed)
        rows: list[tuple[_Test | None, float]] = []
        for i, case in enumerate(spec):
            ok, test = self._when(case.when, (*path, i), last=i == len(spec) - 1)
            share = self._share(case.chance, (*path, i, "chance"))
            if not ok or share is None:
                return None
            rows.append((test, share))
        table = tuple(rows)

        def chance(env: Env) -> float:
            for test, share in table:
                if test is None or test(env):
                    return share
            raise AssertionError("the last case has no when")

        return chance

    def _when(self, when: str | None, path: Path, *, last: bool) -> tuple[bool, _Test | None]:
        """Whether one case's ``when`` is sound, and its test (None: the otherwise case)."""
        if last and when is not None:
            self.problem(
                Code.INVALID_VALUE,
                (*path, "when"),
                "the last case has no when: it is what holds otherwise",
                "add a last case without when",
            )
            return False, None
        if not last and when is None:
            self.problem(
                Code.MISSING_KEY,
                path,
                "only the last case may leave out when",
                "give this case a when, or move it last",
            )
            return False, None
        if when is None:
            return True, None
        test = self.condition(when, (*path, "when"))
        return test is not None, test

    def _text(self, parts: list[str | TextPart], path: Path) -> tuple[Draw, VarType] | None:
        pieces: list[tuple[_Test | None, tuple[tuple[str, str | None], ...]]] = []
        ok = True
        for i, part in enumerate(parts):
            test: _Test | None = None
            template = part if isinstance(part, str) else part.text
            at: Path = (*path, i) if isinstance(part, str) else (*path, i, "text")
            if isinstance(part, TextPart):
                test = self.condition(part.when, (*path, i, "when"))
                ok = ok and test is not None
            fields = self._template(template, at)
            if fields is None:
                ok = False
                continue
            pieces.append((test, fields))
        if not ok:
            return None
        bound = tuple(pieces)

        def text(env: Env, rng: random.Random, unit: AreaCase) -> str:
            out = []
            for test, fields in bound:
                if test is None or test(env):
                    for literal, name in fields:
                        out.append(literal if name is None else show(env[name]))
            return "".join(out)

        return text, VarType("string")

    def _template(self, template: str, path: Path) -> tuple[tuple[str, str | None], ...] | None:
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError as exc:
            self.problem(
                Code.INVALID_VALUE, path, f"text {template!r}: {exc}", "write {{ and }} for braces"
            )
            return None
        fields: list[tuple[str, str | None]] = []
        for literal, name, spec, conversion in parsed:
            if literal:
                fields.append((literal, None))
            if name is None:
                continue
            if name in self.failed:
                return None  # the draw of that name is reported already
            if spec or conversion or name not in self.decls.facts:
                hint = did_you_mean(name, self.decls.facts) if not (spec or conversion) else None
                self.problem(
                    Code.UNKNOWN_REFERENCE,
                    path,
                    f"text {template!r}: {{{name}}} names no value drawn before it",
                    hint or "write {name} for a value drawn above, or {{ and }} for braces",
                )
                return None
            fields.append(("", name))
        return tuple(fields)

    def _sampled(self, record: str | None, path: Path) -> tuple[Draw, VarType] | None:
        if record == "stratum":
            for name in self.strata:
                self.literals.append((name, path, False))
            return (lambda env, rng, unit: unit.stratum), VarType("string", self.strata)
        if record == "officer":
            return (lambda env, rng, unit: unit.officer), VarType("string")
        return (lambda env, rng, unit: unit.ldu), VarType("string")

    def _months_before(self, names: list[str], path: Path) -> tuple[Draw, VarType] | None:
        date, months = names
        ok = True
        for i, (name, want) in enumerate(((date, "string"), (months, "int"))):
            decl = self.decls.facts.get(name)
            if name in self.failed:
                ok = False
            elif decl is None or decl.kind != want:
                self.problem(
                    Code.INVALID_VALUE if decl else Code.UNKNOWN_REFERENCE,
                    (*path, i),
                    f"months_before is [a date, a whole number of months] drawn above; "
                    f"{name!r} is {'not drawn above' if decl is None else 'a ' + decl.kind}",
                    did_you_mean(name, self.decls.facts) if decl is None else None,
                )
                ok = False
        if not ok:
            return None

        def back(env: Env, rng: random.Random, unit: AreaCase) -> str:
            count = env[months]
            assert isinstance(count, int)
            return months_before(str(env[date]), count)

        return back, VarType("date")

    def _cases(self, cases: list[CaseSpec], path: Path) -> tuple[Draw, VarType] | None:
        if not cases:
            self.problem(Code.INVALID_VALUE, path, "cases needs at least one case")
            return None
        rows: list[tuple[_Test | None, Draw]] = []
        kinds: list[VarType] = []
        ok = True
        for i, case in enumerate(cases):
            sound, test = self._when(case.when, (*path, i), last=i == len(cases) - 1)
            drawn = self.draw(case, (*path, i))
            if not sound or drawn is None:
                ok = False
                continue
            rows.append((test, drawn[0]))
            kinds.append(drawn[1])
        if not ok:
            return None
        kind = self._joined(kinds, path)
        if kind is None:
            return None
        table = tuple(rows)

        def first(env: Env, rng: random.Random, unit: AreaCase) -> object:
            for test, draw in table:
                if test is None or test(env):
                    return draw(env, rng, unit)
            raise AssertionError("the last case has no when")

        return first, kind

    def _joined(self, kinds: Sequence[VarType], path: Path) -> VarType | None:
        joined: VarType | None = kinds[0]
        for kind in kinds[1:]:
            joined = None if joined is None else joined | kind
        if joined is None:
            found = ", ".join(dict.fromkeys(k.kind for k in kinds))
            self.problem(
                Code.WRONG_TYPE, path, f"the values of one draw must be of one kind, not {found}"
            )
        return joined


def _given(spec: DrawSpec, key: str) -> bool:
    name = {"else": "else_", "range": "range_"}.get(key, key)
    return name in spec.model_fields_set
