"""A real `aow-rules serve` process on 127.0.0.1: durability when killed, a clean SIGTERM,
its JSON log lines, and two writers racing over real connections."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from aow_rules._store import (
    connect,
    upgrade,  # private: to migrate to an older revision, which no verb does
)

from .conftest import CRITERIA, TOKENS, auth

# Each test starts a real `aow-rules serve` process (and some a second one): 1-3 s each.
pytestmark = pytest.mark.slow


class Server:
    """``python -m aow_rules serve --port 0``; its port read from its "listening" line."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aow_rules", "serve", "--host", "127.0.0.1", "--port", "0",
             *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        ready = threading.Event()
        self.port = 0

        def read() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.lines.append(line)
                if '"event": "listening"' in line:
                    self.port = json.loads(line)["port"]
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(30) or not self.port:
            self.process.kill()
            raise AssertionError("the server did not start:\n" + "".join(self.lines))
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return self.process.wait(30)

    def log(self) -> list[dict[str, Any]]:
        time.sleep(0.2)
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def started(tmp_path: Path, tokens_file: Path) -> Iterator[tuple[Server, Path]]:
    db = tmp_path / "aow.db"
    server = Server("--db", f"sqlite:///{db}", "--tokens", str(tokens_file))
    yield server, db
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait(10)


def test_a_2xx_survives_sigkill(
    started: tuple[Server, Path], tokens_file: Path, cases: list[dict[str, Any]]
) -> None:
    server, db = started
    with httpx.Client(base_url=server.url, timeout=10) as http:
        made = {"id": "K1", "title": "kill", "criteria": CRITERIA}
        assert http.post("/v1/inspections", json=made, headers=auth("lead")).status_code == 201
        r = http.post("/v1/inspections/K1/assessments", json=cases[0], headers=auth("insp-a"))
        assert r.status_code == 201
        aid = r.json()["id"]
        changed = {**cases[0], "answers": {**cases[0]["answers"], "1.1-01": "no"}}
        r = http.put(
            f"/v1/assessments/{aid}", json=changed, headers={**auth("insp-a"), "If-Match": '"1"'}
        )
        assert r.status_code == 200
    # Killed at once after the answer: no shutdown, no checkpoint.
    server.process.kill()
    server.process.wait(10)
    again = Server("--db", f"sqlite:///{db}", "--tokens", str(tokens_file))
    try:
        with httpx.Client(base_url=again.url, timeout=10) as http:
            got = http.get(f"/v1/assessments/{aid}", headers=auth("insp-a"))
            assert got.headers["etag"] == '"2"'
            assert got.json()["case"]["answers"]["1.1-01"] == "no"
    finally:
        again.stop()


def test_sigterm_stops_cleanly_and_logs_no_secret(
    started: tuple[Server, Path], cases: list[dict[str, Any]]
) -> None:
    server, _ = started
    with httpx.Client(base_url=server.url, timeout=10) as http:
        http.post("/v1/inspections", json={"id": "T1", "title": "t", "criteria": CRITERIA},
                  headers=auth("lead"))  # fmt: skip
        marker = {**cases[0], "evidence": {"1.1-01": "CONTENT-MARKER-4711"}}
        r = http.post("/v1/inspections/T1/assessments", json=marker,
                      headers={**auth("insp-a"), "X-Request-ID": "req-42"})  # fmt: skip
        assert r.status_code == 201
        assert r.headers["x-request-id"] == "req-42"
        http.get("/v1/criteria", headers={"Authorization": "Bearer wrong-token-value-123"})
    assert server.stop(signal.SIGTERM) == 0
    log = server.log()
    text = "".join(server.lines)
    for token, _, _ in TOKENS.values():
        assert token not in text
    assert "wrong-token-value-123" not in text
    assert "CONTENT-MARKER-4711" not in text
    requests = [line for line in log if line.get("message") == "request"]
    assert {"method", "path", "status", "ms", "request_id"} <= set(requests[0])
    mine = next(line for line in requests if line["request_id"] == "req-42")
    assert (mine["method"], mine["path"], mine["status"]) == (
        "POST", "/v1/inspections/T1/assessments", 201
    )  # fmt: skip
    events = [line.get("event") for line in log]
    assert "closed" in events
    assert events[-1] == "stopped"


def test_two_writers_over_real_connections(
    started: tuple[Server, Path], cases: list[dict[str, Any]]
) -> None:
    server, _ = started
    with httpx.Client(base_url=server.url, timeout=10) as http:
        http.post("/v1/inspections", json={"id": "W", "title": "t", "criteria": CRITERIA},
                  headers=auth("lead"))  # fmt: skip
        aid = http.post("/v1/inspections/W/assessments", json=cases[0],
                        headers=auth("insp-a")).json()["id"]  # fmt: skip
    results: list[int] = []
    barrier = threading.Barrier(8)

    def write(i: int) -> None:
        body = {**cases[0], "note": f"writer {i}"}
        with httpx.Client(base_url=server.url, timeout=10) as own:
            barrier.wait()
            who = auth("insp-a" if i % 2 else "lead")
            r = own.put(f"/v1/assessments/{aid}", json=body, headers={**who, "If-Match": '"1"'})
            results.append(r.status_code)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] + [412] * 7


def test_refuses_an_older_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = connect(url)
    upgrade(db, "0001")
    db.close()
    done = subprocess.run(
        [sys.executable, "-m", "aow_rules", "serve", "--port", "0", "--db", url],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "aow-rules db upgrade" in done.stderr
