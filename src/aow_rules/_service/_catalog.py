"""The criteria versions a service serves: the shipped files and those of ``--criteria-dir``.

Each file of the folder is checked at start (`aow_rules.check`); a file that does not check,
or one whose id is already served by different content, stops the start with its problems.
Each version is compiled once and shared by every request (a `Criteria` is immutable).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import aow_rules

__all__ = ["Catalog", "Served", "load_catalog"]


@dataclass(frozen=True)
class Served:
    criteria: aow_rules.Criteria
    path: Path
    shipped: bool
    document: bytes
    """The criteria file as JSON (its YAML data, unchanged), for building forms."""

    def summary(self) -> dict[str, Any]:
        c = self.criteria
        return {
            "id": c.id,
            "version": c.version,
            "title": c.title,
            "sha256": c.sha256,
            "status": c.status,
            "shipped": self.shipped,
        }


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _served(path: Path, shipped: bool, criteria: aow_rules.Criteria) -> Served:
    # The file has passed the strict loader (no tags, anchors or duplicate keys), so a
    # plain safe load reads the same data.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = json.dumps(data, ensure_ascii=False, default=_json_default).encode()
    return Served(criteria, path, shipped, document)


@dataclass(frozen=True)
class Catalog:
    by_id: dict[str, Served]

    def get(self, criteria_id: str) -> Served | None:
        return self.by_id.get(criteria_id)

    def ids(self) -> list[str]:
        return sorted(self.by_id)


def _criteria_files(folder: Path) -> list[Path]:
    # Golden cases sit beside criteria files (<id>.cases.yaml): they are not criteria.
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.endswith((".cases.yaml", ".cases.yml"))
    )


def load_catalog(extra: str | Path | None = None) -> Catalog:
    """The shipped criteria, and those of ``extra``; `aow_rules.CriteriaError` with every
    problem of every file that does not check."""
    by_id: dict[str, Served] = {}
    for path in aow_rules.shipped_criteria().values():
        criteria = aow_rules.load_criteria(path)
        by_id[criteria.id] = _served(Path(path), True, criteria)
    if extra is None:
        return Catalog(by_id)
    folder = Path(extra)
    code = aow_rules.Code
    if not folder.is_dir():
        raise aow_rules.CriteriaError(
            [aow_rules.Problem(code.FILE_NOT_FOUND, "not a folder", str(folder))]
        )
    problems: list[aow_rules.Problem] = []
    files = _criteria_files(folder)
    if not files:
        problems.append(
            aow_rules.Problem(code.FILE_NOT_FOUND, "no criteria file (*.yaml) here", str(folder))
        )
    for path in files:
        result = aow_rules.check(path)
        if not result.ok or result.criteria is None:
            problems.extend(result.problems)
            continue
        criteria = result.criteria
        served = by_id.get(criteria.id)
        if served is not None and served.criteria.sha256 != criteria.sha256:
            problems.append(
                aow_rules.Problem(
                    code.DUPLICATE_ID,
                    f"id {criteria.id!r} is served already by {served.path}, with different "
                    "content: a changed version needs an id of its own",
                    str(path),
                )
            )
            continue
        by_id[criteria.id] = _served(path, served is not None and served.shipped, criteria)
    if problems:
        raise aow_rules.CriteriaError(problems)
    return Catalog(by_id)
