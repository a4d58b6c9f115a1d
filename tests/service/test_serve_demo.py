"""``aow-rules serve --demo``: a real server process that puts the SYNTHETIC sample of
``aow-rules demo`` in its store as the inspection ``demo`` (some cases double-marked, a few
drafts), says the data is synthetic, keeps it as it is when started again, and refuses a
store whose ``demo`` inspection someone else made."""

from __future__ import annotations

import collections
import json
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..support import run_cli

# Each test starts real `aow-rules serve` processes: a few seconds each.
pytestmark = pytest.mark.slow


class Demo:
    """``python -m aow_rules serve --demo --port 0`` on a store; its stdout and log lines."""

    def __init__(self, db: Path, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aow_rules", "serve", "--port", "0",
             "--db", f"sqlite:///{db}", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.log: list[dict[str, Any]] = []
        self.lines: list[str] = []
        self.port = 0
        ready = threading.Event()

        def read() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.lines.append(line)
                if not line.startswith("{"):  # a refusal to start is a plain line
                    continue
                self.log.append(json.loads(line))
                if self.log[-1].get("event") == "listening":
                    self.port = self.log[-1]["port"]
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        ready.wait(60)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(30)
        self.reader.join(10)  # every line of stderr read
        assert self.process.stdout is not None
        return code, self.process.stdout.read()


def _states(url: str) -> tuple[dict[str, Any], collections.Counter[str], dict[str, int]]:
    with httpx.Client(base_url=url, timeout=30) as api:
        detail = api.get("/v1/inspections/demo").json()
    states = collections.Counter(a["state"] for a in detail["assessments"])
    per_case = collections.Counter(a["case_id"] for a in detail["assessments"])
    return detail, states, dict(per_case)


def test_serve_demo_holds_the_demo_sample_and_says_it_is_synthetic(tmp_path: Path) -> None:
    db = tmp_path / "aow.db"
    server = Demo(db, "--demo")
    try:
        assert server.port, server.log
        made = [line for line in server.log if line.get("event") == "demo"]
        assert made[0]["synthetic"] is True
        assert made[0]["made"] is True
        assert "SYNTHETIC" in made[0]["message"]
        detail, states, per_case = _states(server.url)
        assert "SYNTHETIC" in detail["title"]
        # The sample of `aow-rules demo` (drawn as `aow-rules synth` draws it by default).
        code, sample, _ = run_cli("synth")
        assert code == 0
        drawn = [json.loads(line) for line in sample.splitlines()]
        assert sorted(per_case) == sorted(c["case_id"] for c in drawn)
        twice = [case for case, n in per_case.items() if n == 2]
        assert len(twice) == 6  # double-marked: something to moderate
        assert states == {"submitted": len(drawn) - 3 + 6, "draft": 3}
        with httpx.Client(base_url=server.url, timeout=30) as api:
            first = next(a for a in detail["assessments"] if a["case_id"] == drawn[0]["case_id"])
            stored = api.get(f"/v1/assessments/{first['id']}").json()["case"]
            assert stored == drawn[0]  # as drawn, its note saying it is synthetic
            assert "SYNTHETIC" in stored["note"]
            pair = [a for a in detail["assessments"] if a["case_id"] == twice[0]]
            cases = [api.get(f"/v1/assessments/{a['id']}").json()["case"] for a in pair]
            assert cases[0]["assessor"] != cases[1]["assessor"]
            assert cases[0]["facts"] == cases[1]["facts"]
            assert cases[0]["answers"] != cases[1]["answers"]
            report = api.get("/v1/inspections/demo/report").json()
            assert report["awaiting_moderation"] == sorted(twice)
            page = api.get("/inspections/demo")
            assert page.status_code == 200
            assert "SYNTHETIC" in page.text
    finally:
        code, out = server.stop()
    assert code == 0
    assert "SYNTHETIC data" in out
    assert f"{server.url}/inspections/demo" in out
    # Started again on the same store: kept as it is, nothing drawn twice.
    again = Demo(db, "--demo")
    try:
        made = [line for line in again.log if line.get("event") == "demo"]
        assert made[0]["made"] is False
        assert "SYNTHETIC" in made[0]["message"]
        assert _states(again.url)[1] == states
    finally:
        assert again.stop()[0] == 0


def test_serve_demo_refuses_a_demo_inspection_made_by_someone_else(tmp_path: Path) -> None:
    db = tmp_path / "aow.db"
    plain = Demo(db)
    try:
        with httpx.Client(base_url=plain.url, timeout=30) as api:
            made = api.post(
                "/v1/inspections",
                json={"id": "demo", "title": "A real one", "criteria": "iaow-2013-10"},
            )
            assert made.status_code == 201, made.text
    finally:
        assert plain.stop()[0] == 0
    refused = Demo(db, "--demo")
    assert refused.stop()[0] == 2
    assert refused.port == 0
    message = "".join(refused.lines)
    assert "made by local, not by serve --demo" in message
    assert "--db" in message
