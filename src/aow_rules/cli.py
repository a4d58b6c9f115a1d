"""The ``aow-rules`` command line: `main(argv)` runs it in-process, `run` is the console script.

A thin shell over the public API; see `aow_rules._cli` for the verbs.
"""

from __future__ import annotations

import sys

from .__about__ import __version__

TYPE_CHECKING = False  # not typing's: see aow_rules/__init__.py
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import IO

__all__ = ["main", "run"]


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
) -> int:
    """Run the command line with ``argv``; returns the exit code. Testable without a process."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        # What argparse prints for it, without importing every verb to build the parser.
        (stdout or sys.stdout).write(f"aow-rules {__version__}\n")
        return 0
    from ._cli._main import main as run_verb  # noqa: PLC0415 - the verbs, when one runs

    return run_verb(args, stdout, stderr, stdin)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
