"""Baselines, timed in the same run, as ratios: how much faster aow-rules' evaluator is.

* ``fraction-loop`` and ``naive-interpreter``: from bench/evaluate.py;
* ``zen-engine`` and ``durable-rules``: the criteria wired into another rule engine, from
  bench/baselines/ (each says whether it can run here, and why not). Before one is timed,
  ``baselines.check.agree`` checks its group totals against aow-rules' on a few hundred cases.

The slow baselines run over as many cases as fit in a time cap (one pass, garbage collector
off, as in `best_of`), so the suite's runtime stays bounded whatever their speed.
"""

from __future__ import annotations

import gc
import importlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from evaluate import best_of, fraction_loop, naive_interpreter
from optional import import_optional
from tables import Table, ratio

import aow_rules


@dataclass(frozen=True)
class Capped:
    cases: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def capped(fn: Callable[[Any], object], items: Sequence[Any], cap_s: float) -> Capped:
    """Run ``fn`` over ``items`` until they run out or ``cap_s`` seconds have passed."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        done = 0
        for item in items:
            fn(item)
            done += 1
            if time.perf_counter() - start >= cap_s:
                break
        return Capped(done, time.perf_counter() - start)
    finally:
        gc.enable()


def engine_module(name: str) -> tuple[ModuleType | None, str]:
    """bench/baselines/<name>.py if it exists and its engine can run here, else why not."""
    module, why = import_optional(f"baselines.{name}", f"bench/baselines/{name}.py")
    if module is None:
        return None, why
    why_not = (
        module.available() if callable(getattr(module, "available", None)) else "no available()"
    )
    if why_not:
        return None, str(why_not)
    return module, "available"


def _agree(criteria: aow_rules.Criteria, scorer: Any, cases: list[dict[str, Any]]) -> str | None:
    """None when the scorer agrees with aow-rules on every case and group; else the problem."""
    try:
        check = importlib.import_module("baselines.check")
    except Exception as exc:
        return f"cannot check agreement: bench/baselines/check.py: {type(exc).__name__}: {exc}"
    try:
        check.agree(criteria, scorer, cases)
    except AssertionError as exc:
        return f"DISAGREES with aow-rules: {exc}"
    return None


def _fraction_agrees(criteria: aow_rules.Criteria, cases: list[aow_rules.Case]) -> str:
    for case in cases:
        judgement = aow_rules.evaluate(criteria, case)
        want = {g.id: judgement.group(g).score for g in criteria.groups}
        got = fraction_loop(criteria, case)
        if {k: v for k, v in want.items() if v is not None} != got:
            return f"differs on {case.case_id}"
    return f"agrees ({len(cases)} cases, scores)"


ENGINES = (
    # module, label, most cases timed, what it is
    ("zen", "zen-engine", 2_000, "JDM decision graph, Rust core"),
    ("durable", "durable-rules", 300, "Rete ruleset, one session a case"),
)


def baselines_table(
    criteria: aow_rules.Criteria,
    spec: dict[str, Any],
    raw: list[dict[str, Any]],
    aow_rate: float,
    *,
    repeat: int,
    cap_s: float,
    check_n: int,
) -> Table:
    """Each baseline's cases/s beside aow-rules' evaluate (full explanation), same run."""
    table = Table(
        f"5. Baselines in the same run (ratio = aow-rules evaluate, judgements kept as the "
        f"baselines' results are, {aow_rate:,.0f} cases/s, "
        "full explanation / baseline)",
        ("baseline", "what it computes", "agreement", "cases timed", "cases/s", "aow-rules is"),
    )
    cases = [aow_rules.parse_case(c, criteria) for c in raw]
    table.add(
        "aow-rules evaluate",
        "statuses, totals, findings, trace",
        "-",
        "",
        f"{aow_rate:,.0f}",
        "1.0x",
    )

    few = cases[: min(len(cases), 5_000)]
    frac_s = best_of(repeat, lambda: [fraction_loop(criteria, c) for c in few], cap_s)
    table.add(
        "fraction-loop",
        "same conditions, Fraction totals",
        _fraction_agrees(criteria, cases[:check_n]),
        f"{len(few):,}",
        f"{len(few) / frac_s:,.0f}",
        ratio(aow_rate, len(few) / frac_s),
    )

    try:
        import cel  # type: ignore[import-not-found]  # noqa: PLC0415
    except ImportError:
        table.add("naive-interpreter", "skipped: pip install 'aow-rules[bench]'", "", "", "", "")
    else:
        naive = naive_interpreter(spec, cel)
        got = capped(naive, raw[:1_000], cap_s)
        table.add(
            "naive-interpreter",
            "YAML walk + cel library, scores",
            "not checked (ignores weights)",
            f"{got.cases:,}",
            f"{got.rate:,.0f}",
            ratio(aow_rate, got.rate),
        )

    for name, label, most, what in ENGINES:
        module, reason = engine_module(name)
        if module is None:
            table.add(label, f"skipped: {reason}", "", "", "", "")
            continue
        start = time.perf_counter()
        try:
            scorer = module.build(spec, criteria)
        except Exception as exc:
            table.add(label, f"build failed: {type(exc).__name__}: {exc}", "", "", "", "")
            continue
        build_s = time.perf_counter() - start
        problem = _agree(criteria, scorer, raw[:check_n])
        if problem is not None:
            table.add(label, what, problem, "not timed", "", "")
            continue
        got = capped(scorer, raw[:most], cap_s)
        table.add(
            label,
            f"{what} (build {build_s * 1e3:,.0f} ms)",
            f"agrees ({check_n} cases, every group)",
            f"{got.cases:,}",
            f"{got.rate:,.0f}",
            ratio(aow_rate, got.rate),
        )
    table.note(
        f"Slow baselines run one pass over at most the cases shown, capped at {cap_s:.0f} s; "
        "every baseline computes less than aow-rules (no explanation, no findings)."
    )
    return table
