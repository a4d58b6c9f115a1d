"""SYNTHETIC samples for the benchmark suite, generated once per run and kept as JSON Lines.

The parent process generates the largest sample once (fixed seed), streaming it to one JSON
Lines file per size: a smaller sample of the same seed is a prefix of a larger one, so every
size holds the same first cases. Child processes read the files, so no case is generated
twice and no generation time falls inside a measurement.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from evaluate import iter_synthetic_cases

import aow_rules

SEED = 7
"""The seed of every generated sample in the suite."""


@dataclass(frozen=True)
class SampleFiles:
    """One JSON Lines file per sample size."""

    paths: dict[int, Path]
    generate_s: float
    """Wall time to generate and write them all (not part of any measurement)."""
    bytes_per_case: float


def write_samples(criteria: aow_rules.Criteria, sizes: Sequence[int], folder: Path) -> SampleFiles:
    """Generate ``max(sizes)`` SYNTHETIC cases once; write the first ``n`` to each size's file."""
    start = time.perf_counter()
    ordered = sorted(set(sizes))
    paths = {n: folder / f"{criteria.id}-{n}.jsonl" for n in ordered}
    streams = {n: paths[n].open("w", encoding="utf-8") for n in ordered}
    written = 0
    try:
        for k, case in enumerate(iter_synthetic_cases(criteria, ordered[-1], SEED)):
            line = json.dumps(case, separators=(",", ":")) + "\n"
            written += len(line)
            for n in ordered:
                if k < n:
                    streams[n].write(line)
    finally:
        for stream in streams.values():
            stream.close()
    return SampleFiles(paths, time.perf_counter() - start, written / ordered[-1])


def iter_dicts(path: Path, n: int | None = None) -> Iterator[dict[str, Any]]:
    """The decoded cases of a JSON Lines file, one at a time."""
    with path.open(encoding="utf-8") as stream:
        for line in islice(stream, n):
            yield json.loads(line)


def iter_cases(
    path: Path, criteria: aow_rules.Criteria, n: int | None = None
) -> Iterator[aow_rules.Case]:
    """The parsed cases of a JSON Lines file, one at a time (the decoded dict is dropped)."""
    parse = aow_rules.parse_case
    for data in iter_dicts(path, n):
        yield parse(data, criteria)
