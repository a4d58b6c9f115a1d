"""The package's layout is a picture of its data flow: each stage imports only earlier ones,
and no module grows past the size a reader can hold. Reads the source files (a private
concern by nature: no public API says where a module lives)."""

from __future__ import annotations

import ast
from pathlib import Path

import aow_rules

PACKAGE = Path(aow_rules.__file__).parent
# The stages in data-flow order; a module may import its own stage and the ones before it.
# Stages on one row are siblings: neither imports the other.
STAGES: tuple[tuple[str, ...], ...] = (
    ("__about__",),
    ("errors", "_numbers"),
    ("_strict",),
    ("_cel",),
    ("_criteria",),
    ("_cases",),
    ("_synth",),
    ("_sample",),
    ("_evaluate",),
    ("_aggregate",),
    ("_report",),
    ("_qa", "_versions"),
    # The HTML template set (base template, stylesheet, conditions in words): the service's
    # pages use it, and the renderers are to move onto it.
    ("_html",),
    ("_render",),
    ("_schemas",),
    # The service is a client of the public API (`import aow_rules`), over its store; only the
    # CLI's serve and db verbs import them, and only when run.
    ("_store",),
    ("_service",),
    ("_cli",),
    ("cli",),
    ("__init__", "__main__"),
)
RANK = {name: rank for rank, row in enumerate(STAGES) for name in row}
MAX_LINES = 550


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "shipped" not in p.parts)


def _stage(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imported_stages(path: Path) -> set[str]:
    """The top-level package members this module imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1  # folders below the package
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                module = node.module or ""
                if module.startswith("aow_rules."):
                    found.add(module.split(".")[1])
                continue
            up = node.level - 1
            if up > depth:
                raise AssertionError(f"{path}: import above the package")
            base = list(path.relative_to(PACKAGE).parts[: depth - up])
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
            else:  # "from .. import x": x are top-level members
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("aow_rules."):
                    found.add(alias.name.split(".")[1])
    return found


def test_every_module_belongs_to_a_stage() -> None:
    unknown = sorted({_stage(p) for p in _sources()} - set(RANK))
    assert not unknown, f"modules outside the declared stages: {unknown}"


def test_no_stage_imports_a_later_one() -> None:
    upstream = []
    for path in _sources():
        own = _stage(path)
        for target in sorted(_imported_stages(path)):
            if target in RANK and RANK[target] > RANK[own]:
                upstream.append(f"{path.relative_to(PACKAGE)} imports {target}")
            elif target in RANK and RANK[target] == RANK[own] and target != own:
                upstream.append(f"{path.relative_to(PACKAGE)} imports its sibling {target}")
    assert not upstream, "imports against the data flow:\n" + "\n".join(upstream)


def test_modules_stay_small() -> None:
    big = [
        f"{p.relative_to(PACKAGE)}: {n} lines"
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not big, "modules over the size limit:\n" + "\n".join(big)


def test_every_stage_package_says_what_flows_in_and_out() -> None:
    for row in STAGES:
        for name in row:
            init = PACKAGE / name / "__init__.py"
            if init.exists():
                doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
                assert doc, f"{name}/__init__.py has no docstring"
