"""A criteria file's ``sampling:`` section: how an inspection of this version draws its cases
from a provider's long list (read and drawn by `_sample`).

The long list's columns are fixed here (`COLUMNS`), once for every version, so that a
condition in an exclusion or a named stratum is type-checked against them when the file is
compiled, like every other condition: ``case.<column>`` reads a row. Everything the section
says carries its provenance: the draw method is a reconstruction (docs/sampling.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from .._cel import Declarations, VarDecl, VarKind
from .._strict._yaml import Path
from ..errors import Code
from ._collect import Collector
from ._model import Node, Provenance
from ._spec import SamplingSpec

__all__ = [
    "COLUMNS",
    "DERIVED_COLUMNS",
    "OFFENCE_TYPES",
    "ROSH_LEVELS",
    "SENTENCE_TYPES",
    "SEXES",
    "STATUSES",
    "STRATA_COLUMNS",
    "Column",
    "Exclusion",
    "Sampling",
    "Stratum",
    "build_sampling",
    "row_declarations",
]

SENTENCE_TYPES = (
    "community_order",
    "suspended_sentence_order",
    "immediate_custody",
    "licence_determinate",
    "licence_indeterminate",
    "post_sentence_supervision",
)
OFFENCE_TYPES = (
    "violence",
    "sexual",
    "domestic_abuse_related",
    "acquisitive",
    "drugs",
    "motoring",
    "other",
)
ROSH_LEVELS = ("low", "medium", "high", "very_high", "not_assessed")
SEXES = ("male", "female")
STATUSES = ("current", "transferred_out", "terminated_early")

ColumnKind = Literal["id", "pnc", "crn", "choice", "set", "date", "text"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a long list."""

    name: str
    kind: ColumnKind
    required: bool
    """Whether the header must name it (a cell may still be empty where ``blank``)."""
    blank: bool
    """Whether a row may leave the cell empty."""
    title: str
    options: tuple[str, ...] | None = None


COLUMNS: tuple[Column, ...] = (
    Column("case_ref", "id", True, False, "The provider's reference for the case"),
    Column("pnc", "pnc", True, True, "PNC number, YYYY/NNNNNNNL (a row needs pnc or crn)"),
    Column("crn", "crn", True, True, "Case reference number (CRN), a letter and six digits"),
    Column("officer", "id", True, False, "Responsible officer (a name or staff code)"),
    Column("ldu", "id", True, False, "Local delivery unit"),
    Column("sentence_type", "choice", True, False, "Sentence type", SENTENCE_TYPES),
    Column(
        "sentence_date",
        "date",
        True,
        False,
        "Start of the sentence supervised: date of sentence, or of release on licence",
    ),
    Column("offence_type", "set", True, False, "Offence types, separated by ;", OFFENCE_TYPES),
    Column("rosh_level", "choice", True, False, "RoSH level recorded", ROSH_LEVELS),
    Column("sex", "choice", True, False, "Sex recorded", SEXES),
    Column("status", "choice", False, True, "Status (empty: current)", STATUSES),
    Column("note", "text", False, True, "Free text, carried to the sample as written"),
)
"""The columns of a long list, in the order `sample` writes them."""

DERIVED_COLUMNS: dict[str, VarKind] = {"months_since_sentence": "int"}
"""Values a condition may read that a row does not hold: whole months from ``sentence_date``
to the cut-off date (negative when the sentence began after it)."""

STRATA_COLUMNS = ("ldu", "sentence_type", "rosh_level", "sex", "status")
"""Columns ``strata.by`` may name: one value per row, from a short list."""

_CEL_KIND: dict[ColumnKind, VarKind] = {"set": "list"}  # every other column is a string


def row_declarations() -> Declarations:
    """What ``case.<name>`` may read in a sampling condition, and its type."""
    facts: dict[str, VarDecl] = {}
    for column in COLUMNS:
        facts[column.name] = VarDecl(_CEL_KIND.get(column.kind, "string"), column.options)
    for name, kind in DERIVED_COLUMNS.items():
        facts[name] = VarDecl(kind)
    return Declarations(facts=MappingProxyType(facts), answers=MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A compiled exclusion rule: rows for which ``when`` holds cannot be inspected."""

    code: str
    title: str
    when: Node
    provenance: Provenance | None


@dataclass(frozen=True, slots=True)
class Stratum:
    """A named stratum: the rows ``when`` holds for, unless an earlier stratum took them."""

    id: str
    title: str | None
    when: Node


@dataclass(frozen=True, slots=True)
class Sampling:
    """The compiled ``sampling:`` section of a criteria file."""

    size_min: int
    size_max: int
    size_default: int
    officer_cap: int
    strata_by: tuple[str, ...]
    """Columns whose values make the strata; empty with `named` or for one stratum."""
    named: tuple[Stratum, ...]
    exclusions: tuple[Exclusion, ...]
    provenance: Provenance | None
    """Of the draw method (exclusions, duplicates, proportional allocation, officer cap)."""
    size_provenance: Provenance | None
    officer_cap_provenance: Provenance | None
    strata_provenance: Provenance | None
    note: str | None
    location: str
    """``line:column`` of the section in its file."""

    def to_dict(self) -> dict[str, Any]:
        """The rules as JSON-ready data (what a sample manifest records)."""

        def prov(p: Provenance | None) -> dict[str, str | None] | None:
            return None if p is None else p.to_dict()

        strata: dict[str, Any] = {"provenance": prov(self.strata_provenance)}
        if self.named:
            strata["named"] = [
                {"id": s.id, "title": s.title, "when": s.when.text} for s in self.named
            ]
        else:
            strata["by"] = list(self.strata_by)
        return {
            "provenance": prov(self.provenance),
            "note": self.note,
            "size": {
                "min": self.size_min,
                "max": self.size_max,
                "default": self.size_default,
                "provenance": prov(self.size_provenance),
            },
            "officer_cap": {
                "max": self.officer_cap,
                "provenance": prov(self.officer_cap_provenance),
            },
            "strata": strata,
            "exclusions": [
                {
                    "code": e.code,
                    "title": e.title,
                    "when": e.when.text,
                    "provenance": prov(e.provenance),
                }
                for e in self.exclusions
            ],
        }


CompileCondition = Callable[[Any, Path], Node | None]


def _required(c: Collector, prov: Provenance | None, path: Path, what: str) -> Provenance | None:
    if prov is None:
        c.problem(
            Code.MISSING_KEY,
            path,
            f"{what} says nothing of what it rests on",
            "add provenance: documented, reconstructed or ours (with a provenance_note)",
        )
    return prov


def build_sampling(
    c: Collector, spec: SamplingSpec | None, condition: CompileCondition
) -> Sampling | None:
    """The compiled section, or None when the file has none; every problem goes to ``c``."""
    if spec is None:
        return None
    root: Path = ("sampling",)
    size = spec.size
    if not size.min <= size.max:
        c.problem(
            Code.INVALID_VALUE,
            (*root, "size", "max"),
            f"sampling size max {size.max} is below min {size.min}",
        )
    elif not size.min <= size.default <= size.max:
        c.problem(
            Code.INVALID_VALUE,
            (*root, "size", "default"),
            f"sampling size default {size.default} is outside min {size.min} to max {size.max}",
        )
    strata = spec.strata
    if strata.by is not None and strata.named is not None:
        c.problem(
            Code.INVALID_VALUE,
            (*root, "strata"),
            "strata give both by and named; a sample is stratified one way",
            "keep by (columns) or named (conditions), not both",
        )
    seen: set[str] = set()
    for i, name in enumerate(strata.by or ()):
        c.ref((*root, "strata", "by", i), name, STRATA_COLUMNS, "stratifying column")
        if name in seen:
            c.problem(Code.DUPLICATE_ID, (*root, "strata", "by", i), f"column {name!r} twice")
        seen.add(name)
    named: list[Stratum] = []
    ids: set[str] = set()
    for i, s in enumerate(strata.named or ()):
        if s.id in ids:
            c.problem(
                Code.DUPLICATE_ID, (*root, "strata", "named", i, "id"), f"stratum {s.id!r} twice"
            )
        ids.add(s.id)
        node = condition(s.when, (*root, "strata", "named", i, "when"))
        if node is not None:
            named.append(Stratum(s.id, s.title, node))
    if strata.named is not None and not strata.named:
        c.problem(Code.INVALID_VALUE, (*root, "strata", "named"), "named strata list no stratum")
    exclusions: list[Exclusion] = []
    codes: set[str] = set()
    for i, e in enumerate(spec.exclusions):
        path = (*root, "exclusions", i)
        if e.code in codes:
            c.problem(Code.DUPLICATE_ID, (*path, "code"), f"exclusion code {e.code!r} twice")
        codes.add(e.code)
        prov = c.provenance(e.provenance, e.provenance_note, path)
        _required(c, prov, path, f"exclusion {e.code!r}")
        node = condition(e.when, (*path, "when"))
        if node is not None:
            exclusions.append(Exclusion(e.code, e.title, node, prov))
    method = _required(
        c, c.provenance(spec.provenance, spec.provenance_note, root), root, "the sampling section"
    )
    size_prov = _required(
        c,
        c.provenance(size.provenance, size.provenance_note, (*root, "size")),
        (*root, "size"),
        "the sample size",
    )
    cap_prov = _required(
        c,
        c.provenance(
            spec.officer_cap.provenance, spec.officer_cap.provenance_note, (*root, "officer_cap")
        ),
        (*root, "officer_cap"),
        "the officer cap",
    )
    strata_prov = c.provenance(strata.provenance, strata.provenance_note, (*root, "strata"))
    if strata.by or strata.named:
        _required(c, strata_prov, (*root, "strata"), "the strata")
    return Sampling(
        size_min=size.min,
        size_max=size.max,
        size_default=size.default,
        officer_cap=spec.officer_cap.max,
        strata_by=tuple(strata.by or ()),
        named=tuple(named),
        exclusions=tuple(exclusions),
        provenance=method,
        size_provenance=size_prov,
        officer_cap_provenance=cap_prov,
        strata_provenance=strata_prov,
        note=spec.note,
        location=c.located.where(root),
    )
