"""Importing a module the benchmark can run without (the columnar engine, a baseline)."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


def import_optional(qualified: str, label: str) -> tuple[ModuleType | None, str]:
    """The module and "imported", or None and why it could not be imported (``label`` names
    it in that sentence)."""
    try:
        spec = importlib.util.find_spec(qualified)
    except (ImportError, ValueError) as exc:
        return None, f"cannot look for {label}: {exc}"
    if spec is None:
        return None, f"{label} does not exist (yet)"
    try:
        return importlib.import_module(qualified), "imported"
    except Exception as exc:  # a module being written may fail in any way
        return None, f"{label} fails to import: {type(exc).__name__}: {exc}"
