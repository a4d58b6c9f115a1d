"""Like-for-like ratios, interleaved in one process: the headline table of the benchmark.

Each row times two ways of doing the same work (the same input bytes to an equivalent output)
in alternating rounds, A then B, then B then A (ABBA), so that the shared machine's drift
and noise hit both sides; it reports each side's median and the median of the per-round
ratios, with their spread (lowest and highest round). Ratios are compared within a row, never
across runs.

Rows, all on SYNTHETIC cases drawn from the criteria's declarations (fixed seeds):

* one case as a service does, JSON bytes in and judgement JSON bytes out: aow-rules (orjson
  parse, `parse_case`, `evaluate`, compact ``aow-judgement/2``) against zen-engine running an
  equivalent decision graph (parse, evaluate, render its result: every question's status and
  credit and every group's totals), a plain-Python loop (the same compiled conditions, totals
  in `Fraction`, rendered), orjson parsing alone, durable-rules where it installs; and
  aow-rules rendering against not rendering, and against ``aow-judgement/1``;
* a whole-sample report from a JSON Lines file against orjson parsing the same file;
* QA of a sample with one case in ten double-marked, and impact (2013-04 -> 2013-10), each
  against the report of the same file;
* the columnar engine against the per-case one, and against numpy summing an answer matrix
  whose statuses are already decided (the arithmetic limit);
* start-up: ``import aow_rules`` and ``aow-rules --version`` against ``python -c pass``;
* synthesis: four times the cases against one;

then the scaling of evaluation with questions per file (per-question cost), and the size of a
judgement.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
from evaluate import SECOND_MARKING, double_marked, fraction_loop, iter_synthetic_cases
from tables import Table

import aow_rules
from aow_rules._cases._sample import Sample


@dataclass(frozen=True)
class Sizes:
    """How much work each row does (smaller with --quick)."""

    one_case: int
    """Cases per round of the one-case rows."""
    report: int
    """Cases of the report-from-a-file row."""
    verbs: int
    """Cases of the QA, impact and columnar rows."""
    synth: int
    """Cases of the smaller synthesis (the larger is four times this)."""
    rounds: int
    startup_runs: int


FULL = Sizes(one_case=3_000, report=100_000, verbs=20_000, synth=5_000, rounds=6, startup_runs=20)
QUICK = Sizes(one_case=300, report=4_000, verbs=2_000, synth=500, rounds=2, startup_runs=5)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass(frozen=True)
class Compared:
    a: list[float]
    b: list[float]

    @property
    def ratios(self) -> list[float]:
        """B's time over A's, per round: how many times faster A is."""
        return [b / a for a, b in zip(self.a, self.b, strict=True)]


def interleaved(a: Callable[[], object], b: Callable[[], object], rounds: int) -> Compared:
    """``rounds`` pairs of timings, A B then B A in turn."""
    ta: list[float] = []
    tb: list[float] = []
    a()  # warm both (imports, caches) outside the timings
    b()
    for r in range(rounds):
        if r % 2 == 0:
            ta.append(_timed(a))
            tb.append(_timed(b))
        else:
            tb.append(_timed(b))
            ta.append(_timed(a))
    return Compared(ta, tb)


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


class Rows:
    """The ratio table being built."""

    def __init__(self) -> None:
        self.table = Table(
            "Like for like, interleaved (ABBA rounds; median of each side, median ratio and "
            "its spread over the rounds)",
            ("measure", "A", "B", "A", "B", "B/A time", "spread", "target", ""),
        )
        self.problems: list[str] = []

    def add(
        self,
        measure: str,
        labels: tuple[str, str],
        got: Compared,
        shown: tuple[str, str],
        *,
        target: str = "",
        met: bool | None = None,
    ) -> float:
        ratios = got.ratios
        ratio = statistics.median(ratios)
        self.table.add(
            measure,
            labels[0],
            labels[1],
            shown[0],
            shown[1],
            f"{ratio:,.2f}",
            f"{min(ratios):,.2f}-{max(ratios):,.2f}",
            target,
            "" if met is None else ("met" if met else "NOT MET"),
        )
        return ratio


# -- one case, as a service does ------------------------------------------------------------


def _plain_loop(criteria: aow_rules.Criteria) -> Callable[[bytes], bytes]:
    def run(body: bytes) -> bytes:
        data = orjson.loads(body)
        case = SimpleNamespace(facts=data["facts"], answers=data["answers"])
        scores = fraction_loop(criteria, case)  # type: ignore[arg-type]
        return orjson.dumps({g: f"{s.numerator}/{s.denominator}" for g, s in scores.items()})

    return run


def one_case_rows(
    rows: Rows, criteria: aow_rules.Criteria, spec: dict[str, Any], sizes: Sizes
) -> None:
    from baselines import Layout, durable, zen  # noqa: PLC0415

    bodies = [orjson.dumps(c) for c in iter_synthetic_cases(criteria, sizes.one_case, seed=2026)]
    n = len(bodies)
    parse, evaluate, loads = aow_rules.parse_case, aow_rules.evaluate, orjson.loads

    def aow(fmt: int = 2, render: bool = True) -> Callable[[], object]:
        def run() -> object:
            for body in bodies:
                judgement = evaluate(criteria, parse(loads(body), criteria))
                if render:
                    judgement.to_json(format=fmt).encode()  # type: ignore[arg-type]
            return None

        return run

    rendered = aow()
    sizes_of = [len(b) for b in bodies]
    _say("   one case: aow-rules rendered vs evaluated only ...")
    got = interleaved(rendered, aow(render=False), sizes.rounds)
    ratio = rows.add(
        "one case (JSON bytes in, out): rendering's cost",
        ("aow rendered", "aow not rendered"),
        got,
        (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
        target="rendered rate >= 1/2 of not",
    )
    rows.table.rows[-1] = (*rows.table.rows[-1][:-1], "met" if ratio >= 0.5 else "NOT MET")
    _say("   one case: aow-judgement/2 vs /1 ...")
    got = interleaved(rendered, aow(fmt=1), sizes.rounds)
    rows.add(
        "one case: aow-judgement/2 vs /1",
        ("aow /2", "aow /1"),
        got,
        (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
    )
    why = zen.available()
    if why is None:
        import zen as zen_engine  # noqa: PLC0415

        engine = zen_engine.ZenEngine()
        graph = json.dumps(zen.decision_graph(Layout.from_spec(spec), explained=True))
        decision = engine.create_decision(graph)

        def zen_run() -> object:
            for body in bodies:
                data = loads(body)
                result = decision.evaluate({"case": data["facts"], "answers": data["answers"]})
                orjson.dumps(result["result"])
            return None

        _say("   one case: aow-rules vs zen-engine ...")
        got = interleaved(rendered, zen_run, sizes.rounds)
        ratio = statistics.median(got.ratios)
        rows.add(
            "one case: vs zen-engine (equivalent graph; its result rendered)",
            ("aow", "zen-engine"),
            got,
            (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
            target=">= 4",
            met=ratio >= 4,
        )
    else:
        rows.table.add("one case: vs zen-engine", "aow", "zen-engine", "-", "-", "-", "-", "", why)
    plain = _plain_loop(criteria)
    _say("   one case: aow-rules vs a plain-Python loop ...")
    got = interleaved(rendered, lambda: [plain(b) for b in bodies], sizes.rounds)
    rows.add(
        "one case: vs a plain-Python loop (no checks, no explanation)",
        ("aow", "plain loop"),
        got,
        (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
    )
    _say("   one case: aow-rules vs orjson parse alone ...")
    got = interleaved(rendered, lambda: [loads(b) for b in bodies], sizes.rounds)
    rows.add(
        "one case: vs orjson parsing the case alone",
        ("aow", "orjson.loads"),
        got,
        (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
    )
    why = durable.available()
    if why is None:
        score = durable.build(spec, criteria)
        few = bodies[: max(20, n // 20)]  # it is slow: fewer cases, the same per-case ratio

        def aow_few() -> object:
            for body in few:
                evaluate(criteria, parse(loads(body), criteria)).to_json().encode()
            return None

        def durable_run() -> object:
            for body in few:
                orjson.dumps({g: [str(y), str(c)] for g, (y, c) in score(loads(body)).items()})
            return None

        _say("   one case: aow-rules vs durable-rules ...")
        got = interleaved(aow_few, durable_run, sizes.rounds)
        rows.add(
            "one case: vs durable-rules 2.0.28 (totals only)",
            ("aow", "durable-rules"),
            got,
            (
                _rate(len(few), statistics.median(got.a)),
                _rate(len(few), statistics.median(got.b)),
            ),
        )
    else:
        rows.table.add(
            "one case: vs durable-rules", "aow", "durable-rules", "-", "-", "-", "-", "", why
        )
    judgement = evaluate(criteria, parse(loads(bodies[0]), criteria))
    two, one = len(judgement.to_json().encode()), len(judgement.to_json(format=1).encode())
    rows.table.note(
        f"Judgement size for a {sizes_of[0]:,}-byte case (compact JSON): aow-judgement/2 "
        f"{two:,} bytes, /1 {one:,} (target <= 8 KB: {'met' if two <= 8192 else 'NOT MET'}); "
        f"cases average {sum(sizes_of) / n:,.0f} bytes."
    )


# -- whole samples --------------------------------------------------------------------------


def _write(path: Path, cases: list[dict[str, Any]]) -> Path:
    with path.open("wb") as out:
        for case in cases:
            out.write(orjson.dumps(case) + b"\n")
    return path


def sample_rows(rows: Rows, criteria: aow_rules.Criteria, folder: Path, sizes: Sizes) -> None:
    read, report = aow_rules.read_sample, aow_rules.report
    n = sizes.report
    _say(f"   writing {n:,} SYNTHETIC cases ...")
    big = _write(folder / "report.jsonl", list(iter_synthetic_cases(criteria, n, 2013)))

    def report_file(path: Path, engine: str = "auto") -> Callable[[], object]:
        return lambda: report(criteria, read(path, criteria), engine=engine).to_json()  # type: ignore[arg-type]

    def parse_file(path: Path) -> Callable[[], object]:
        # With the cyclic collector paused, as `report` pauses it while it reads: otherwise
        # the collector's walks over the parsed lines (half the parse time at 100,000 cases)
        # would be counted on one side only.
        def run() -> object:
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                with path.open("rb") as lines:
                    return [orjson.loads(line) for line in lines]
            finally:
                if was_enabled:
                    gc.enable()

        return run

    _say("   report from a file vs orjson parsing it ...")
    got = interleaved(report_file(big), parse_file(big), sizes.rounds)
    ratio = statistics.median(got.ratios)
    rate = n / statistics.median(got.a)
    rows.add(
        f"report from a {n:,}-case JSON Lines file vs orjson parsing the file",
        ("aow report", "orjson parse"),
        got,
        (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
        target=">= 0.5 (within 2x); >= 50,000/s",
        met=ratio >= 0.5 and rate >= 50_000,
    )
    m = sizes.verbs
    _say(f"   writing {m:,} double-marked SYNTHETIC assessments ...")
    marked = _write(folder / "marked.jsonl", double_marked(criteria, m, 2013))

    def qa_file() -> object:
        return aow_rules.qa(criteria, read(marked, criteria)).to_json()

    _say("   qa vs report of the same file ...")
    got = interleaved(qa_file, report_file(marked), sizes.rounds)
    ratio = statistics.median(got.ratios)
    rows.add(
        f"qa of {m:,} assessments (1 in {SECOND_MARKING} cases double-marked) vs report of "
        "the same file",
        ("aow qa", "aow report"),
        got,
        (_ms(statistics.median(got.a)), _ms(statistics.median(got.b))),
        target=">= 0.33 (qa within 3x)",
        met=ratio >= 1 / 3,
    )
    old = aow_rules.load_criteria("iaow-2013-04")
    new = aow_rules.load_criteria("iaow-2013-10")
    past = _write(folder / "past.jsonl", list(iter_synthetic_cases(old, m, 2013)))

    def impact_file() -> object:
        return aow_rules.impact(old, new, read(past, old)).to_json()

    def report_old() -> object:
        return report(old, read(past, old)).to_json()

    _say("   impact vs report of the same file ...")
    got = interleaved(impact_file, report_old, sizes.rounds)
    rows.add(
        f"impact 2013-04 -> 2013-10 of {m:,} cases vs report of the same file",
        ("aow impact", "aow report"),
        got,
        (_ms(statistics.median(got.a)), _ms(statistics.median(got.b))),
    )
    columnar_rows(rows, criteria, read(big, criteria), sizes)


def _answer_matrix(
    criteria: aow_rules.Criteria, sample: Sample, n: int
) -> tuple[Any, Any, Any, Any]:
    """(credits, counted, credit weights, counted weights): per case and question, the credit
    and whether it counted, as the evaluator decided (untimed); per question and group, the
    weight in units of the criteria's denominator."""
    import numpy as np  # noqa: PLC0415

    d = criteria.plan.denominator
    questions = criteria.questions
    credits = np.zeros((n, len(questions)), dtype=np.int64)
    counted = np.zeros((n, len(questions)), dtype=np.int64)
    for k, case in enumerate(sample.cases[:n]):
        judgement = aow_rules.evaluate(criteria, case)
        for i, (q, status) in enumerate(zip(questions, judgement.statuses, strict=True)):
            if status == aow_rules.Status.COUNTED:
                assert q.scale is not None
                option = q.scale.option(case.answers[q.id])
                assert option is not None
                assert option.credit is not None
                credits[k, i] = int(option.credit * d)
                counted[k, i] = 1
    weights = np.zeros((len(questions), len(criteria.groups)), dtype=np.int64)
    for i, q in enumerate(questions):
        for group, weight in q.contributions:
            weights[i, group.slot] = int(weight * d)
    return credits, counted, weights, weights


def columnar_rows(rows: Rows, criteria: aow_rules.Criteria, sample: Sample, sizes: Sizes) -> None:
    from aow_rules._evaluate._columnar import available  # noqa: PLC0415

    why = available()
    if why:
        rows.table.add("columnar", "-", "-", "-", "-", "-", "-", "", why)
        return
    n = len(sample.cases)

    def engine(name: str) -> Callable[[], object]:
        return lambda: aow_rules.report(criteria, sample, engine=name)  # type: ignore[arg-type]

    _say("   columnar vs per-case ...")
    got = interleaved(engine("columnar"), engine("per-case"), sizes.rounds)
    rows.add(
        f"columnar report of {n:,} parsed cases vs per-case",
        ("columnar", "per-case"),
        got,
        (_rate(n, statistics.median(got.a)), _rate(n, statistics.median(got.b))),
    )
    m = min(n, sizes.verbs)
    credits, counted, weights, _ = _answer_matrix(criteria, sample, m)
    head = Sample(sample.cases[:m], sample.sources[:m], ())

    def numpy_totals() -> object:
        yes = credits @ weights  # credit x weight: already in units of 1/d^2, summed exactly
        base = counted @ weights
        return yes.sum(axis=0), base.sum(axis=0)

    _say("   columnar vs numpy over the answer matrix ...")
    got = interleaved(
        lambda: aow_rules.report(criteria, head, engine="columnar"), numpy_totals, sizes.rounds
    )
    rows.add(
        f"columnar report of {m:,} cases vs numpy summing the decided answer matrix",
        ("columnar", "numpy"),
        got,
        (_rate(m, statistics.median(got.a)), _rate(m, statistics.median(got.b))),
    )


# -- start-up, synthesis ---------------------------------------------------------------------


def startup_rows(rows: Rows, sizes: Sizes) -> None:
    python = sys.executable
    script = str(Path(python).with_name("aow-rules"))
    runs = sizes.startup_runs

    def spawn(*argv: str) -> Callable[[], object]:
        def run() -> object:
            for _ in range(runs):
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            return None

        return run

    bare = spawn(python, "-c", "pass")
    for label, what in (
        ("import aow_rules", spawn(python, "-c", "import aow_rules")),
        ("aow-rules --version", spawn(script, "--version")),
    ):
        _say(f"   start-up: {label} ...")
        got = interleaved(what, bare, sizes.rounds)
        mine = statistics.median(got.a) / runs
        rows.add(
            f"start-up: {label} (a fresh process) vs python -c pass",
            (label, "python -c pass"),
            got,
            (_ms(mine), _ms(statistics.median(got.b) / runs)),
            target="about 100 ms",
            met=mine <= 0.12,
        )


def synthesis_row(rows: Rows, criteria: aow_rules.Criteria, sizes: Sizes) -> None:
    n = sizes.synth
    _say(f"   synthesis: {4 * n:,} vs {n:,} cases ...")
    got = interleaved(
        lambda: aow_rules.synthesize(criteria, cases=4 * n, seed=7),
        lambda: aow_rules.synthesize(criteria, cases=n, seed=7),
        sizes.rounds,
    )
    ratio = statistics.median(got.ratios)
    rows.add(
        f"synthesis: {n:,} cases vs four times as many",
        (f"{4 * n:,} cases", f"{n:,} cases"),
        got,
        (_ms(statistics.median(got.a)), _ms(statistics.median(got.b))),
        target=">= 0.2 (4x the cases in <= 5x the time)",
        met=ratio >= 0.2,
    )


# -- scaling with questions ------------------------------------------------------------------


def scaling_table(folder: Path, quick: bool) -> Table:
    from evaluate import synthetic_cases  # noqa: PLC0415
    from scaling import criteria_yaml  # noqa: PLC0415

    table = Table(
        "Scaling with questions per criteria file (SYNTHETIC files; per-question cost; best of 5)",
        (
            "questions",
            "conditions each",
            "evaluate us/question",
            "render us/question",
            "cases",
        ),
    )
    shapes = [(60, 0), (1000, 0), (60, 4), (1000, 4)]
    if not quick:
        shapes = [(60, 0), (200, 0), (1000, 0), (5000, 0), (60, 4), (200, 4), (1000, 4), (5000, 4)]
    for questions, conditions in shapes:
        _say(f"   scaling: {questions} questions x {conditions} conditions ...")
        path = folder / f"scaling-{questions}-{conditions}.yaml"
        path.write_text(criteria_yaml(questions, conditions), encoding="utf-8")
        criteria = aow_rules.load_criteria(path)
        n = max(20, (20_000 if not quick else 4_000) // questions)
        cases = [aow_rules.parse_case(c, criteria) for c in synthetic_cases(criteria, n)]
        judgements = [aow_rules.evaluate(criteria, c) for c in cases]

        def score(criteria: aow_rules.Criteria = criteria, cases: list[Any] = cases) -> object:
            return [aow_rules.evaluate(criteria, c) for c in cases]

        def render(judgements: list[aow_rules.Judgement] = judgements) -> object:
            return [j.to_json() for j in judgements]

        evaluate_s = min(_timed(score) for _ in range(5))
        render_s = min(_timed(render) for _ in range(5))
        table.add(
            f"{questions:,}",
            conditions,
            f"{evaluate_s / n / questions * 1e6:.2f}",
            f"{render_s / n / questions * 1e6:.2f}",
            f"{n:,}",
        )
    table.note(
        "Each question's applies_if is an all: of distinct leaves (none shared, almost always "
        "true); with 0 conditions the cost is the per-question loop and the group totals. A "
        "file of more than 32 groups keeps its totals in several packed integers, so that "
        "cost stays flat. With conditions, past about 1,000 questions the file's 4 x Q "
        "distinct compiled conditions no longer fit the processor's caches: the same 60 "
        "conditions run 83 times cost about 0.6 us each, 5,000 distinct ones about 4-6 us."
    )
    return table


def ratio_tables(
    criteria: aow_rules.Criteria, spec: dict[str, Any], folder: Path, quick: bool
) -> tuple[list[Table], list[str]]:
    """The ratio table and the scaling table, and the targets not met."""
    sizes = QUICK if quick else FULL
    rows = Rows()
    _say("ratios: one case at a time ...")
    one_case_rows(rows, criteria, spec, sizes)
    _say("ratios: whole samples ...")
    sample_rows(rows, criteria, folder, sizes)
    _say("ratios: start-up and synthesis ...")
    startup_rows(rows, sizes)
    synthesis_row(rows, criteria, sizes)
    rows.table.note(
        "B/A time: B's time over A's, the median of the rounds (above 1: A is faster); "
        "spread: the lowest and highest round. A's and B's columns: the median round, as a "
        "rate (cases/s) or a time."
    )
    missed = [r[0] for r in rows.table.rows if r[-1] == "NOT MET"]
    _say("ratios: scaling ...")
    return [rows.table, scaling_table(folder, quick)], missed
