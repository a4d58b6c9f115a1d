"""`SampleDraw`: a drawn sample, with the manifest that accounts for every row of the long list.

Its data (`to_dict`, format ``aow-sample-manifest/1``, schema ``sample-manifest``) records
the criteria, the long list (its sha256), the seed, size and cut-off, the rules the draw read
(with their provenance), each stratum's share, and one entry per row of the list saying what
became of it and why. `rows_csv` writes the sampled rows; `skeletons` starts an
``aow-case/1`` case for each, with the facts the long list gives.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._cases._csv import safe_cell
from .._cases._parse import CASE_FORMAT
from .._criteria import Criteria
from .._criteria._sampling import COLUMNS
from .._numbers import fraction_text
from ._draw import Drawn, Outcome
from ._long_list import ListRow

__all__ = ["MANIFEST_FORMAT", "SampleDraw"]

MANIFEST_FORMAT = "aow-sample-manifest/1"
_SKELETON_FACTS = {
    "officer": "responsible_officer",
    "ldu": "ldu",
    "sentence_type": "sentence_type",
    "offence_type": "offence_type",
    "rosh_level": "rosh_level",
    "sentence_date": "supervision_start",
}
"""Long list column -> the fact a case skeleton fills from it, where the criteria declare it
and the value is one of its options."""
_UNSAMPLED = ("stratum_full", "officer_cap", "not_drawn")


def _outcome(o: Outcome, of: Mapping[int, str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {"line": o.line, "case_ref": o.case_ref, "status": o.status}
    if o.stratum is not None:
        out["stratum"] = o.stratum
    if o.reason is not None:
        out["reason"] = o.reason
    if o.of_line is not None:
        out["of_line"] = o.of_line
        out["of_case_ref"] = of.get(o.of_line)
    if o.draw_position is not None:
        out["draw_position"] = o.draw_position
    if o.problems:
        out["problems"] = [p.to_dict() for p in o.problems]
    return out


@dataclass(frozen=True, slots=True)
class SampleDraw:
    """A sample drawn from a long list by a criteria version's ``sampling:`` rules."""

    criteria: Criteria
    long_list: str
    """The long list's name, as given."""
    long_list_sha256: str
    seed: int
    cut_off: str
    cut_off_from: str
    """``given``, or ``latest sentence_date`` when no cut-off was given."""
    drawn: Drawn

    @property
    def size(self) -> int:
        return self.drawn.size

    @property
    def chosen(self) -> tuple[ListRow, ...]:
        """The sampled rows, by stratum then line of the list."""
        return self.drawn.chosen

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """What became of each row of the list, in file order."""
        return self.drawn.outcomes

    def to_dict(self) -> dict[str, Any]:
        """The manifest (``aow-sample-manifest/1``)."""
        c = self.criteria
        assert c.sampling is not None
        outcomes = self.drawn.outcomes
        of = {o.line: o.case_ref for o in outcomes}
        status = Counter(o.status for o in outcomes)
        excluded = Counter(o.reason for o in outcomes if o.status == "excluded")
        duplicate = Counter(o.reason for o in outcomes if o.status == "duplicate")
        unsampled = Counter(o.reason for o in outcomes if o.status == "unsampled")
        officers = Counter(r.officer for r in self.chosen)
        return {
            "format": MANIFEST_FORMAT,
            "criteria": {"id": c.id, "version": c.version, "sha256": c.sha256},
            "long_list": {"name": self.long_list, "sha256": self.long_list_sha256},
            "seed": self.seed,
            "size": self.size,
            "cut_off": {"date": self.cut_off, "from": self.cut_off_from},
            "rules": c.sampling.to_dict(),
            "counts": {
                "rows": len(outcomes),
                "rejected": status["rejected"],
                "excluded": {str(k): v for k, v in sorted(excluded.items())},
                "duplicate": {str(k): v for k, v in sorted(duplicate.items())},
                "eligible": status["sampled"] + status["unsampled"],
                "sampled": status["sampled"],
                "unsampled": {k: unsampled[k] for k in _UNSAMPLED if unsampled[k]},
            },
            "strata": [
                {
                    "id": s.id,
                    "title": s.title,
                    "eligible": s.eligible,
                    "quota": fraction_text(s.quota),
                    "allocated": s.allocated,
                    "sampled": s.sampled,
                }
                for s in self.drawn.strata
            ],
            "officers": {
                "max": c.sampling.officer_cap,
                "sampled": dict(sorted(officers.items())),
            },
            "rows": [_outcome(o, of) for o in outcomes],
        }

    def rows_csv(self) -> str:
        """The sampled rows as CSV: the long list's columns, then the stratum; lines end with
        CRLF and a cell a spreadsheet would read as a formula starts with an apostrophe."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([*(col.name for col in COLUMNS), "stratum"])
        stratum = {o.line: o.stratum for o in self.drawn.outcomes}
        for row in self.chosen:
            cells = []
            for col in COLUMNS:
                value = row.values.get(col.name, "")
                text = ";".join(value) if isinstance(value, tuple) else str(value)
                cells.append(safe_cell(text))
            cells.append(stratum[row.line] or "")
            writer.writerow(cells)
        return out.getvalue()

    def skeletons(self) -> list[dict[str, Any]]:
        """An ``aow-case/1`` case started for each sampled row: ``case_id`` is its case
        reference; the facts the list gives (and the criteria declare) are filled in; no
        answers yet. Not complete cases: an assessor records the rest."""
        c = self.criteria
        out = []
        stratum = {o.line: o.stratum for o in self.drawn.outcomes}
        for row in self.chosen:
            facts: dict[str, object] = {}
            for column, fact_id in _SKELETON_FACTS.items():
                fact = c.facts.get(fact_id)
                value = row.values[column]
                if fact is None or fact.derived is not None:
                    continue
                if isinstance(value, tuple):
                    if fact.type == "set" and set(value) <= set(fact.options or ()):
                        facts[fact_id] = list(value)
                elif fact.options is None or value in fact.options:
                    facts[fact_id] = value
            fact = c.facts.get("stratum")
            if fact is not None and stratum[row.line] in (fact.options or ()):
                facts["stratum"] = stratum[row.line]
            note = f"Sampled from {self.long_list} (line {row.line}) with seed {self.seed}"
            if "note" in row.values:
                note += f"; the long list says: {row.values['note']}"
            out.append(
                {
                    "format": CASE_FORMAT,
                    "case_id": row.case_ref,
                    "criteria": c.id,
                    "note": note,
                    "facts": facts,
                    "answers": {},
                }
            )
        return out
