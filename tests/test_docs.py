"""Every code block in README.md and docs/*.md runs, so the documentation cannot rot.

The rules, for writers, are in docs/development.md ("These pages"). In short: ``console`` blocks
run their ``$ aow-rules ...`` lines through `aow_rules.cli.main` and check the exit code
(``# exit N``) and the lines shown (``...`` elides); ``python`` blocks run with ``exec``, one
namespace per page; markers in HTML comments above a block say ``not run: REASON``, ``file:
NAME`` (write the block where the page's commands find it) or ``check: schema NAME``; any other
block fails.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import aow_rules
from aow_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\S*)\s*$")
MARKER = re.compile(r"^<!--\s*(not run|run by|file|check):\s*(.*?)\s*-->$")
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
WRITES = ("--html", "--out", "--csv-dir")


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    text: str
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{os.path.relpath(self.page, ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a page, each with the markers directly above it."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        markers: dict[str, str] = {}
        j = i - 1
        while j >= 0 and (m := MARKER.match(lines[j].strip())):
            markers[m[1]] = m[2]
            j -= 1
        end = next(k for k in range(i + 1, len(lines)) if lines[k].startswith("```"))
        found.append(Block(page, i + 1, opened[1], "\n".join(lines[i + 1 : end]) + "\n", markers))
        i = end + 1
    return found


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """(command line, the output lines shown under it) for each ``$`` line of a block."""
    out: list[tuple[str, list[str]]] = []
    lines = block.text.splitlines()
    i = 0
    while i < len(lines):
        assert lines[i].startswith("$ "), f"{block.where}: output before any command"
        cmd = lines[i][2:]
        while cmd.endswith("\\"):
            i += 1
            cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
        i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ "):
            shown.append(lines[i])
            i += 1
        out.append((cmd, shown))
    return out


def same(shown: str, actual: str) -> bool:
    """A shown line is the actual one, or ends in ``...`` and begins it."""
    return shown == actual or (shown.endswith("...") and actual.startswith(shown[:-3]))


def matches(shown: list[str], actual: list[str], i: int = 0, j: int = 0) -> bool:
    """Do shown[i:] match actual[j:], a line ``...`` standing for any run of lines?"""
    if i == len(shown):
        return j == len(actual)
    if shown[i] == "...":
        return any(matches(shown, actual, i + 1, k) for k in range(j, len(actual) + 1))
    return j < len(actual) and same(shown[i], actual[j]) and matches(shown, actual, i + 1, j + 1)


def run_console(block: Block, scratch: Path, written: set[str]) -> None:
    for cmd, shown in commands(block):
        expected = int(m[1]) if (m := EXIT.search(cmd)) else 0
        argv = shlex.split(cmd, comments=True)
        assert argv[0] == "aow-rules", f"{block.where}: not an aow-rules command: {cmd}"
        args = argv[1:]
        for k, arg in enumerate(args):
            if k and args[k - 1] in WRITES:
                written.add(arg)
            if arg in written:
                args[k] = str(scratch / arg)
        if args[:1] == ["demo"] and "--out" not in args:
            args += ["--out", str(scratch / "aow-demo")]
        out, err = io.StringIO(), io.StringIO()
        code = main(args, stdout=out, stderr=err, stdin=io.StringIO(""))
        text = (out.getvalue() + err.getvalue()).replace(f"{scratch}{os.sep}", "")
        actual = [line.rstrip() for line in text.splitlines()]
        assert code == expected, f"{block.where}: `{cmd}` exited {code}:\n{text[-2000:]}"
        want = [line.rstrip() for line in shown]
        unseen = [s for s in want if s != "..." and not any(same(s, a) for a in actual)]
        assert not want or matches(want, actual), (
            f"{block.where}: `{cmd}` printed other lines; not printed at all: {unseen}\n"
            + "\n".join(actual[:60])
        )


def check_schema(block: Block) -> None:
    name = block.markers["check"].removeprefix("schema ").strip()
    data: Any = json.loads(block.text) if block.lang == "json" else yaml.safe_load(block.text)
    jsonschema.validate(data, aow_rules.schema(name))


def run_page(page: Path, scratch: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    written: set[str] = set()
    for block in blocks(page):
        marks = block.markers
        if "not run" in marks:
            assert marks["not run"], f"{block.where}: say why the block is not run"
            continue
        if "run by" in marks:  # a test of its own runs it (a server, say): it must exist
            runner = ROOT / marks["run by"]
            assert runner.is_file(), f"{block.where}: no test {runner}"
            assert page.name in runner.read_text(encoding="utf-8"), f"{runner} reads no {page}"
            continue
        if marks.get("check") == "tour":
            continue
        if "file" in marks:
            (scratch / marks["file"]).write_text(block.text, encoding="utf-8")
            written.add(marks["file"])
        if marks.get("check", "").startswith("schema "):
            check_schema(block)
        elif block.lang == "console":
            run_console(block, scratch, written)
        elif block.lang == "python":
            exec(compile(block.text, block.where, "exec"), namespace)
        elif "file" not in marks:
            raise AssertionError(
                f"{block.where}: a ```{block.lang} block the runner cannot run: mark it "
                "<!-- not run: REASON -->, <!-- run by: TEST FILE -->, <!-- file: NAME --> or "
                "<!-- check: schema NAME -->"
            )


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_code_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run_page(page, tmp_path)


def test_readme_tour_adds_a_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tour step 3: the README's question, added to a copy of iaow-2013-10, checks; with two
    typos in it (typos.yaml), `check` gives the errors the README shows."""
    yml, checks = [b for b in blocks(ROOT / "README.md") if b.markers.get("check") == "tour"]
    base = (ROOT / "criteria" / "iaow-2013-10.yaml").read_text(encoding="utf-8")
    after = base.index("\n\n", base.index('- id: "4.1-10"')) + 2
    mine = re.sub(r"(?m)^id: .*$", "id: my-criteria", base[:after] + yml.text + base[after:])
    bad = yml.text.replace("case.mappa", "case.mapa").replace('"very_high"', '"very high"')
    (tmp_path / "my-criteria.yaml").write_text(mine, encoding="utf-8")
    (tmp_path / "typos.yaml").write_text(mine.replace(yml.text, bad), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    run_console(checks, tmp_path, {"my-criteria.yaml", "typos.yaml"})


def test_every_page_is_in_the_site_nav() -> None:
    def pages(nav: Any) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        items = nav.values() if isinstance(nav, dict) else nav
        return [page for item in items for page in pages(item)]

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    assert sorted(pages(config["nav"])) == sorted(p.name for p in PAGES[1:])
