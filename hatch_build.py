"""Build hook: compile the per-case loop of `evaluate` (src/aow_rules/_evaluate/_steps.py) to C with
mypyc when a wheel is built, through hatch-mypyc.

Two differences from using hatch-mypyc directly, both to keep a checkout honest:

* an editable install keeps the Python source: a compiled copy beside it would hide every
  later edit of the file (and mypyc, given no files, would type-check the whole tree);
* mypyc builds in place, so once the wheel holds the compiled files they are removed from the
  source tree, where they would otherwise shadow the source for an editable install.

``HATCH_BUILD_NO_HOOKS=true pip install .`` installs the pure-Python form (no C compiler
needed): the same results, slower.
"""

from __future__ import annotations

import glob
import os
from typing import Any

from hatch_mypyc.plugin import MypycBuildHook

# mypyc names the shared library of a one-module build after the module, beside it; hatch-mypyc
# looks for it at the top of the source folder only, and the module lives in _evaluate/.
_SHARED = "src/aow_rules/_evaluate/*__mypyc.*"


class CompileStepsHook(MypycBuildHook):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        super().initialize(version, build_data)
        build_data["artifacts"].append(f"/{_SHARED}{self.compiled_extension}")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if version == "editable":
            return
        self.clean([version])
        for path in glob.glob(os.path.join(self.root, _SHARED + self.compiled_extension)):
            os.remove(path)


def get_build_hook() -> type[CompileStepsHook]:
    """The hook hatchling loads from this file (it also sees hatch-mypyc's own class)."""
    return CompileStepsHook
