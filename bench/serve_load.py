"""Load on a real `aow-rules serve` over loopback: evaluate, save a revision, report.

Starts a server (SQLite in a temporary folder, no tokens: 127.0.0.1 only) on a free port,
drives it with concurrent clients (one keep-alive connection each, threads), bounded in
requests and seconds, and stops it. Prints requests/s, p50 and p99 beside the in-process
rate of the same work (parse, evaluate, render; plus the store's commit for a save; the
library's report for a report). Targets (docs/service.md): evaluate >= 1,000 requests/s at
8 clients with p99 < 50 ms; saving a revision >= 300/s on SQLite.

    python bench/serve_load.py [--clients 8] [--seconds 8] [--requests 20000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aow_rules
from aow_rules._store import Stamp, Store, connect, upgrade

CRITERIA = "iaow-2013-10"
STATUSES: dict[int, int] = {}
"""Every error status the clients got, and how often (printed under the table)."""


def start(db: Path) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "aow_rules", "serve", "--port", "0", "--db", f"sqlite:///{db}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    for line in process.stderr:
        if '"event": "listening"' in line:
            port = int(json.loads(line)["port"])
            # Keep reading the log so the server never blocks on a full pipe.
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()  # type: ignore[union-attr]
            return process, port
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit("the server did not start")


def call(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:  # fmt: skip
    conn.request(
        method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    r = conn.getresponse()
    data = r.read()
    return r.status, data, dict(r.getheaders())


def drive(
    port: int, clients: int, seconds: float, requests: int,
    make: Callable[[int], Callable[[http.client.HTTPConnection], int]],
) -> tuple[int, float, list[float], int]:  # fmt: skip
    """Run ``clients`` threads until ``requests`` in all or ``seconds``; each thread's work is
    ``make(i)``, returning the status. Returns (done, elapsed, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    budget = [requests]
    stop_at = time.monotonic() + seconds
    barrier = threading.Barrier(clients + 1)

    def worker(i: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        work = make(i)
        own: list[float] = []
        bad = 0
        barrier.wait()
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            t0 = time.perf_counter()
            status = work(conn)
            own.append(time.perf_counter() - t0)
            if status >= 400:
                bad += 1
                with lock:
                    STATUSES[status] = STATUSES.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(own)
            errors += bad

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return len(latencies), time.perf_counter() - t0, latencies, errors


def in_process(seconds: float, work: Callable[[], Any]) -> float:
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        work()
        done += 1
    return done / (time.perf_counter() - t0)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=8.0, help="at most, per workload")
    p.add_argument("--requests", type=int, default=20000, help="at most, per workload")
    args = p.parse_args()
    criteria = aow_rules.load_criteria(CRITERIA)
    cases = aow_rules.synthesize(criteria, cases=60, seed=2013)
    bodies = [json.dumps(c).encode() for c in cases]
    rows = []
    with tempfile.TemporaryDirectory(prefix="aow-load-") as folder:
        process, port = start(Path(folder) / "aow.db")
        try:
            setup = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            made = {"id": "LOAD", "title": "load (SYNTHETIC)", "criteria": CRITERIA}
            call(setup, "POST", "/v1/inspections", json.dumps(made).encode())
            lines = b"".join(b + b"\n" for b in bodies)
            call(setup, "POST", "/v1/inspections/LOAD/import?state=submitted", lines)
            own = []  # one draft assessment per client, revised over and over
            for i in range(args.clients):
                body = dict(cases[i])
                body["assessor"] = "local"
                body["case_id"] = f"LOAD-{i}"
                _, data, _ = call(
                    setup, "POST", "/v1/inspections/LOAD/assessments", json.dumps(body).encode()
                )
                own.append((json.loads(data)["id"], json.dumps(body).encode()))
            setup.close()

            def evaluate(i: int) -> Callable[[http.client.HTTPConnection], int]:
                k = [i]

                def go(conn: http.client.HTTPConnection) -> int:
                    k[0] = (k[0] + 1) % len(bodies)
                    return call(conn, "POST", f"/v1/evaluate?criteria={CRITERIA}", bodies[k[0]])[0]

                return go

            # Each client's current revision, kept across the warm-up and the measured run
            # (a client that forgot it would start stale and get a 412).
            revisions = [[1] for _ in own]

            def save(i: int) -> Callable[[http.client.HTTPConnection], int]:
                aid, body = own[i]
                revision = revisions[i]

                def go(conn: http.client.HTTPConnection) -> int:
                    status, _, headers = call(conn, "PUT", f"/v1/assessments/{aid}", body,
                                              {"If-Match": f'"{revision[0]}"'})  # fmt: skip
                    revision[0] = int(headers.get("etag", '"0"').strip('"'))
                    return status

                return go

            def report(i: int) -> Callable[[http.client.HTTPConnection], int]:
                return lambda conn: call(conn, "GET", "/v1/inspections/LOAD/report")[0]

            workloads = [("evaluate", evaluate, args.requests), ("save revision", save, args.requests // 4),  # noqa: E501
                         ("report (60 cases)", report, 400)]  # fmt: skip
            for name, make, limit in workloads:
                drive(port, args.clients, 1.0, 200, make)  # warm-up
                done, elapsed, lat, errors = drive(port, args.clients, args.seconds, limit, make)
                lat.sort()
                rows.append((name, done, done / elapsed, statistics.median(lat) * 1000,
                             lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, errors))  # fmt: skip  # noqa: E501
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)
        # The same work in this process, without HTTP.
        db = connect(f"sqlite:///{folder}/inproc.db")
        upgrade(db)
        store = Store(db)
        store.create_inspection("P", "p", CRITERIA, criteria.sha256, "bench")
        body = dict(cases[0])
        (aid,) = store.create_assessments(
            "P", [(body["case_id"], "x", "{}", "{}", _stamp(criteria))], "bench"
        )
        revision = [1]

        def one_eval() -> str:
            case = aow_rules.parse_case(json.loads(bodies[0]), criteria)
            return aow_rules.evaluate(criteria, case).to_json(indent=None)

        def one_save() -> None:
            text = one_eval()
            store.save_revision(aid=aid, expected=revision[0], actor="bench", case_json=bodies[0].decode(),  # noqa: E501
                                judgement_json=text, stamp=_stamp(criteria))  # fmt: skip
            revision[0] += 1

        parsed = [aow_rules.parse_case(c, criteria) for c in cases]
        rates = {
            "evaluate": in_process(2, one_eval),
            "save revision": in_process(2, one_save),
            "report (60 cases)": in_process(
                2, lambda: aow_rules.report(criteria, parsed).to_dict()
            ),
        }
        store.close()
    print(f"aow-rules {aow_rules.__version__} serve, SQLite (WAL, synchronous=FULL), "
          f"{args.clients} clients over 127.0.0.1, at most {args.seconds:g} s a workload")  # fmt: skip  # noqa: E501
    print("| workload | requests | requests/s | p50 ms | p99 ms | errors | in-process /s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, done, rate, p50, p99, errors in rows:
        print(
            f"| {name} | {done:,} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {rates[name]:,.0f} |"  # noqa: E501
        )
    if STATUSES:
        print("\nerror statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(STATUSES.items())))


def _stamp(criteria: aow_rules.Criteria) -> Any:
    return Stamp(criteria.id, criteria.version, criteria.sha256, aow_rules.__version__)


if __name__ == "__main__":
    main()
