"""One measurement in a fresh process: ``python bench/child.py '<task as JSON>'``.

Started by `memory.run_child`; prints one JSON line with the results and the process's peak
RSS (``peak_kib``, and ``steps``: the peak after each step of a pipeline, as a high-water mark
includes the steps before it). Tasks (``mode``):

* ``baseline``: the imports and the compiled criteria, no cases (``columnar``: true also
  imports the columnar module, as the columnar task does);
* ``timing``: every timing of one size (`aggregation.time_size`), with the peak once the
  parsed cases are held, and once their judgements are held too;
* ``stream``: read, parse, evaluate and aggregate one case at a time, holding none;
* ``read_sample``: `aow_rules.read_sample` on the file (it holds the sample), then evaluate
  and aggregate one case at a time;
* ``iter_sample``: the library's streaming reader (``iter_sample``, where it exists), then
  evaluate and aggregate one case at a time;
* ``columnar``: hold the parsed cases, then `aggregate_columnar` over them.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from aggregation import columnar_module, time_size
from memory import peak_kib
from samples import iter_cases

import aow_rules


def _per_case(criteria: aow_rules.Criteria, cases: Any) -> aow_rules.Aggregate:
    evaluate = aow_rules.evaluate
    return aow_rules.Aggregate.of(criteria, (evaluate(criteria, c) for c in cases))


def _iter_sample() -> Any:
    """The library's streaming sample reader: public if it is, else private, else None."""
    reader = getattr(aow_rules, "iter_sample", None)
    if reader is None:
        reader = getattr(importlib.import_module("aow_rules._cases._sample"), "iter_sample", None)
    return reader


def run(task: dict[str, Any]) -> dict[str, Any]:
    mode = task["mode"]
    criteria = aow_rules.load_criteria(task["criteria"])
    path = Path(task["path"]) if task.get("path") else None
    n = task.get("n")
    steps: dict[str, int] = {}
    out: dict[str, Any] = {"mode": mode, "n": n}
    if mode == "baseline":
        # Run the other tasks' code on one case, so that what they import counts here.
        assert path is not None
        _per_case(criteria, iter_cases(path, criteria, 1))
        module, _ = columnar_module() if task.get("columnar") else (None, "")
        if module is not None:
            module.aggregate_columnar(criteria, list(iter_cases(path, criteria, 1)))
    elif mode == "timing":
        assert path is not None
        out.update(time_size(criteria, path, n, task["repeat"], task["budget"]))
        steps = out.pop("steps")
    elif mode == "stream":
        assert path is not None
        aggregate = _per_case(criteria, iter_cases(path, criteria, n))
        assert aggregate.cases == n
    elif mode == "read_sample":
        assert path is not None
        sample = aow_rules.read_sample(path, criteria)
        assert len(sample.cases) == n
        assert not sample.rejected
        steps["read_sample"] = peak_kib()
        _per_case(criteria, sample.cases)
    elif mode == "iter_sample":
        assert path is not None
        reader = _iter_sample()
        if reader is None:
            out["skipped"] = "aow-rules has no iter_sample"
        else:
            read = (c for _, c in reader(path, criteria) if isinstance(c, aow_rules.Case))
            assert _per_case(criteria, read).cases == n
    elif mode == "columnar":
        assert path is not None
        module, reason = columnar_module()
        if module is None:
            out["skipped"] = reason
        else:
            cases = list(iter_cases(path, criteria, n))
            steps["cases"] = peak_kib()
            module.aggregate_columnar(criteria, cases)
    else:
        raise ValueError(f"unknown task {mode!r}")
    gc.collect()
    out["steps"] = steps
    out["peak_kib"] = peak_kib()
    return out


def main() -> int:
    task = json.loads(sys.argv[1])
    if task.get("cpu") is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {task["cpu"]})
    print(json.dumps(run(task)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
