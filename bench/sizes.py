"""Sample sizes: one child process per size and task, and the tables they fill.

Per size, a ``timing`` child measures speed (`aggregation.time_size`) and reports its peak RSS
once the parsed cases are held and once their judgements are too; then one child per memory
task reports its own peak (see `child.py`). Peaks are shown minus the peak of a baseline
child that loads the same code and criteria and runs one case.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

from aggregation import columnar_module
from memory import run_child
from samples import SampleFiles
from tables import Table, micro, rate, verdict

COLUMNAR_TARGET = 500_000
MEMORY_TASKS = ("stream", "read_sample", "iter_sample", "columnar")


@dataclass
class SizeResults:
    timing: dict[int, dict[str, Any]] = field(default_factory=dict)
    memory: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)
    baseline_kib: dict[bool, int] = field(default_factory=dict)
    """Peak of the baseline child, without (False) and with (True) the columnar module."""
    problems: list[str] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)
    """Sizes not measured, and why (not enough free memory)."""


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _available_kib() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _too_big(res: SizeResults, n: int) -> str | None:
    """Why a sample of ``n`` cases should not be run here (the machine is shared), if so.

    Estimated from the largest size measured so far: its largest peak per case, times n.
    """
    if not res.timing:
        return None
    done = max(res.timing)
    base = res.baseline_kib[True]
    peaks = [res.timing[done]["peak_kib"], *(t["peak_kib"] for t in res.memory[done].values())]
    need = max(peaks) - base
    need = base + need / done * n * 1.2
    available = _available_kib()
    if available is None or need < 0.8 * available:
        return None
    return (
        f"skipped: would need about {need / 2**20:,.1f} GiB, {available / 2**20:,.1f} GiB available"
    )


def measure_sizes(
    criteria_ref: str, files: SampleFiles, *, repeat: int, budget: float, cpu: int | None
) -> SizeResults:
    """Run every child for every size, smallest first; progress goes to stderr."""
    out = SizeResults()
    smallest = files.paths[min(files.paths)]
    common = {"criteria": criteria_ref, "cpu": cpu}
    for with_columnar in (False, True):
        got = run_child(
            {**common, "mode": "baseline", "path": str(smallest), "columnar": with_columnar}
        )
        out.baseline_kib[with_columnar] = got["peak_kib"]
    for n, path in sorted(files.paths.items()):
        why_not = _too_big(out, n)
        if why_not is not None:
            out.skipped[n] = why_not
            _say(f"  {n:>9,} cases: {why_not}")
            continue
        task = {**common, "path": str(path), "n": n}
        start = time.perf_counter()
        _say(f"  {n:>9,} cases: timing ...")
        timing = run_child({**task, "mode": "timing", "repeat": repeat, "budget": budget})
        out.timing[n] = timing
        out.problems += [f"{n:,} cases: columnar {e}" for e in timing["columnar_errors"]]
        out.memory[n] = {}
        for mode in MEMORY_TASKS:
            _say(f"  {n:>9,} cases: memory, {mode} ...")
            out.memory[n][mode] = run_child({**task, "mode": mode})
        _say(f"  {n:>9,} cases: done in {time.perf_counter() - start:,.0f} s")
    return out


def aggregation_table(res: SizeResults) -> Table:
    first = next(iter(res.timing.values()))
    facts = len(first["breakdowns"])
    table = Table(
        "3. Sample aggregation, cases/s (SYNTHETIC samples; per-case path, then columnar path)",
        (
            "cases",
            "evaluate",
            "Aggregate.of",
            f"Aggregate.of by {facts}",
            "evaluate + aggregate",
            "columnar",
            f"columnar by {facts}",
            "to_frame",
            "score_frame",
            "score_frame >= 500,000",
        ),
    )
    for n, t in res.timing.items():
        scored = t.get("score_frame_s")
        if n < 100_000:
            target = ""
        elif scored is None:
            target = "not measured"
        else:
            target = verdict(n / scored >= COLUMNAR_TARGET)
        table.add(
            f"{n:,}",
            rate(n, t["evaluate_s"]),
            rate(n, t["aggregate_s"]),
            rate(n, t["aggregate_by_s"]),
            rate(n, t["end_to_end_s"]),
            rate(n, t.get("columnar_s")),
            rate(n, t.get("columnar_by_s")),
            rate(n, t.get("to_frame_s")),
            rate(n, t.get("score_frame_s")),
            target,
        )
    table.note(
        "Aggregate.of is timed over judgements already made; 'evaluate + aggregate' is the "
        "per-case path end to end, one case at a time."
    )
    table.note(f"Breakdowns: by {', '.join(first['breakdowns'])} (the criteria's defaults).")
    reason = first["columnar"]
    if reason != "available":
        table.note(f"columnar: not available ({reason})")
    elif not res.problems:
        table.note(
            "columnar: aow_rules._aggregate._columnar.aggregate_columnar; its Aggregate was "
            "checked EQUAL to the per-case one (with and without breakdowns) at every size "
            "before timing."
        )
        table.note(
            "to_frame builds the frame from parsed cases; score_frame scores it, without "
            "breakdowns (the target: a sample scored, aggregate only); 'columnar' is both."
        )
    for problem in res.problems:
        table.note(f"PROBLEM: {problem}")
    for n, why in res.skipped.items():
        table.note(f"{n:,} cases: {why}")
    return table


def _mem(kib: float | None, n: int) -> str:
    if kib is None:
        return "-"
    kib = max(0, kib)  # a peak a little below the baseline's is noise: nothing measurable
    return f"{kib / 1024:,.1f} MiB ({kib * 1024 / n:,.0f} B)"


def memory_table(res: SizeResults) -> Table:
    table = Table(
        "4. Peak memory above a baseline process, MiB (bytes a case), one process per cell",
        (
            "cases",
            "stream: parse, evaluate, aggregate",
            "read_sample, then aggregate",
            "iter_sample, then aggregate",
            "cases held",
            "cases + judgements held",
            "cases held + columnar",
            "timing process (all of 3)",
        ),
    )
    plain, with_col = res.baseline_kib[False], res.baseline_kib[True]
    columnar_ok = columnar_module()[0] is not None
    for n, tasks in res.memory.items():
        hold = res.timing[n]["steps"]
        col = tasks["columnar"]
        timing_base = with_col if columnar_ok else plain
        table.add(
            f"{n:,}",
            _mem(tasks["stream"]["peak_kib"] - plain, n),
            _mem(tasks["read_sample"]["peak_kib"] - plain, n),
            "-"
            if "skipped" in tasks["iter_sample"]
            else _mem(tasks["iter_sample"]["peak_kib"] - plain, n),
            _mem(hold["cases"] - plain, n),
            _mem(hold["judgements"] - plain, n),
            "-" if "skipped" in col else _mem(col["peak_kib"] - with_col, n),
            _mem(res.timing[n]["peak_kib"] - timing_base, n),
        )
    for n, why in res.skipped.items():
        table.note(f"{n:,} cases: {why}")
    table.note(
        f"Baseline processes (imports, compiled criteria, one case through each path): "
        f"{plain / 1024:,.1f} MiB; with the columnar module and polars: {with_col / 1024:,.1f} MiB."
    )
    table.note(
        "Peak RSS (VmHWM, see bench/memory.py) is a high-water mark: 'cases held' and 'cases + "
        "judgements held' are read in the timing process as it goes; the second includes the "
        "first. "
        "'stream' reads the JSON Lines file one line at a time with json.loads + parse_case; "
        "aow_rules.read_sample returns a Sample that holds every case; iter_sample (the "
        "library's streaming reader, where it exists) yields them one at a time."
    )
    return table


def cases_scaling_table(res: SizeResults) -> Table:
    table = Table(
        "6a. Scaling with the number of cases (time a case should stay flat: linear growth)",
        (
            "cases",
            "read + parse us",
            "evaluate us",
            "Aggregate.of us",
            "evaluate + aggregate us",
            "columnar us",
            "held MiB",
            "held B/case",
        ),
    )
    plain = res.baseline_kib[False]
    for n, t in res.timing.items():
        held = max(0, t["steps"]["judgements"] - plain)
        table.add(
            f"{n:,}",
            micro(t["read_parse_s"], n),
            micro(t["evaluate_s"], n),
            micro(t["aggregate_s"], n),
            micro(t["end_to_end_s"], n),
            micro(t.get("columnar_s"), n),
            f"{held / 1024:,.1f}",
            f"{held * 1024 / n:,.0f}",
        )
    table.note(
        "Microseconds a case; 'held' is parsed cases plus their judgements (table 4). "
        "read + parse is one pass of json.loads + parse_case over the JSON Lines file."
    )
    return table
