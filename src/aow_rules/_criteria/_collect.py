"""The problems of one criteria file, collected while it is compiled, never raised one by one:
an author fixing a file sees all of them. Shared by the parts of compilation (`_compile` for
the declarations, questions and conditions; `_scoring` for scoring and ratings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from .._strict._yaml import Located, Path
from ..errors import Code, Problem, did_you_mean
from ._model import Provenance, ProvenanceKind

__all__ = ["Collector", "exact"]


def exact(value: int | Decimal | str) -> Fraction:
    """A number as the file wrote it, exactly."""
    return Fraction(value)


class Collector:
    """Problems found so far in one file, each located by its path in the YAML."""

    def __init__(self, located: Located, source: str) -> None:
        self.located = located
        self.source = source
        self.problems: list[Problem] = []

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

    def unique(self, section: str, ids: Sequence[str], what: str) -> dict[str, int]:
        """Each id's first index; a problem for each id declared again."""
        seen: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in seen:
                self.problem(
                    Code.DUPLICATE_ID,
                    (section, i, "id"),
                    f"{what} id {ident!r} is declared twice (first as {section}[{seen[ident]}])",
                )
            else:
                seen[ident] = i
        return seen

    def ref(self, path: Path, value: str, known: Iterable[str], what: str) -> bool:
        """Whether ``value`` is one of ``known``; a problem (and a suggestion) if not."""
        known = list(known)
        if value in known:
            return True
        self.problem(
            Code.UNKNOWN_REFERENCE,
            path,
            f"{what} {value!r} is not declared",
            did_you_mean(value, known),
        )
        return False

    def provenance(
        self, kind: ProvenanceKind | None, note: str | None, path: Path, key: str = "provenance"
    ) -> Provenance | None:
        """A part's declared provenance; a note without a kind is a problem."""
        if kind is None:
            if note is not None:
                self.problem(
                    Code.MISSING_KEY,
                    path,
                    f"{key}_note is given without {key}",
                    f"add {key}: documented, reconstructed or ours",
                )
            return None
        return Provenance(kind, note)
