"""Fixtures of the service tests: a store on SQLite and on a real PostgreSQL server, an app
over it with a token file of four users, and a real `aow-rules serve` process.

PostgreSQL comes from Debian's package (initdb and pg_ctl under /usr/lib/postgresql): the
server is made in a temporary folder, listens on a free loopback port and a socket folder of
its own, runs as the ``postgres`` user when the tests run as root, and is stopped at the end.
Without the binaries its tests are skipped, unless AOW_REQUIRE_POSTGRES=1 (as in CI), which
makes that a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed: pip install '.[serve]'")

# Starlette 1.x warns that its test client will move from httpx to httpx2; the client works.
warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

import aow_rules  # noqa: E402
from aow_rules._service import (  # noqa: E402
    ServeOptions,  # private: the app in-process, for Starlette's test client (serve listens)
    build_app,
    prepare,
)

from ..support import run_cli  # noqa: E402

CRITERIA = "iaow-2013-10"
TOKENS = {
    "insp-a": ("tok-inspector-a-0123456789", "A", "inspector"),
    "insp-b": ("tok-inspector-b-0123456789", "B", "inspector"),
    "lead": ("tok-qa-lead-L-0123456789ab", "L", "qa_lead"),
    "reader": ("tok-reader-R-0123456789abc", "R", "reader"),
}


def auth(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who][0]}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path | None:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def migrate(url: str) -> None:
    """Make the database's schema the newest, as an operator does: ``aow-rules db upgrade``."""
    code, out, err = run_cli("db", "upgrade", "--db", url)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{url}: schema none -> "), out


class Postgres:
    """A PostgreSQL server of the test run; each test gets a database copied from a migrated
    template (CREATE DATABASE ... TEMPLATE), which is quicker than migrating each one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.counter = itertools.count(1)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, statement: str) -> None:
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def fresh(self, migrated: bool = True) -> str:
        name = f"t{next(self.counter)}"
        self.sql(f"CREATE DATABASE {name}" + (" TEMPLATE tmpl" if migrated else ""))
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    binaries = _pg_bin()
    if binaries is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        if os.environ.get("AOW_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"AOW_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="aow-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--no-sync"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=on"
    subprocess.run(
        _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                      "-l", str(root / "log"), "start"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    server = Postgres(port)
    try:
        server.sql("CREATE DATABASE tmpl")
        migrate(server.url("tmpl"))
        yield server
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "aow.db"
    migrate(f"sqlite:///{path}")
    return path


# The PostgreSQL runs are the slow ones (a server for the session, a database per test); the
# fast run keeps SQLite.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        shutil.copy(sqlite_template, tmp_path / "aow.db")
        return f"sqlite:///{tmp_path / 'aow.db'}"
    server: Postgres = request.getfixturevalue("postgres")
    return server.fresh()


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    path = tmp_path / "tokens.csv"
    path.write_text("".join(f"{t},{n},{r}\n" for t, n, r in TOKENS.values()), encoding="utf-8")
    path.chmod(0o600)
    return path


def make_client(db: str, tokens: Path | None = None, **options: Any) -> TestClient:
    service, sock = prepare(
        ServeOptions(db=db, port=0, tokens=str(tokens) if tokens else None, **options)
    )
    sock.close()
    return TestClient(build_app(service, on_shutdown=service.store.close))


@pytest.fixture
def client(db_url: str, tokens_file: Path) -> Iterator[TestClient]:
    """The app over a fresh database of each kind, with tokens on."""
    with make_client(db_url, tokens_file) as c:
        yield c


@pytest.fixture(scope="session")
def cases() -> list[dict[str, Any]]:
    """SYNTHETIC cases for the served criteria, without assessors (the token names them)."""
    criteria = aow_rules.load_criteria(CRITERIA)
    out = []
    for made in aow_rules.synthesize(criteria, cases=12, seed=16):
        case = dict(made)
        case.pop("assessor", None)
        out.append(case)
    return out


def problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response's problem body, checked for its shape (RFC 9457 and our fields)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"type", "title", "status", "detail", "code", "problems"}
    assert body["status"] == status
    assert body["type"].startswith("urn:aow-rules:problem:")
    assert "Traceback" not in response.text
    for p in body["problems"]:
        assert {"code", "location", "message", "suggestion"} <= set(p)
    if code is not None:
        assert body["code"] == code, body
    return body
