"""Tests reach aow-rules as a user does: `import aow_rules` (the names in its `__all__`), the
modules `aow_rules.errors` and `aow_rules.cli`, the command line and HTTP. A test that needs a
private module (a name starting with `_`) says why on the import itself, for example

    from aow_rules._cel import compile_condition  # private: the CEL subset on its own

or, for an import over several lines, on any line of it. This reads every Python file under
tests/ (helpers and fixtures too) and fails on a private import without such a reason: an
import statement, code in a string (run in another process), a module named in a string to
importlib or monkeypatch, or an attribute `aow_rules._name`.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import aow_rules

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
# Dunder names of the package a user may read; any other name starting with "_" is private.
PUBLIC_DUNDERS = frozenset({"__all__", "__version__", "__file__", "__path__", "__name__"})
REASON = re.compile(r"#\s*private:\s*(?P<why>.*?)\s*$")
MIN_WORDS = 3  # "# private: internal" is not a reason
# Code held in a string (a script for another process): its imports of aow_rules.
CODE_IMPORT = re.compile(r"\b(?:from|import)\s+(aow_rules(?:\.\w+)*)(?:\s+import\s+(\w+))?")
DOTTED = re.compile(r"aow_rules(?:\.\w+)+")
# Calls that take a module (or module.attribute) by its dotted name.
BY_NAME = frozenset(
    {"import_module", "__import__", "find_spec", "spec_from_file_location", "setattr", "patch"}
)


@dataclass(frozen=True)
class Use:
    """One place a test file reaches a private part of aow_rules."""

    line: int
    target: str
    reason: str | None


def _private(dotted: str) -> bool:
    parts = dotted.split(".")
    return parts[0] == "aow_rules" and any(
        p.startswith("_") and p not in PUBLIC_DUNDERS for p in parts[1:]
    )


def _reasons(source: str) -> dict[int, str]:
    """Line -> the reason of a ``# private:`` comment on it (real comments, not strings)."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and (m := REASON.match(token.string)):
            found[token.start[0]] = m["why"]
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _by_name(tree: ast.AST) -> set[int]:
    """The string arguments of calls that take a module by its dotted name."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in BY_NAME:
                ids.update(id(arg) for arg in node.args if isinstance(arg, ast.Constant))
    return ids


def _targets(node: ast.AST, docstrings: set[int], named: set[int]) -> list[str]:
    """The private parts of aow_rules that this node reaches."""
    found: list[str] = []
    if isinstance(node, ast.Import):
        found += [a.name for a in node.names if _private(a.name)]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if _private(node.module):
            found.append(node.module)
        elif node.module == "aow_rules":
            found += [f"aow_rules.{a.name}" for a in node.names if _private(f"aow_rules.{a.name}")]
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "aow_rules" and _private(f"aow_rules.{node.attr}"):
            found.append(f"aow_rules.{node.attr}")
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        if id(node) in docstrings:
            return found
        for module, name in CODE_IMPORT.findall(node.value):
            dotted = f"{module}.{name}" if name else module
            if _private(dotted):
                found.append(dotted)
        if id(node) in named and DOTTED.fullmatch(node.value) and _private(node.value):
            found.append(node.value)
    return found


def private_uses(source: str) -> list[Use]:
    """Every private part of aow_rules a file reaches, with the reason given on it, if any."""
    tree = ast.parse(source)
    reasons = _reasons(source)
    docstrings, named = _docstrings(tree), _by_name(tree)
    uses = []
    for node in ast.walk(tree):
        for target in _targets(node, docstrings, named):
            first = getattr(node, "lineno", 0)
            lines = range(first, (getattr(node, "end_lineno", None) or first) + 1)
            why = next((reasons[n] for n in lines if n in reasons), None)
            uses.append(Use(first, target, why))
    return sorted(uses, key=lambda u: (u.line, u.target))


def _files() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def test_every_private_import_says_why() -> None:
    missing = []
    for path in _files():
        for use in private_uses(path.read_text(encoding="utf-8")):
            if use.reason is None or len(use.reason.split()) < MIN_WORDS:
                missing.append(f"{path.relative_to(ROOT)}:{use.line}: {use.target}")
    assert not missing, (
        "tests reach aow_rules through its public API, the CLI or HTTP; where a test must "
        "import a private module, say why on the import: `# private: <why>` (at least "
        f"{MIN_WORDS} words). Without a reason:\n" + "\n".join(missing)
    )


def test_the_public_names_are_not_reported() -> None:
    # What the rule allows: every name in __all__, and the public modules.
    source = "\n".join(
        [
            "import aow_rules",
            "import aow_rules.cli",
            "from aow_rules.errors import CaseError",
            "from aow_rules.cli import main",
            f"from aow_rules import {', '.join(sorted(aow_rules.__all__))}",
            "print(aow_rules.__version__, aow_rules.__file__, aow_rules.__all__)",
            "CODE = 'import aow_rules; print(aow_rules.__file__)'",
            "",
        ]
    )
    assert private_uses(source) == []


# Written with "pkg" for "aow_rules", so that this file's own string holds no private import.
EVERY_WAY = '''"""A docstring may name pkg._cel; it imports nothing."""
import pkg._cel
import pkg._cel as cel  # private: the CEL subset on its own
from pkg._qa._agreement import (
    cohen_kappa,  # private: the coefficients against reference packages
)
from pkg._strict import _yaml  # private: yes
from pkg import _numbers
CODE = "import sys; from pkg._render._report_html import report_html"
SPEC = importlib.util.spec_from_file_location("pkg._evaluate._steps_source", PATH)
pkg._cache.clear()
'''


def test_each_way_of_reaching_a_private_module_is_found() -> None:
    source = EVERY_WAY.replace("pkg", "aow_rules")
    assert private_uses(source) == [
        Use(2, "aow_rules._cel", None),
        Use(3, "aow_rules._cel", "the CEL subset on its own"),
        Use(4, "aow_rules._qa._agreement", "the coefficients against reference packages"),
        Use(7, "aow_rules._strict", "yes"),  # a reason, but too short to pass
        Use(8, "aow_rules._numbers", None),
        Use(9, "aow_rules._render._report_html.report_html", None),
        Use(10, "aow_rules._evaluate._steps_source", None),
        Use(11, "aow_rules._cache", None),
    ]
