"""The ``aow-rules`` command line: `main(argv)` runs it in-process, `run` is the console script.

A thin shell over the public API; see `aow_rules._cli` for the verbs.
"""

from ._cli._main import main, run

__all__ = ["main", "run"]
