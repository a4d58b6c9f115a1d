"""The columnar path: a whole sample scored as columns, for large samples.

It gives exactly the numbers of the per-case path (`evaluate` then `Aggregate.of`), and the
same findings, without building a judgement per case:

* the sample is a polars frame whose answers and choice facts are enums, so every value is a
  small integer code (`to_frame`);
* each distinct condition runs once per distinct combination of the codes it reads, through
  the same compiled closures as the per-case path (`_coded`);
* a question's status, credit and findings follow from two small codes (was it applicable,
  what was answered), so each is one table lookup per row; group totals are sums of those,
  in the per-case path's 1/denominator integer units; the sample's multisets of case totals
  are counted with `numpy.bincount`.

polars and numpy are the optional ``columnar`` extra: without them the per-case path does
everything, and asking for this one says how to install it.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._criteria._model import Criteria
from ._coded import DIRECT, ERROR, FALSE, TRUE, Codes, ConditionValues, Encoder
from ._frame import SET_SEPARATOR, answer_column, evidence_column, fact_column, to_frame
from ._frame import np_ as _np
from ._frame import pl as _pl
from ._judgement import Status

if TYPE_CHECKING:
    import numpy
    import polars

__all__ = [
    "SET_SEPARATOR",
    "STATUSES",
    "ColumnarScores",
    "QuestionColumn",
    "available",
    "score_frame",
    "to_frame",
    "unsupported",
]

STATUSES = tuple(Status)
"""Status codes: ``STATUSES[code]`` is the `Status` a `QuestionColumn` code stands for."""
_STATUS = STATUSES
_CODE = {s: i for i, s in enumerate(_STATUS)}


def available() -> str | None:
    """None when the columnar path can run; otherwise why not, and how to fix it."""
    for module in ("polars", "numpy"):
        if importlib.util.find_spec(module) is None:
            return f"the columnar path needs {module}: pip install 'aow-rules[columnar]'"
    return None


def _bound(criteria: Criteria) -> int:
    """The largest ``counted`` any case can reach in any group, in 1/denominator units."""
    plan = criteria.plan
    bound: Counter[int] = Counter()
    for q in criteria.questions:
        for group, weight in q.contributions:
            bound[group.slot] += int(weight * plan.denominator)
    return max(bound.values(), default=0)


def unsupported(criteria: Criteria) -> str | None:
    """Why these criteria cannot be scored as columns, or None. Totals are summed in int64, so
    credits and weights whose common denominator could overflow it are left to the per-case
    path (which sums Python integers)."""
    if _bound(criteria) >= 1 << 62:
        return (
            f"{criteria.id}: its credits and weights need a common denominator too large for "
            "the columnar engine"
        )
    return None


@dataclass(frozen=True, slots=True)
class QuestionColumn:
    """One question over every row of a scored frame: what `evaluate` would record for it."""

    status: numpy.ndarray[Any, Any]
    """Per row, a status code (int8): ``STATUSES[code]`` is the row's `Status`, as the
    per-case path gives it (not applicable, condition error, unanswered, answered n/a,
    counted, unscored)."""
    answer: numpy.ndarray[Any, Any]
    """Per row, the index of its answer in ``answers``."""
    answers: Sequence[str | None]
    """The answers by index; the last is None: no answer."""


class ColumnarScores:
    """A scored sample: each case's totals per group, each question's tally of (status,
    answer), and, made when read, a frame of the cases' totals and the findings.

    The sample's `Aggregate` is folded from these by `_aggregate._columnar`.
    """

    def __init__(
        self,
        *,
        encoder: Encoder,
        by: Sequence[str],
        totals: _Totals,
        tallies: list[Counter[tuple[str, str | None]]],
        make_cases: Callable[[], polars.DataFrame],
        make_findings: Callable[[], dict[str, tuple[str, int, list[str]]]],
        questions: tuple[QuestionColumn, ...] | None = None,
    ) -> None:
        self.encoder = encoder
        self.by = tuple(by)
        self.totals = totals
        self.tallies = tallies
        # Per question (file order), its statuses and answers per row; only when asked for
        # (`score_frame` with ``questions=True``): they cost a byte per row and question.
        self.questions = questions
        self._make_cases = make_cases
        self._make_findings = make_findings
        self._made: dict[str, Any] = {}

    @property
    def cases(self) -> polars.DataFrame:
        """Per case: case_id, assessor, synthetic, the breakdown facts (as ``f:<id>``),
        ``errors`` and ``warnings`` (finding counts), and ``y<slot>``/``c<slot>`` totals in
        1/denominator units."""
        if "cases" not in self._made:
            self._made["cases"] = self._make_cases()
        frame: polars.DataFrame = self._made["cases"]
        return frame

    @property
    def findings(self) -> dict[str, tuple[str, int, list[str]]]:
        """Finding code -> (severity, how many, the ids of the cases with one), codes sorted."""
        if "findings" not in self._made:
            self._made["findings"] = self._make_findings()
        found: dict[str, tuple[str, int, list[str]]] = self._made["findings"]
        return found


class _Findings:
    """Per finding code: how many, and which rows have one; each row's error and warning
    counts. One mask per code, whatever the number of questions and rules."""

    def __init__(self, rows: int) -> None:
        np = _np()
        self.codes: dict[str, tuple[str, list[int], numpy.ndarray[Any, Any]]] = {}
        self.errors = np.zeros(rows, dtype=np.int32)
        self.warnings = np.zeros(rows, dtype=np.int32)
        self.rows = rows

    def add(self, code: str, severity: str, mask: numpy.ndarray[Any, Any]) -> None:
        n = int(mask.sum())
        if not n:
            return
        if code not in self.codes:
            self.codes[code] = (severity, [0], _np().zeros(self.rows, dtype=bool))
        _, count, hit = self.codes[code]
        count[0] += n
        hit |= mask
        if severity == "error":
            self.errors += mask
        else:
            self.warnings += mask

    def summary(self, case_ids: polars.Series) -> dict[str, tuple[str, int, list[str]]]:
        pl = _pl()
        out = {}
        for code in sorted(self.codes):
            severity, count, hit = self.codes[code]
            ids = case_ids.filter(pl.Series(hit)).unique().sort().to_list()
            out[code] = (severity, count[0], ids)
        return out


def score_frame(
    criteria: Criteria,
    frame: polars.DataFrame,
    by: Sequence[str] = (),
    *,
    questions: bool = False,
) -> ColumnarScores:
    """Score every row of ``frame`` (from `to_frame`): the same numbers as the per-case path.

    ``questions``: also keep each question's status and answer per row (`QuestionColumn`).
    """
    pl, np = _pl(), _np()
    plan = criteria.plan
    denom: int = plan.denominator
    rows = frame.height
    enc = Encoder(criteria, frame)
    value = ConditionValues(criteria, enc, rows)

    problem = unsupported(criteria)
    if problem:
        raise ValueError(problem)
    found = _Findings(rows)
    totals = _Totals(rows, len(criteria.groups), _bound(criteria))
    tallies: list[Counter[tuple[str, str | None]]] = []
    columns: list[QuestionColumn] = []
    for q in criteria.questions:
        ans = enc(answer_column(q.id))
        # Row -> entry of the question's table: applicability * (options + 1) + answer code.
        if q.applies_if is None:
            index = ans.codes.astype(np.int32)
            index += TRUE * ans.size
        else:
            index = value(q.applies_if).astype(np.int32)
            index *= ans.size
            index += ans.codes
        table = _QuestionTable(q, ans, denom)
        counts = np.bincount(index, minlength=3 * ans.size)
        tallies.append(table.tally(counts))
        if questions:
            columns.append(QuestionColumn(table.status[index], ans.codes, ans.values))
        for code, severity, lut in table.findings:
            # The counts per table entry say whether any row has this finding: most
            # questions have none, and then no row is looked at.
            if not counts[lut].any():
                continue
            mask = lut[index]
            if code == "evidence_missing":
                mask &= ~frame.get_column(evidence_column(q.id)).to_numpy()
            found.add(code, severity, mask)
        for weight, luts in table.units.items():
            totals.add([group.slot for group, w in q.contributions if w == weight], luts, index)
    for rule in criteria.rules:
        v = value(rule.when)
        found.add(rule.code, rule.severity, v == TRUE)
        found.add("condition_error", "error", v == ERROR)

    facts = [b for b in by if b in criteria.facts]

    def cases() -> polars.DataFrame:
        out: polars.DataFrame = frame.select(
            pl.col("case_id"),
            pl.col("assessor"),
            pl.col("synthetic"),
            *(pl.col(fact_column(b)) for b in facts),
        ).with_columns(
            pl.Series("errors", found.errors).cast(pl.Int64),
            pl.Series("warnings", found.warnings).cast(pl.Int64),
            *(
                pl.Series(f"{k}{g.slot}", part(g.slot)).cast(pl.Int64)
                for g in criteria.groups
                for k, part in (("y", totals.yes), ("c", totals.counted))
            ),
        )
        return out

    return ColumnarScores(
        encoder=enc,
        by=by,
        totals=totals,
        tallies=tallies,
        make_cases=cases,
        make_findings=lambda: found.summary(frame.get_column("case_id")),
        questions=tuple(columns) if questions else None,
    )


class _QuestionTable:
    """Everything about one question that follows from (applicability, answer code): its
    status, the units it adds to its groups (per distinct weight), its findings."""

    def __init__(self, q: Any, ans: Codes, denom: int) -> None:
        np = _np()
        k = ans.size  # the last code is "no answer"
        scored = q.scored and q.scale is not None
        credit = {}
        if q.scale is not None:
            credit = {o.value: o.credit for o in q.scale.options}
        status = np.zeros(3 * k, dtype=np.int8)
        for state in (FALSE, TRUE, ERROR):
            for code, answer in enumerate(ans.values):
                if state == FALSE:
                    s = Status.NOT_APPLICABLE
                elif state == ERROR:
                    s = Status.CONDITION_ERROR
                elif not scored:
                    s = Status.UNSCORED
                elif answer is None:
                    s = Status.UNANSWERED
                elif credit.get(answer) is None:
                    s = Status.ANSWERED_NA
                else:
                    s = Status.COUNTED
                status[state * k + code] = _CODE[s]
        self.status = status
        self.answers = ans.values
        self.units: dict[Any, tuple[numpy.ndarray[Any, Any], numpy.ndarray[Any, Any]]] = {}
        counted = status == _CODE[Status.COUNTED]
        for weight in sorted({w for _, w in q.contributions}) if scored else ():
            yes_lut = np.zeros(3 * k, dtype=np.int64)
            counted_lut = np.zeros(3 * k, dtype=np.int64)
            for i in np.flatnonzero(counted).tolist():
                c = credit[ans.values[i % k]]
                yes_lut[i] = int(c * weight * denom)
                counted_lut[i] = int(weight * denom)
            self.units[weight] = (yes_lut, counted_lut)
        answered = np.array([v is not None for v in ans.values] * 3)
        state = np.repeat(np.arange(3), k)  # entry i is for applicability i // k
        self.findings: list[tuple[str, str, numpy.ndarray[Any, Any]]] = []
        if q.applies_if is not None:
            self.findings.append(
                ("answered_not_applicable", "warning", (state == FALSE) & answered)
            )
            self.findings.append(("condition_error", "error", state == ERROR))
        if scored:
            self.findings.append(
                ("applicable_unanswered", "warning", status == _CODE[Status.UNANSWERED])
            )
        if q.evidence_when:
            needs = np.array([v in q.evidence_when for v in ans.values] * 3)
            self.findings.append(("evidence_missing", "warning", (state == TRUE) & needs))

    def tally(self, counts: numpy.ndarray[Any, Any]) -> Counter[tuple[str, str | None]]:
        """(status, answer tallied) -> cases, from the count of each table index; answers are
        tallied where they count, and for unscored items."""
        out: Counter[tuple[str, str | None]] = Counter()
        k = len(self.answers)
        tallied = (_CODE[Status.COUNTED], _CODE[Status.UNSCORED])
        for i in _np().flatnonzero(counts).tolist():
            s = int(self.status[i])
            answer = self.answers[i % k] if s in tallied else None
            out[_STATUS[s].value, answer] += int(counts[i])
        return out


class _Totals:
    """Each case's (yes, counted) in every group, in 1/denominator units.

    Where they fit, both live in one int32 as ``yes * radix + counted`` (radix: one more than
    the largest ``counted`` a case can reach; yes <= counted as credits are at most 1): a
    question then adds to both with one lookup and one addition, the sum never carries, and
    the packed values are small enough to be counted directly with `numpy.bincount`.
    Otherwise ``yes`` and ``counted`` are kept apart, in int64.
    """

    def __init__(self, rows: int, width: int, bound: int) -> None:
        np = _np()
        self.radix = bound + 1
        self.packed = self.radix * self.radix < 1 << 31
        dtype = np.int32 if self.packed else np.int64
        self.main: list[numpy.ndarray[Any, Any]] = [
            np.zeros(rows, dtype=dtype) for _ in range(width)
        ]
        self.yes_apart: list[numpy.ndarray[Any, Any]] = (
            [] if self.packed else [np.zeros(rows, dtype=dtype) for _ in range(width)]
        )
        self.buffer = np.zeros(rows, dtype=dtype)

    def add(
        self,
        slots: Sequence[int],
        luts: tuple[numpy.ndarray[Any, Any], numpy.ndarray[Any, Any]],
        index: numpy.ndarray[Any, Any],
    ) -> None:
        np = _np()
        yes_lut, counted_lut = luts
        if self.packed:
            lut = (yes_lut * self.radix + counted_lut).astype(np.int32)
            np.take(lut, index, out=self.buffer)
            for slot in slots:
                self.main[slot] += self.buffer
            return
        add_yes, add_counted = yes_lut[index], counted_lut[index]
        for slot in slots:
            self.yes_apart[slot] += add_yes
            self.main[slot] += add_counted

    def yes(self, slot: int) -> numpy.ndarray[Any, Any]:
        if self.packed:
            out: numpy.ndarray[Any, Any] = self.main[slot] // self.radix
            return out
        return self.yes_apart[slot]

    def counted(self, slot: int) -> numpy.ndarray[Any, Any]:
        if self.packed:
            out: numpy.ndarray[Any, Any] = self.main[slot] % self.radix
            return out
        return self.main[slot]

    def offsets(self, cell: numpy.ndarray[Any, Any], cells: int) -> numpy.ndarray[Any, Any] | None:
        """Each row's cell code times radix squared: what `multisets` adds to a packed total
        to count every cell with one `bincount`. Made once per breakdown, not once per group.
        None where that table would be too large (`multisets` then sorts instead)."""
        if not self.packed or cells * self.radix * self.radix > DIRECT:
            return None
        # int64 first: codes may be uint8, and would wrap.
        out: numpy.ndarray[Any, Any] = cell.astype(_np().int64) * (self.radix * self.radix)
        return out

    def multisets(
        self,
        slot: int,
        cell: numpy.ndarray[Any, Any] | None = None,
        cells: int = 1,
        offsets: numpy.ndarray[Any, Any] | None = None,
    ) -> list[Counter[tuple[int, int]]]:
        """Per cell, how many rows had each (yes, counted), over rows where counted > 0.
        ``offsets``: `offsets` of ``cell``, where it has them."""
        np = _np()
        out: list[Counter[tuple[int, int]]] = [Counter() for _ in range(cells)]
        square = self.radix * self.radix
        if self.packed and cells * square <= DIRECT:
            key = self.main[slot]
            if cell is not None:
                key = (self.offsets(cell, cells) if offsets is None else offsets) + key
            bins = np.bincount(key, minlength=cells * square)
            keys = np.flatnonzero(bins)
            for k, n in zip(keys.tolist(), bins[keys].tolist(), strict=True):
                c_index, packed = divmod(k, square)
                y, c = divmod(packed, self.radix)
                if c:
                    out[c_index][y, c] = n
            return out
        parts = [self.yes(slot), self.counted(slot)]
        if cell is not None:
            parts.insert(0, cell)
        uniq, numbers = np.unique(np.stack(parts), axis=1, return_counts=True)
        for column, n in zip(uniq.T.tolist(), numbers.tolist(), strict=True):
            c_index, y, c = column if cell is not None else (0, *column)
            if c:
                out[c_index][y, c] = n
        return out
