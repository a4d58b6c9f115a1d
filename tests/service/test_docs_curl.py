"""The curl examples of docs/service.md, run in order against a real `aow-rules serve` on
127.0.0.1, so the page cannot drift from the service. curl itself is not needed: each command
line is read as curl reads it (the options the page uses) and sent with httpx."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from .test_server import Server

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "service.md"
MARK = "<!-- run by: tests/service/test_docs_curl.py -->"
# A real `aow-rules serve` process, as in test_server.py: slow like the tests there.
pytestmark = pytest.mark.slow


@dataclass
class Curl:
    """One curl command line: what it sends, and where its output goes."""

    method: str = "GET"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    out: str | None = None


def _parse(line: str) -> Curl:
    words = shlex.split(line)
    assert words[0] == "curl", line
    cmd = Curl()
    if ">" in words:  # the shell's redirect of the output
        at = words.index(">")
        cmd.out, words = words[at + 1], words[:at]
    it = iter(words[1:])
    for word in it:
        if word == "-s":
            continue
        if word == "-X":
            cmd.method = next(it)
        elif word == "-H":
            name, value = next(it).split(":", 1)
            cmd.headers[name.strip()] = value.strip()
        elif word in ("-d", "--data", "--data-binary"):
            data = next(it)
            raw = (ROOT / data[1:]).read_bytes() if data.startswith("@") else data.encode()
            if word != "--data-binary" and data.startswith("@"):
                raw = raw.replace(b"\r", b"").replace(b"\n", b"")  # as curl -d does with a file
            cmd.body = raw
            if cmd.method == "GET":
                cmd.method = "POST"  # curl posts when given data
            # curl's default type for -d and --data-binary, unless a -H says otherwise
            cmd.headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        else:
            assert not word.startswith("-"), f"an option the runner does not read: {word}"
            cmd.url = word if "://" in word else f"http://{word}"
    return cmd


def _commands() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(re.escape(MARK) + r"\n```sh\n(.*?)```", text, re.S)
    assert blocks, f"no block of {PAGE} is marked {MARK}"
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip()]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    started = Server("--db", f"sqlite:///{tmp_path / 'aow.db'}")
    yield started
    if started.process.poll() is None:
        started.stop()


def test_the_curl_examples_work_in_order(server: Server, tmp_path: Path) -> None:
    with httpx.Client(timeout=30) as http:
        for line in _commands():
            cmd = _parse(line)
            # The page calls the default address; the test's server has a port of its own.
            url = re.sub(r"^http://localhost:8000", server.url, cmd.url)
            r = http.request(cmd.method, url, headers=cmd.headers, content=cmd.body)
            assert r.is_success, f"{line}\n-> {r.status_code} {r.text[:500]}"
            if cmd.out is not None:
                (tmp_path / cmd.out).write_bytes(r.content)
    exported = tmp_path / "counted.jsonl"
    assert exported.stat().st_size > 0
