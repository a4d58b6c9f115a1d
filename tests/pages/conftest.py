"""Fixtures of the browser tests of the service's pages: one real ``aow-rules serve`` process
on 127.0.0.1 (SQLite in a temporary folder, a token file of four users) for these tests,
Debian's Chromium driven by Playwright for Python, and axe-core from the npm registry
(``npm ci`` in this folder, as .ci/run does: test-only, never shipped).

Without Chromium, Playwright or axe-core the tests are skipped, unless AOW_REQUIRE_BROWSER=1
(as in CI), which makes that a failure. Each test makes inspections of its own, so the tests
share the server and stay independent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest

from ..support import ROOT

pytest.importorskip("starlette", reason="the serve extra is not installed: pip install '.[serve]'")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CRITERIA = "iaow-2013-10"
TOKENS = {
    "insp-a": ("tok-page-inspector-a-0123456789", "A", "inspector"),
    "insp-b": ("tok-page-inspector-b-0123456789", "B", "inspector"),
    "lead": ("tok-page-qa-lead-L-0123456789ab", "L", "qa_lead"),
    "reader": ("tok-page-reader-R-0123456789abc", "R", "reader"),
}
CASE: dict[str, Any] = json.loads(
    (ROOT / "examples" / "service" / "assessment.json").read_text("utf-8")
)
"""A SYNTHETIC case (its note says so): the example of docs/service.md."""
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing(reason: str) -> NoReturn:
    # CI sets AOW_REQUIRE_BROWSER=1 so that a missing browser fails instead of hiding.
    if os.environ.get("AOW_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class Served:
    """A running ``aow-rules serve``; ``api(who)`` is an HTTP client with that user's token."""

    url: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def api(self, who: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {TOKENS[who][0]}"},
            timeout=30,
        )


def start_serve(*args: str, wait_s: float = 30) -> Served:
    """``aow-rules serve ARGS --port 0`` started, once its log says where it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "aow_rules", "serve", *args, "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    ready = threading.Event()
    port: list[int] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if '"event": "listening"' in line:
                port.append(json.loads(line)["port"])
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(wait_s) or not port:
        process.kill()
        raise AssertionError("the server did not start:\n" + "".join(lines))
    return Served(f"http://127.0.0.1:{port[0]}", process, lines)


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("pages")
    tokens = folder / "tokens.csv"
    tokens.write_text("".join(f"{t},{n},{r}\n" for t, n, r in TOKENS.values()), "utf-8")
    tokens.chmod(0o600)
    served = start_serve(
        "--host", "127.0.0.1", "--db", f"sqlite:///{folder / 'aow.db'}", "--tokens", str(tokens)
    )
    yield served
    served.process.terminate()
    served.process.wait(30)


# One Playwright for the package, stopped after its last test: a second sync Playwright
# cannot start while one runs (tests/test_report_html.py starts its own).
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing("Chromium not found at /usr/bin/chromium: install Debian's chromium package")
    try:
        from playwright import sync_api  # noqa: PLC0415 (optional test dependency)
    except ImportError:
        missing("Playwright for Python is not installed: pip install 'playwright>=1.40,<2'")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(
            f"axe-core is not installed: npm ci --prefix {AXE.parents[2]} (from the npm registry)"
        )
    return AXE.read_text("utf-8")


class Tab:
    """A browser page signed in as one user, collecting console errors and page errors."""

    def __init__(self, browser: Any, server: Served, who: str | None, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.server = server
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning", "assert")
                else None
            ),
        )
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(server.url)
                else self.problems.append(f"request elsewhere: {r.url}")
            ),
        )
        if who is not None:
            self.sign_in(who)

    def sign_in(self, who: str) -> None:
        """Through the sign-in page, as a person does."""
        self.page.goto(self.server.url + "/sign-in")
        self.page.get_by_label("Token").fill(TOKENS[who][0])
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(self.server.url + "/")

    def open(self, path: str) -> Any:
        response = self.page.goto(self.server.url + path)
        self.page.wait_for_load_state("load")
        return response

    def close(self) -> None:
        self.context.close()


def expect(target: Any) -> Any:
    """Playwright's assertions that wait (imported here: Playwright is optional until the
    ``browser`` fixture, which skips or fails without it, has run)."""
    from playwright.sync_api import expect as wait_for  # noqa: PLC0415

    return wait_for(target)


def make_inspection(server: Served, iid: str) -> None:
    with server.api("lead") as api:
        made = api.post(
            "/v1/inspections", json={"id": iid, "title": f"{iid} (synthetic)", "criteria": CRITERIA}
        )
        assert made.status_code == 201, made.text


def make_assessment(
    server: Served, who: str, iid: str, case: dict[str, Any], submit: bool = False
) -> int:
    with server.api(who) as api:
        body = {k: v for k, v in case.items() if k != "assessor"}
        r = api.post(f"/v1/inspections/{iid}/assessments", json=body)
        assert r.status_code == 201, r.text
        aid = int(r.json()["id"])
        if submit:
            moved = api.post(f"/v1/assessments/{aid}/transitions", json={"to": "submitted"})
            assert moved.status_code == 200, moved.text
    return aid
