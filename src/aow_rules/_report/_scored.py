"""What a sample report reads of its cases, whichever engine scored them.

One interface (`Scored`), one implementation per engine: `PerCase` keeps every judgement,
`Columnar` keeps the sample's columns of scores, `Streamed` keeps counts and the ids of the
cases with findings, never the cases. The report (`_model`) asks the same questions of each:
is every case synthetic, who assessed, which findings, and, where the cases are kept, each
case's row and judgement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .._criteria._model import Criteria
from .._evaluate._judgement import Judgement

if TYPE_CHECKING:
    from .._evaluate._columnar import ColumnarScores

__all__ = ["CaseRow", "Columnar", "Findings", "PerCase", "Scored", "Streamed"]

CaseRow = tuple[str, str | None, dict[str, Any], int, int, Sequence[int]]
"""One case: id, assessor, breakdown facts, errors, warnings, and the totals of every group
interleaved (yes, counted) in 1/denominator units."""
Findings = dict[str, tuple[str, int, list[str]]]
"""Finding code -> (severity, how many, the sorted ids of the cases with one), codes sorted."""


class Scored(Protocol):
    """A sample's cases as scored by one engine: what its report reads of them."""

    @property
    def engine(self) -> Literal["per-case", "columnar", "stream"]:
        """The engine that scored them."""

    @property
    def keeps_cases(self) -> bool:
        """Whether `rows` can list every case."""

    @property
    def judgements(self) -> tuple[Judgement, ...] | None:
        """Every case's judgement, in sample order; None where the engine makes none."""

    @property
    def sources(self) -> tuple[str, ...]:
        """Where each case came from, in sample order (empty where no case is kept)."""

    def synthetic(self) -> bool:
        """True when there are cases and every one says it is synthetic."""

    def assessors(self) -> list[str]:
        """Who assessed, sorted."""

    def findings(self) -> Findings:
        """The findings of every case, by code."""

    def rows(self, criteria: Criteria, by: Sequence[str]) -> Iterator[CaseRow]:
        """Each case's row, in sample order, with the breakdown facts ``by``."""


class PerCase:
    """Cases evaluated one by one, every judgement kept."""

    engine: Literal["per-case"] = "per-case"
    keeps_cases = True

    def __init__(self, judgements: tuple[Judgement, ...], sources: tuple[str, ...]) -> None:
        self.judgements = judgements
        self.sources = sources

    def synthetic(self) -> bool:
        return bool(self.judgements) and all(j.case.synthetic for j in self.judgements)

    def assessors(self) -> list[str]:
        return sorted({j.case.assessor for j in self.judgements if j.case.assessor})

    def findings(self) -> Findings:
        by_code: dict[str, tuple[str, list[int], set[str]]] = {}
        for j in self.judgements:
            for f in j.findings:
                _, count, ids = by_code.setdefault(f.code, (f.severity, [0], set()))
                count[0] += 1
                ids.add(j.case.case_id)
        return {
            code: (severity, count[0], sorted(ids))
            for code, (severity, count, ids) in sorted(by_code.items())
        }

    def rows(self, criteria: Criteria, by: Sequence[str]) -> Iterator[CaseRow]:
        for j in self.judgements:
            severities = Counter(f.severity for f in j.findings)
            facts = {b: j.case.facts.get(b) for b in by}
            errors, warnings = severities.get("error", 0), severities.get("warning", 0)
            yield j.case.case_id, j.case.assessor, facts, errors, warnings, j.totals


class Columnar:
    """A sample scored as columns: no judgement is made, every case's scores are kept."""

    engine: Literal["columnar"] = "columnar"
    keeps_cases = True
    judgements = None

    def __init__(self, scores: ColumnarScores, sources: tuple[str, ...]) -> None:
        self.scores = scores
        self.sources = sources

    def synthetic(self) -> bool:
        flags = self.scores.cases.get_column("synthetic")
        return bool(flags.len()) and bool(flags.all())

    def assessors(self) -> list[str]:
        column = self.scores.cases.get_column("assessor").drop_nulls().unique()
        return sorted(str(a) for a in column.to_list())

    def findings(self) -> Findings:
        return self.scores.findings

    def rows(self, criteria: Criteria, by: Sequence[str]) -> Iterator[CaseRow]:
        totals = [f"{k}{g.slot}" for g in criteria.groups for k in ("y", "c")]
        columns = ["case_id", "assessor", *(f"f:{b}" for b in by), "errors", "warnings"]
        columns += totals
        n = len(by)
        ints = [criteria.facts[b].type == "int" for b in by]
        for row in self.scores.cases.select(columns).iter_rows():
            # An int beyond 64 bits travels as its text in a column.
            facts = {
                b: int(v) if is_int and isinstance(v, str) else v
                for b, v, is_int in zip(by, row[2 : 2 + n], ints, strict=True)
            }
            yield row[0], row[1], facts, row[2 + n], row[3 + n], row[4 + n :]


class Streamed:
    """Cases scored one at a time and dropped: counts and the ids of the cases with findings
    are kept, never the cases. Filled by `take` while the sample streams past."""

    engine: Literal["stream"] = "stream"
    keeps_cases = False
    judgements = None
    sources: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.cases = 0
        self.all_synthetic = True
        self.assessed_by: set[str] = set()
        self.by_code: dict[str, tuple[str, list[int], set[str]]] = {}

    def take(self, j: Judgement) -> None:
        """Count one case."""
        self.cases += 1
        self.all_synthetic = self.all_synthetic and j.case.synthetic
        if j.case.assessor:
            self.assessed_by.add(j.case.assessor)
        for f in j.findings:
            _, count, ids = self.by_code.setdefault(f.code, (f.severity, [0], set()))
            count[0] += 1
            ids.add(j.case.case_id)

    def synthetic(self) -> bool:
        return self.cases > 0 and self.all_synthetic

    def assessors(self) -> list[str]:
        return sorted(self.assessed_by)

    def findings(self) -> Findings:
        return {
            code: (severity, count[0], sorted(ids))
            for code, (severity, count, ids) in sorted(self.by_code.items())
        }

    def rows(self, criteria: Criteria, by: Sequence[str]) -> Iterator[CaseRow]:
        return iter(())
