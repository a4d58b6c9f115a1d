"""Compile a criteria file: check shape, resolve every reference, compile every condition.

Problems are collected (`_collect`), never raised one by one: an author fixing a file sees all
of them. The scoring and ratings are compiled by `_scoring`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ValidationError

from .._cel import ConditionError, Declarations, VarDecl, VarKind, compile_condition
from .._strict._json import too_large
from .._strict._limits import MAX_FACTS, MAX_FILE_BYTES, MAX_QUESTIONS
from .._strict._shape import field_names, shape_problems
from .._strict._text import decode_utf8
from .._strict._yaml import ItemLimits, Located, Path, load_yaml
from ..errors import Code, CriteriaError, Problem
from ._collect import Collector, exact
from ._facts import build_facts, compile_fact_conditions
from ._intake import build_intake
from ._model import (
    Criteria,
    Group,
    Node,
    Option,
    Provenance,
    ProvenanceKind,
    Question,
    Rule,
    Scale,
)
from ._nodes import fused, group_node, leaf_node, not_node
from ._plan import plan
from ._sampling import build_sampling, row_declarations
from ._scoring import build_scoring
from ._spec import (
    CRITERIA_FORMAT,
    AllOf,
    AnyOf,
    CriteriaSpec,
    NotOf,
    QuestionSpec,
)

__all__ = ["BUILT_IN_FINDINGS", "compile_text"]

BUILT_IN_FINDINGS = frozenset(
    {"answered_not_applicable", "applicable_unanswered", "evidence_missing", "condition_error"}
)
"""Finding codes aow-rules itself reports; a consistency rule cannot reuse one."""

_KNOWN_KEYS = field_names(CriteriaSpec)
_FACT_KINDS: dict[str, VarKind] = {
    "bool": "bool",
    "int": "int",
    "choice": "string",
    "set": "list",
    "date": "string",
    "text": "string",
}


# A case may hold as many facts as a criteria file may declare, so the fast path and the full
# check of a case agree on what is too many.
_ITEM_LIMITS: ItemLimits = {
    ("questions",): (MAX_QUESTIONS, Code.TOO_MANY_QUESTIONS, "questions in one criteria file"),
    ("facts",): (MAX_FACTS, Code.TOO_MANY_FACTS, "facts in one criteria file"),
}


def compile_text(data: bytes, source: str) -> Criteria:
    """Compile the bytes of a criteria file; ``source`` names it in problems."""
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_FILE_BYTES:
        raise CriteriaError([too_large(len(data), source, "the file", limit=MAX_FILE_BYTES)])
    text = decode_utf8(data, source)
    if isinstance(text, Problem):
        raise CriteriaError([text])
    located, problems = load_yaml(text, source, _ITEM_LIMITS)
    if located is None:
        raise CriteriaError(problems)
    data_root = located.data
    fmt = data_root.get("format") if isinstance(data_root, dict) else None
    if fmt != CRITERIA_FORMAT:
        shown = "no format key" if fmt is None else f"format {fmt!r}"
        problems.append(
            Problem(
                Code.UNSUPPORTED_FORMAT,
                f"{shown}; aow-rules reads criteria files of format {CRITERIA_FORMAT!r}",
                source,
                located.where(("format",)),
                f"start the file with: format: {CRITERIA_FORMAT}",
            )
        )
        raise CriteriaError(problems)
    try:
        spec = CriteriaSpec.model_validate(data_root)
    except ValidationError as exc:
        problems.extend(shape_problems(exc, located, source, _KNOWN_KEYS))
        raise CriteriaError(problems) from None
    if problems:
        raise CriteriaError(problems)
    builder = _Builder(spec, located, source)
    criteria = builder.build(digest)
    if builder.problems:
        raise CriteriaError(builder.problems)
    assert criteria is not None
    return criteria


class _Builder(Collector):
    def __init__(self, spec: CriteriaSpec, located: Located, source: str) -> None:
        super().__init__(located, source)
        self.spec = spec
        self.derived: dict[str, tuple[str, ...]] = {}
        """Derived fact -> what it is computed from, once the facts are compiled."""

    # -- the parts, in dependency order ------------------------------------------------------

    def build(self, digest: str) -> Criteria | None:
        spec = self.spec
        self.unique("outcomes", [o.id for o in spec.outcomes], "outcome")
        self.unique("stages", [s.id for s in spec.stages], "stage")
        self.unique("criteria", [c.id for c in spec.criteria], "criterion")
        self.unique("facts", [f.id for f in spec.facts], "fact")
        self.unique("scales", [s.id for s in spec.scales], "scale")
        self.unique("questions", [q.id for q in spec.questions], "question")
        codes: dict[str, int] = {}
        for i, rule in enumerate(spec.consistency):
            if rule.code in BUILT_IN_FINDINGS:
                self.problem(
                    Code.INVALID_VALUE,
                    ("consistency", i, "code"),
                    f"consistency rule code {rule.code!r} is the code of a built-in finding",
                    "choose a code of its own, e.g. one that names what contradicts what",
                )
            if rule.code in codes:
                self.problem(
                    Code.DUPLICATE_ID,
                    ("consistency", i, "code"),
                    f"consistency rule code {rule.code!r} is used twice",
                )
            codes.setdefault(rule.code, i)

        outcomes = tuple(Group("outcome", o.id, o.title, i) for i, o in enumerate(spec.outcomes))
        base = len(outcomes)
        stages = tuple(Group("stage", s.id, s.title, base + i) for i, s in enumerate(spec.stages))
        base += len(stages)
        outcome_by_id = {g.id: g for g in outcomes}
        stage_by_id = {g.id: g for g in stages}
        crit_groups = []
        for i, c in enumerate(spec.criteria):
            self.ref(("criteria", i, "outcome"), c.outcome, outcome_by_id, "outcome")
            self.ref(("criteria", i, "stage"), c.stage, stage_by_id, "stage")
            prov = self.provenance(c.provenance, c.provenance_note, ("criteria", i))
            crit_groups.append(
                Group("criterion", c.id, c.title, base + i, c.outcome, c.stage, prov)
            )
        criteria_groups = tuple(crit_groups)
        crit_by_id = {g.id: g for g in criteria_groups}

        facts = build_facts(self, spec)
        scales = self.scales()
        decls = Declarations(
            facts=MappingProxyType(
                {f.id: VarDecl(_FACT_KINDS[f.type], f.options) for f in facts.values()}
            ),
            answers=MappingProxyType(
                {
                    q.id: tuple(o.value for o in scales[q.scale].options)
                    if q.scale in scales
                    else ()
                    for q in spec.questions
                }
            ),
        )
        compile_fact_conditions(
            self, spec, facts, lambda cond, path: self.condition(cond, path, decls)
        )
        self.derived = {f.id: f.derived.sources for f in facts.values() if f.derived is not None}
        questions = tuple(
            self.question(
                i,
                q,
                scales=scales,
                crit_by_id=crit_by_id,
                outcome_by_id=outcome_by_id,
                stage_by_id=stage_by_id,
                decls=decls,
            )
            for i, q in enumerate(spec.questions)
        )
        rules = []
        for i, r in enumerate(spec.consistency):
            node = self.condition(r.when, ("consistency", i, "when"), decls)
            if node is not None:
                rules.append(Rule(r.code, r.severity, node, r.message))
        scoring = build_scoring(self, spec, crit_by_id, facts, stage_by_id)
        rows = row_declarations()
        sampling = build_sampling(
            self, spec.sampling, lambda cond, path: self.condition(cond, path, rows)
        )
        if self.problems:
            return None
        index = MappingProxyType({q.id: i for i, q in enumerate(questions)})
        header = spec.provenance.model_dump()
        provenance = MappingProxyType(
            {k: tuple(v) if isinstance(v, list) else v for k, v in header.items()}
        )
        return Criteria(
            id=spec.id,
            version=spec.version,
            title=spec.title,
            status=spec.status,
            effective_from=spec.effective_from,
            replaces=spec.replaces,
            provenance=provenance,
            sha256=digest,
            source=self.source,
            outcomes=outcomes,
            stages=stages,
            criteria=criteria_groups,
            facts=MappingProxyType(facts),
            scales=MappingProxyType(scales),
            questions=questions,
            question_index=index,
            scoring=scoring,
            rules=tuple(rules),
            lint_allowed=MappingProxyType({(a.code, a.id): a.reason for a in spec.lint}),
            locations=MappingProxyType(self.locations()),
            plan=plan(questions, rules, outcomes + stages + criteria_groups),
            intake=build_intake(questions, facts),
            derived=tuple(f for f in facts.values() if f.derived is not None),
            sampling=sampling,
        )

    def locations(self) -> dict[str, str]:
        spec = self.spec
        out: dict[str, str] = {}
        for part in ("criteria", "scoring"):
            if isinstance(self.located.data, dict) and part in self.located.data:
                out[part] = self.located.where_key((part,))
        for part, ids in (
            ("facts", [f.id for f in spec.facts]),
            ("outcomes", [o.id for o in spec.outcomes]),
            ("questions", [q.id for q in spec.questions]),
            ("consistency", [r.code for r in spec.consistency]),
        ):
            for i, ident in enumerate(ids):
                out.setdefault(f"{part}.{ident}", self.located.where((part, i)))
        return out

    def scales(self) -> dict[str, Scale]:
        out: dict[str, Scale] = {}
        for i, s in enumerate(self.spec.scales):
            opts = []
            seen: set[str] = set()
            for j, o in enumerate(s.options):
                path = ("scales", i, "options", j)
                if o.value in seen:
                    self.problem(
                        Code.DUPLICATE_ID,
                        (*path, "value"),
                        f"scale {s.id!r} lists option {o.value!r} twice",
                    )
                seen.add(o.value)
                credit = None if o.credit is None else exact(o.credit)
                if credit is not None and not 0 <= credit <= 1:
                    self.problem(
                        Code.INVALID_VALUE,
                        (*path, "credit"),
                        f"credit of {s.id}.{o.value} is {credit}; expected a number "
                        "from 0 to 1, or null for not applicable",
                    )
                opts.append(Option(o.value, o.title, credit))
            if not opts:
                self.problem(
                    Code.INVALID_VALUE, ("scales", i, "options"), f"scale {s.id!r} has no options"
                )
            out.setdefault(s.id, Scale(s.id, s.title, tuple(opts)))
        return out

    def question(
        self,
        i: int,
        q: QuestionSpec,
        *,
        scales: Mapping[str, Scale],
        crit_by_id: Mapping[str, Group],
        outcome_by_id: Mapping[str, Group],
        stage_by_id: Mapping[str, Group],
        decls: Declarations,
    ) -> Question:
        path: Path = ("questions", i)
        scale = None
        if q.scale is not None and self.ref((*path, "scale"), q.scale, scales, "scale"):
            scale = scales[q.scale]
        crit = None
        if q.criterion is not None and self.ref(
            (*path, "criterion"), q.criterion, crit_by_id, "criterion"
        ):
            crit = crit_by_id[q.criterion]
        contributions: list[tuple[Group, Fraction]] = []
        weight_provenance: dict[str, Provenance] = {}
        if q.scored:
            if q.scale is None:
                self.problem(
                    Code.MISSING_KEY,
                    path,
                    f"scored question {q.id!r} needs a scale",
                    "add scale: yes_no, or mark it scored: false",
                )
            if q.criterion is None:
                self.problem(
                    Code.MISSING_KEY,
                    path,
                    f"scored question {q.id!r} needs a criterion",
                    'add criterion: "X.Y", or mark it scored: false',
                )
            if scale is not None and all(o.credit is None for o in scale.options):
                self.problem(
                    Code.INVALID_VALUE,
                    (*path, "scale"),
                    f"question {q.id!r} is scored on {scale.id!r}, whose options all "
                    "have null credit",
                )
            if crit is not None:
                contributions.append((crit, Fraction(1)))
                if crit.stage is not None and crit.stage in stage_by_id:
                    contributions.append((stage_by_id[crit.stage], Fraction(1)))
            towards = q.counts_towards
            home = crit.outcome if crit is not None else None
            if towards is None and home is not None and home in outcome_by_id:
                contributions.append((outcome_by_id[home], Fraction(1)))
            for j, c in enumerate(towards or ()):
                cpath = (*path, "counts_towards", j)
                weight = exact(c.weight)
                if weight <= 0:
                    self.problem(
                        Code.INVALID_VALUE,
                        (*cpath, "weight"),
                        f"weight of {q.id} towards {c.outcome} must be above 0",
                    )
                if self.ref((*cpath, "outcome"), c.outcome, outcome_by_id, "outcome"):
                    if any(g.id == c.outcome for g, _ in contributions):
                        self.problem(
                            Code.DUPLICATE_ID,
                            (*cpath, "outcome"),
                            f"question {q.id!r} counts towards {c.outcome} twice",
                        )
                    contributions.append((outcome_by_id[c.outcome], weight))
                prov = self.provenance(c.provenance, c.provenance_note, cpath)
                if prov is not None:
                    weight_provenance[c.outcome] = prov
            if towards is not None and not towards:
                self.problem(
                    Code.COUNTS_NOWHERE,
                    (*path, "counts_towards"),
                    f"scored question {q.id!r} counts towards no outcome",
                    "name an outcome, or mark the question scored: false",
                )
        elif q.counts_towards or q.key:
            self.problem(
                Code.INVALID_VALUE,
                path,
                f"unscored question {q.id!r} cannot count towards outcomes or be key",
            )
        if q.previous and self.spec.replaces is None:
            self.problem(
                Code.INVALID_VALUE,
                (*path, "previous"),
                f"question {q.id!r} names previous questions, but the file replaces no version",
                "add replaces: <id of the version it replaces> to the header",
            )
        evidence_when: frozenset[str] = frozenset()
        if q.evidence is not None:
            for j, v in enumerate(q.evidence.required_when):
                if scale is not None:
                    self.ref(
                        (*path, "evidence", "required_when", j),
                        v,
                        [o.value for o in scale.options],
                        f"option of {scale.id}",
                    )
            evidence_when = frozenset(q.evidence.required_when)
        applies = None
        if q.applies_if is not None:
            applies = self.condition(q.applies_if, (*path, "applies_if"), decls)
        return Question(
            id=q.id,
            text=q.text,
            criterion=q.criterion,
            scale=scale,
            scored=q.scored,
            applies_if=applies,
            contributions=tuple(contributions),
            key=q.key,
            evidence_when=evidence_when,
            evidence_prompt=q.evidence.prompt if q.evidence else None,
            previous=None if q.previous is None else tuple(q.previous),
            provenance=self.question_provenance(q, path),
            guidance=q.guidance,
            revised_from=None if q.revised_from is None else tuple(q.revised_from),
            weight_provenance=MappingProxyType(weight_provenance) if weight_provenance else None,
            declared_weights=tuple(c.outcome for c in q.counts_towards or ()) if q.scored else (),
        )

    def question_provenance(self, q: QuestionSpec, path: Path) -> Provenance | None:
        """``provenance`` and its note, or the older ``basis`` and ``basis_note`` mapped."""
        if q.basis is not None or q.basis_note is not None:
            if q.provenance is not None or q.provenance_note is not None:
                self.problem(
                    Code.INVALID_VALUE,
                    (*path, "basis" if q.basis is not None else "basis_note"),
                    f"question {q.id!r} gives both provenance and the older basis",
                    "keep provenance and provenance_note; remove basis and basis_note",
                )
                return None
            kind = None if q.basis is None else _BASIS[q.basis]
            return self.provenance(kind, q.basis_note, path, "basis")
        return self.provenance(q.provenance, q.provenance_note, path)

    def condition(self, cond: Any, path: Path, decls: Declarations) -> Node | None:
        where = self.located.where(path)
        if isinstance(cond, str):
            try:
                leaf = compile_condition(cond, decls)
            except ConditionError as err:
                self.problem(
                    Code(err.code),
                    path,
                    f"{err.message} (at character {err.offset + 1} of {_clip(cond)})",
                    err.suggestion,
                )
                return None
            return leaf_node(leaf, where, self.derived)
        if isinstance(cond, NotOf):
            inner = self.condition(cond.not_, (*path, "not"), decls)
            return None if inner is None else fused(not_node(inner, where), decls)
        kind: Literal["all", "any"]
        if isinstance(cond, AllOf):
            kind, parts = "all", cond.all
        else:
            assert isinstance(cond, AnyOf)
            kind, parts = "any", cond.any
        if not parts:
            self.problem(Code.INVALID_VALUE, path, f"'{kind}' needs at least one condition")
            return None
        nodes = [self.condition(c, (*path, kind, j), decls) for j, c in enumerate(parts)]
        if any(n is None for n in nodes):
            return None
        return fused(group_node(kind, tuple(n for n in nodes if n is not None), where), decls)


_BASIS: dict[str, ProvenanceKind] = {
    "documented": "documented",
    "theme": "reconstructed",
    "reconstruction": "ours",
}
"""How the older ``basis`` reads as ``provenance``: a question following a documented theme
is a reconstruction; a question of our own making is ours."""


def _clip(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
