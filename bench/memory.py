"""Memory measurements: peak RSS of child processes, and retained size of one object.

Each size's measurement runs in a fresh child process (`run_child`), which reports its peak
resident set size when it finishes; subtracting a baseline child's peak (same imports, same
criteria, one case) leaves what the cases cost. A peak is a high-water mark: a child can
report it after each step of a pipeline, and each later figure includes the earlier ones.

On Linux the peak is read from ``VmHWM`` in /proc/self/status, not from
``getrusage(RUSAGE_SELF).ru_maxrss``: the kernel carries ru_maxrss across exec, so a child
started by a large parent reports at least the parent's resident size at the time it was
started (measured here: 134 MiB for every child of a 134 MiB parent, whatever the child
did). VmHWM belongs to the child's own address space. Elsewhere, ru_maxrss it is.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

CHILD = Path(__file__).with_name("child.py")


def peak_kib() -> int:
    """This process's peak resident set size so far, in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])  # "VmHWM:   123456 kB"
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, else KiB


def run_child(task: dict[str, Any]) -> dict[str, Any]:
    """Run one task of `child.py` in a fresh interpreter; return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, str(CHILD), json.dumps(task)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"child task {task['mode']} (n={task.get('n')}) failed:\n{tail}")
    lines = done.stdout.strip().splitlines()
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def deep_size(root: object) -> int:
    """Bytes held by ``root`` and everything it reaches, by ``sys.getsizeof``.

    Modules, classes, code and builtins are shared by every object of the library, so the
    walk stops there (and at module globals, which functions reach). An estimate: it agrees
    with tracemalloc within about 10% on compiled criteria, and costs no tracing overhead.
    """
    shared = {id(m.__dict__) for m in list(sys.modules.values()) if m is not None}
    stop = (type, types.ModuleType, types.CodeType, types.BuiltinFunctionType)
    seen: set[int] = set()
    stack = [root]
    total = 0
    while stack:
        obj = stack.pop()
        key = id(obj)
        if key in seen or key in shared or isinstance(obj, stop):
            continue
        seen.add(key)
        total += sys.getsizeof(obj)
        stack.extend(gc.get_referents(obj))
    return total
