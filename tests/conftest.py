from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per CEL conformance file (see tests/cel/test_conformance.py)."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            props = dict(getattr(report, "user_properties", ()))
            name = props.get("cel_spec_file")
            if name is None or getattr(report, "when", "call") != "call":
                continue
            kind = outcome
            if outcome == "skipped":
                kind = "outside" if props.get("cel_spec_skip") == "outside" else "scope"
            row = counts.setdefault(name, {"passed": 0, "failed": 0, "outside": 0, "scope": 0})
            row[kind] += 1
    for name in sorted(counts):
        row = counts[name]
        terminalreporter.write_line(
            f"cel-spec {name}: {row['passed']} passed, {row['failed']} failed, "
            f"{row['outside']} outside the subset, {row['scope']} out of scope"
        )
