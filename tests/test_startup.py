"""Start-up stays fast: `import aow_rules` and `aow-rules --version` import none of the heavy
modules (pydantic, PyYAML, rich, the columnar and service extras); each public name is
imported from its stage when first used."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

import aow_rules
from aow_rules.cli import main

# Third-party modules a bare import or --version has no use for: each costs tens to hundreds
# of milliseconds.
UNNEEDED = (
    "pydantic",
    "yaml",
    "rich",
    "numpy",
    "polars",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "jinja2",
    "orjson",
)


def _imported(code: str) -> list[str]:
    """The modules ``python -X importtime -c code`` imports, in a fresh process."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    names = []
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.append(name)
    return names


@pytest.mark.parametrize(
    "code",
    ["import aow_rules", "import aow_rules.cli; aow_rules.cli.main(['--version'])"],
    ids=["import aow_rules", "aow-rules --version"],
)
def test_start_up_imports_nothing_heavy(code: str) -> None:
    names = _imported(code)
    assert "aow_rules" in names  # the measurement saw the package
    heavy = sorted({n for n in names if n.split(".")[0] in UNNEEDED})
    assert not heavy, f"imported at start-up: {heavy}"
    # Nor the stages: each public name brings its own when first used.
    stages = sorted(
        {n for n in names if n.startswith("aow_rules._") and n != "aow_rules.__about__"}
    )
    assert not stages, f"stages imported at start-up: {stages}"


def test_every_public_name_resolves() -> None:
    for name in aow_rules.__all__:
        assert getattr(aow_rules, name) is not None, name
    assert set(aow_rules.__all__) <= set(dir(aow_rules))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = aow_rules.nothing_here  # type: ignore[attr-defined]


def test_version_is_what_argparse_prints() -> None:
    # The parser (a private module) prints it too when --version comes with other arguments.
    out, parsed = io.StringIO(), io.StringIO()
    assert main(["--version"], stdout=out) == 0
    assert main(["--version", "evaluate"], stdout=parsed) == 0
    assert out.getvalue() == parsed.getvalue() == f"aow-rules {aow_rules.__version__}\n"
