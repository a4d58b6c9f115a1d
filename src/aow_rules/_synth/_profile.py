"""A synthetic profile: what an invented caseload looks like, for one criteria version.

In: a compiled `Criteria` and its profile (``<id>.synth.yaml`` beside the criteria file, or a
file given by the caller). Out: a checked, compiled `Profile`: the caseload's strata, the
draws of each case's facts (and of latent values the facts depend on), in order, as
closures, and what is known of the answers. Every fact, option and question the profile names
must exist in the criteria; every problem is reported at once, as a `CriteriaError` with
file:line:column and a suggestion. A criteria file without a profile gets `GENERIC_PROFILE`:
one stratum, every fact drawn by the generic fallback. Called by `synthesize`.
"""

from __future__ import annotations

import difflib
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .._cel import Declarations, VarDecl
from .._criteria import Criteria, Fact
from .._strict import Located
from .._strict import Path as DataPath
from ..errors import Code, CriteriaError, Problem, did_you_mean
from ._caseload import GENERIC_CASELOAD, AreaCase, Caseload
from ._draws import Blank, Draw, DrawCompiler, Env
from ._kinds import VarType, fact_decl, fact_mismatch
from ._spec import DRAW_KINDS, AnswersSpec, CaseloadSpec, EntrySpec, ProfileSpec, read_profile

__all__ = ["GENERIC_PROFILE", "Profile", "load_profile", "profile_path"]

_SUFFIX = ".synth.yaml"
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Profile:
    """A compiled synthetic profile: valid for its criteria by construction."""

    source: str | None
    """The profile file, or None for the generic profile."""
    caseload: Caseload
    steps: tuple[tuple[str, Draw], ...]
    """Each drawn name (a fact or a latent value) and its draw, in order."""
    blanks: Mapping[str, Blank]
    """Each fact the profile draws -> the chance an optional one is left blank (None: never;
    a function: a chance that depends on the values drawn)."""
    difficulty: Mapping[str, float]
    """Question id -> its difficulty, where the profile fixes it."""

    def draw(self, unit: AreaCase, rng: random.Random) -> Env:
        """Every value the profile draws for one sampled case, by name."""
        env: Env = {}
        for name, draw in self.steps:
            env[name] = draw(env, rng, unit)
        return env


GENERIC_PROFILE = Profile(None, GENERIC_CASELOAD, (), _EMPTY, _EMPTY)
"""For criteria without a profile: nothing known, every fact drawn by the generic fallback."""


def profile_path(criteria: Criteria) -> Path | None:
    """The profile beside the criteria file (``<id>.synth.yaml``), if there is one."""
    here = Path(criteria.source)
    beside = here.with_name(here.name.removesuffix(".yaml") + _SUFFIX)
    return beside if here.name.endswith(".yaml") and beside.is_file() else None


def load_profile(criteria: Criteria, path: str | Path | None = None) -> Profile:
    """The profile at ``path``, or beside the criteria file, or the generic one.

    Raises `CriteriaError` with every problem of the profile file.
    """
    found = profile_path(criteria) if path is None else Path(path)
    if found is None:
        return GENERIC_PROFILE
    spec, located, source = read_profile(found)
    return _Checker(criteria, spec, located, source).profile()


class _Checker:
    """Checks one profile against its criteria and compiles it, collecting every problem."""

    def __init__(self, criteria: Criteria, spec: ProfileSpec, located: Located, source: str):
        self.criteria = criteria
        self.spec = spec
        self.located = located
        self.source = source
        self.problems: list[Problem] = []

    def problem(
        self,
        code: Code,
        path: DataPath,
        message: str,
        suggestion: str | None = None,
        *,
        key: bool = False,
    ) -> None:
        where = self.located.where_key(path) if key else self.located.where(path)
        self.problems.append(Problem(code, message, self.source, where, suggestion))

    def profile(self) -> Profile:
        spec = self.spec
        if spec.criteria != self.criteria.id:
            self.problem(
                Code.INVALID_VALUE,
                ("criteria",),
                f"the profile is written for criteria {spec.criteria!r}, not {self.criteria.id!r}",
                f"write criteria: {self.criteria.id}, if it fits those criteria",
            )
        if "SYNTHETIC" not in spec.note:
            self.problem(
                Code.INVALID_VALUE,
                ("note",),
                "the note must say the profile is SYNTHETIC (in capitals), and what in it is "
                "reconstructed",
                "begin it with: SYNTHETIC:",
            )
        caseload = GENERIC_CASELOAD if spec.caseload is None else self.caseload(spec.caseload)
        compiler = DrawCompiler(self.located, self.source, caseload.names, self.problems)
        steps, blanks = self.draws(compiler)
        difficulty = _EMPTY if spec.answers is None else self.answers(spec.answers)
        if self.problems:
            raise CriteriaError(self.problems)
        return Profile(self.source, caseload, steps, MappingProxyType(blanks), difficulty)

    def caseload(self, spec: CaseloadSpec) -> Caseload:
        strata: list[tuple[str, float]] = []
        for name, share in spec.strata.items():
            factors = share if isinstance(share, list) else [share]
            if any(f <= 0 for f in factors):
                self.problem(
                    Code.INVALID_VALUE,
                    ("caseload", "strata", name),
                    f"stratum {name}: a share is a number more than 0",
                )
            # Multiplied in the order written: a share of a share (88% men, 60% of them on
            # community sentences) comes out as the same float as the product in code.
            strata.append((name, math.prod(float(f) for f in factors)))
        if not strata:
            self.problem(Code.INVALID_VALUE, ("caseload", "strata"), "name at least one stratum")
        default = GENERIC_CASELOAD
        pairs = {}
        for key in ("officers", "ldus"):
            pair = getattr(spec, key)
            if pair is not None and not 1 <= pair[0] <= pair[1]:
                self.problem(
                    Code.INVALID_VALUE,
                    ("caseload", key),
                    f"{key} is [fewest, most], with 1 <= fewest <= most; not {pair}",
                )
            pairs[key] = getattr(default, key) if pair is None else (pair[0], pair[1])
        limit = default.max_per_officer if spec.max_per_officer is None else spec.max_per_officer
        if limit < 1:
            self.problem(
                Code.INVALID_VALUE, ("caseload", "max_per_officer"), "max_per_officer is 1 or more"
            )
        return Caseload(tuple(strata), pairs["officers"], pairs["ldus"], limit)

    def draws(
        self, compiler: DrawCompiler
    ) -> tuple[tuple[tuple[str, Draw], ...], dict[str, Blank]]:
        facts = self.criteria.facts
        entries = self.spec.draws
        named = [(i, e.fact or e.let) for i, e in enumerate(entries)]
        drawn_facts = {e.fact for e in entries if e.fact}
        derived = frozenset(f for f, fact in facts.items() if fact.derived is not None)
        compiler.derived = derived
        compiler.undrawn = frozenset(set(facts) - drawn_facts - derived)
        decls: dict[str, VarDecl] = {}
        first: dict[str, DataPath] = {}
        steps: list[tuple[str, Draw]] = []
        blanks: dict[str, Blank] = {}
        for i, entry in enumerate(entries):
            path: DataPath = ("draws", i)
            target = self.target(entry, path, first)
            compiler.decls = Declarations(MappingProxyType(dict(decls)), MappingProxyType({}))
            compiler.later = {n: ("draws", j) for j, n in named[i:] if n and n not in decls}
            compiler.literals = []
            drawn = compiler.draw(entry, path)
            if target is None:
                # Its readers below would only repeat the problem: the name as written,
                # and the fact it most likely means.
                wrote = entry.fact or entry.let
                if wrote is not None:
                    compiler.failed.add(wrote)
                    compiler.failed.update(difflib.get_close_matches(wrote, facts, n=1))
                continue
            first.setdefault(target, path)
            fact = facts.get(target) if entry.fact else None
            if drawn is None:
                if fact is None:
                    compiler.failed.add(target)
                else:  # still readable below, with its declared type
                    decls[target] = fact_decl(fact)
                continue
            draw, kind = drawn
            if fact is None:
                decls[target] = kind.decl()
            else:
                decls[target] = fact_decl(fact)
                self.fits(fact, entry, kind, compiler, path)
                blanks[target] = self.blank(fact, entry, path, compiler)
            steps.append((target, draw))
        return tuple(steps), blanks

    def target(self, entry: EntrySpec, path: DataPath, first: dict[str, DataPath]) -> str | None:
        """The name an entry draws, checked: a fact of the criteria, or a new latent name."""
        if (entry.fact is None) == (entry.let is None):
            self.problem(
                Code.MISSING_KEY if entry.fact is None else Code.INVALID_VALUE,
                path,
                "a draw names what it draws: fact: <a fact of the criteria> or let: <a latent "
                "value>, one of them",
            )
            return None
        facts = self.criteria.facts
        if entry.fact is not None:
            name = entry.fact
            if name not in facts:
                self.problem(
                    Code.UNKNOWN_REFERENCE,
                    (*path, "fact"),
                    f"criteria {self.criteria.id} have no fact {name!r}",
                    did_you_mean(name, facts) or f"for a latent value, write let: {name}",
                )
                return None
            derived = facts[name].derived
            if derived is not None:
                self.problem(
                    Code.INVALID_VALUE,
                    (*path, "fact"),
                    f"fact {name} is derived ({derived.text}) when a case is read: a profile "
                    f"draws {' and '.join(derived.sources)} instead",
                    "draw the number it comes from as a latent value (let) under another name "
                    "if later draws read it",
                )
                return None
        else:
            assert entry.let is not None
            name = entry.let
            if name in facts:
                self.problem(
                    Code.INVALID_VALUE,
                    (*path, "let"),
                    f"{name} is a fact of criteria {self.criteria.id}: draw it as a fact",
                    f"write fact: {name}",
                )
                return None
            if entry.blank is not None:
                self.problem(
                    Code.INVALID_VALUE,
                    (*path, "blank"),
                    "blank is for optional facts: a latent value is never recorded",
                    key=True,
                )
        if name in first:
            self.problem(
                Code.DUPLICATE_ID,
                (*path, "fact" if entry.fact else "let"),
                f"{name} is drawn twice (first at line {_line(self.located, first[name])})",
                "draw it once, with cases for its conditions",
            )
            return None
        return name

    def fits(
        self, fact: Fact, entry: EntrySpec, kind: VarType, compiler: DrawCompiler, path: DataPath
    ) -> None:
        given = next(k for k in DRAW_KINDS if k in _fields(entry))
        why = fact_mismatch(fact, kind)
        if why is not None:
            self.problem(why[0], (*path, given), why[1], key=True)
            return
        if fact.type not in ("choice", "set"):
            return
        options = fact.options or ()
        for value, where, is_key in compiler.literals:
            if value not in options:
                what = (
                    f"stratum {value!r} of the caseload"
                    if entry.sampled == "stratum"
                    else repr(value)
                )
                self.problem(
                    Code.UNKNOWN_REFERENCE,
                    where,
                    f"{what} is not an option of fact {fact.id} ({', '.join(options)})",
                    did_you_mean(value, options),
                    key=is_key,
                )

    def blank(self, fact: Fact, entry: EntrySpec, path: DataPath, compiler: DrawCompiler) -> Blank:
        blank = entry.blank
        if blank is None:
            return 0.0
        if fact.required:
            self.problem(
                Code.INVALID_VALUE,
                (*path, "blank"),
                f"fact {fact.id} is required by the criteria: it is never left blank",
                "remove blank",
                key=True,
            )
            return None
        if blank == "never":
            return None
        if isinstance(blank, list):
            return compiler.option_chance(blank, (*path, "blank"))
        if not isinstance(blank, int | Decimal) or not 0 <= blank <= 1:
            self.problem(
                Code.INVALID_VALUE,
                (*path, "blank"),
                f"blank is a chance from 0 to 1, or never; not {blank}",
            )
            return None
        return float(blank)

    def answers(self, spec: AnswersSpec) -> Mapping[str, float]:
        index = self.criteria.question_index
        out: dict[str, float] = {}
        for qid, value in spec.difficulty.items():
            path = ("answers", "difficulty", qid)
            if qid not in index:
                self.problem(
                    Code.UNKNOWN_REFERENCE,
                    path,
                    f"criteria {self.criteria.id} have no question {qid!r}",
                    did_you_mean(qid, index),
                    key=True,
                )
            elif self.criteria.question(qid).scale is None:
                self.problem(
                    Code.INVALID_VALUE,
                    path,
                    f"question {qid} has no answer scale: no answer is drawn for it",
                    key=True,
                )
            else:
                out[qid] = float(value)
        return MappingProxyType(out)


def _fields(entry: EntrySpec) -> set[str]:
    aliases = {"else_": "else", "range_": "range"}
    return {aliases.get(name, name) for name in entry.model_fields_set}


def _line(located: Located, path: DataPath) -> str:
    return located.where(path).split(":")[0]
