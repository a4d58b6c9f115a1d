"""The wheel carries the shipped criteria: build it, install it in a fresh venv, run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .support import EXAMPLES, ROOT


@pytest.mark.slow  # builds and installs a wheel in a new venv: about 40 s
def test_wheel_installs_and_evaluates_by_id(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        timeout=600,
    )
    wheel = next(wheels.glob("aow_rules-*.whl"))
    env_dir = tmp_path / "venv"
    # The fresh venv sees this environment's packages (pydantic, PyYAML) but not aow_rules
    # itself, so the test needs no network and still proves the wheel is complete.
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "_test_deps.pth").write_text("\n".join(deps) + "\n")
    # --ignore-installed: where the test environment holds a non-editable aow-rules, pip would
    # otherwise see it through the .pth file and install nothing.
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            "-q",
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
    script = env_dir / "bin" / "aow-rules"
    example = sorted(EXAMPLES.glob("*.json"))[0]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [str(script), "evaluate", str(example), "--criteria", "iaow-2013-10"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["criteria"]["id"] == "iaow-2013-10"
    where = subprocess.run(
        [str(python), "-c", "import aow_rules; print(aow_rules.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout
    assert str(env_dir) in where, "the test must run the installed wheel, not the source tree"
