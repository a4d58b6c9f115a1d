"""What a server checks before it listens, the schema's migrations, the token file, the
criteria it serves, the OpenAPI document, and the extra staying optional."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from sqlalchemy import inspect
from starlette.testclient import TestClient

import aow_rules
from aow_rules._service import (  # private: what serve checks before it listens, run alone
    ServeOptions,
    StartError,
    prepare,
    read_tokens,
)
from aow_rules._store import (  # private: the store's schema, its revisions and its tables
    HEAD,
    connect,
    schema_state,
    upgrade,
)
from aow_rules._store._tables import METADATA  # private: the tables the code uses
from aow_rules.cli import main

from .conftest import CRITERIA, auth, make_client, problem


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_migrations_make_the_tables_the_code_uses(db_url: str) -> None:
    db = connect(db_url)
    try:
        with db.reader.connect() as conn:
            found = inspect(conn)
            for table in METADATA.sorted_tables:
                columns = {c["name"] for c in found.get_columns(table.name)}
                assert columns == {c.name for c in table.columns}, table.name
        assert schema_state(db).kind == "current"
    finally:
        db.close()


def test_an_older_schema_is_upgraded_only_by_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = connect(url)
    upgrade(db, "0001")
    db.close()
    with pytest.raises(StartError, match="aow-rules db upgrade"):
        prepare(ServeOptions(db=url, port=0))
    assert _cli("db", "status", "--db", url)[1].startswith(f"{url}: schema 0001 (older)")
    code, out, _ = _cli("db", "upgrade", "--db", url)
    assert (code, out) == (0, f"{url}: schema 0001 -> {HEAD}\n")
    assert _cli("db", "upgrade", "--db", url)[1] == f"{url}: schema {HEAD}, already the newest\n"
    service, sock = prepare(ServeOptions(db=url, port=0))
    sock.close()
    service.store.close()
    code, _, err = _cli("db", "upgrade", "--db", "mysql://x/y")
    assert code == 2
    assert "unsupported database URL" in err


def test_a_new_database_is_made_on_first_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    service, sock = prepare(ServeOptions(db=url, port=0))
    sock.close()
    assert schema_state(service.store.db).kind == "current"
    with service.store.db.reader.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    service.store.close()


def test_without_tokens_only_loopback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with pytest.raises(StartError, match="not a loopback address"):
        prepare(ServeOptions(db=url, host="0.0.0.0", port=0))
    with make_client(url) as client:
        assert client.get("/v1/me").json() == {"name": "local", "role": "qa_lead"}


def test_token_file(tmp_path: Path, tokens_file: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("sEcReT,A,inspector\ntok-0123456789abcdef,B,qa-lead\n\nx\n", encoding="utf-8")
    with pytest.raises(aow_rules.CaseError) as caught:
        read_tokens(bad)
    found = [(p.location, p.message.split(";")[0]) for p in caught.value.problems]
    assert found == [
        ("1:1", "the token is shorter than 16 characters"),
        ("2:1", "unknown role 'qa-lead'"),
        ("4:1", "expected token,name,role"),
    ]
    assert "sEcReT" not in str(caught.value)  # a token is never repeated back
    assert caught.value.problems[1].suggestion == "did you mean 'qa_lead'?"
    assert read_tokens(tokens_file).warnings == ()
    tokens_file.chmod(0o644)
    (warning,) = read_tokens(tokens_file).warnings
    assert "chmod 600" in warning
    code, _, err = _cli("serve", "--tokens", str(bad), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert code == 3
    assert "unknown role" in err


def test_unauthenticated_and_unknown_tokens(client: TestClient) -> None:
    assert client.get("/v1/health").json()["status"] == "ok"
    body = problem(client.get("/v1/criteria"), 401, "unauthorized")
    assert "Bearer" in body["detail"]
    r = client.get("/v1/criteria", headers={"Authorization": "Bearer nope-nope-nope-nope"})
    problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")
    problem(client.get("/v1/criteria", headers={"Authorization": "Basic abc"}), 401)
    for who, role in (("insp-a", "inspector"), ("lead", "qa_lead"), ("reader", "reader")):
        assert client.get("/v1/me", headers=auth(who)).json()["role"] == role


def test_criteria_dir(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    folder = tmp_path / "criteria"
    folder.mkdir()
    source = Path(aow_rules.shipped_criteria()[CRITERIA]).read_text(encoding="utf-8")
    candidate = source.replace("id: iaow-2013-10", "id: iaow-2013-10-candidate", 1)
    (folder / "candidate.yaml").write_text(candidate, encoding="utf-8")
    with make_client(url, criteria_dir=str(folder)) as client:
        ids = [c["id"] for c in client.get("/v1/criteria").json()]
        assert "iaow-2013-10-candidate" in ids
        assert set(aow_rules.shipped_criteria()) <= set(ids)
        got = client.get("/v1/criteria/iaow-2013-10-candidate")
        assert got.json()["id"] == "iaow-2013-10-candidate"
        problem(client.get("/v1/criteria/nope"), 404)
    (folder / "broken.yaml").write_text(candidate.replace("outcome:", "outcme:", 1))
    code, _, err = _cli("serve", "--db", url, "--port", "0", "--criteria-dir", str(folder))
    assert code == 3
    assert "broken.yaml" in err
    assert "did you mean 'outcome'" in err
    (folder / "broken.yaml").unlink()
    (folder / "changed.yaml").write_text(source.replace('title: "', 'title: "Changed ', 1))
    with pytest.raises(aow_rules.CriteriaError, match="different content"):
        prepare(ServeOptions(db=url, port=0, criteria_dir=str(folder)))


def test_evaluate(tmp_path: Path) -> None:
    criteria = aow_rules.load_criteria(CRITERIA)
    case = aow_rules.synthesize(criteria, cases=1, seed=3)[0]
    with make_client(f"sqlite:///{tmp_path / 'a.db'}") as client:
        r = client.post(f"/v1/evaluate?criteria={CRITERIA}", json=case)
        expected = aow_rules.evaluate(criteria, aow_rules.parse_case(case, criteria))
        assert r.text == expected.to_json(indent=None)
        assert client.post("/v1/evaluate", json=case).json() == r.json()  # the case's own
        wrong = client.post("/v1/evaluate?criteria=iaow-2014-08", json=case)
        codes = {p["code"] for p in problem(wrong, 422)["problems"]}
        assert "case_wrong_criteria" in codes
        unknown = problem(client.post("/v1/evaluate?criteria=iaow-2013-1", json=case), 422)
        assert unknown["problems"][0]["suggestion"] == "did you mean 'iaow-2013-10'?"
        bad = {**case, "answers": {"1.1-01": "Yes", "zz": "yes"}, "facts": {"provider": 3}}
        many = problem(client.post("/v1/evaluate", json=bad), 422)["problems"]
        assert len(many) >= 4
        assert {"$.answers.zz", '$.answers["1.1-01"]'} & {p["location"] for p in many}
        problem(client.post("/v1/evaluate", content=b"{"), 422, "case_json_syntax")
        problem(client.post("/v1/evaluate", content=b'{"a":NaN}'), 422, "case_non_finite")
        # The library's code for bytes that are not UTF-8, as for a file (issue 13).
        problem(client.post("/v1/evaluate", content=b"\xff"), 422, "invalid_utf8")
        big = b'{"x": "' + b"a" * (1 << 20) + b'"}'
        problem(client.post("/v1/evaluate", content=big), 413, "body_too_large")
        problem(client.get("/v1/evaluate"), 405, "method_not_allowed")


def test_openapi_and_docs(tmp_path: Path) -> None:
    with make_client(f"sqlite:///{tmp_path / 'a.db'}") as client:
        document = client.get("/openapi.json").json()
        validate(document)
        paths = document["paths"]
        for path, method in [
            ("/v1/health", "get"), ("/v1/criteria", "get"), ("/v1/criteria/{criteria_id}", "get"),
            ("/v1/evaluate", "post"), ("/v1/inspections", "post"), ("/v1/inspections", "get"),
            ("/v1/inspections/{inspection}", "get"),
            ("/v1/inspections/{inspection}/assessments", "post"),
            ("/v1/assessments/{aid}", "get"), ("/v1/assessments/{aid}", "put"),
            ("/v1/assessments/{aid}/revisions", "get"),
            ("/v1/assessments/{aid}/transitions", "post"),
            ("/v1/inspections/{inspection}/cases/{case_id}/agreed", "put"),
            ("/v1/inspections/{inspection}/report", "get"),
            ("/v1/inspections/{inspection}/qa", "get"), ("/v1/impact", "get"),
            ("/v1/audit", "get"),
        ]:  # fmt: skip
            assert method in paths[path], (method, path)
        schemas = document["components"]["schemas"]
        assert schemas["aow.case"]["title"] == aow_rules.schema("case")["title"]
        assert "aow.judgement" in schemas
        assert "ProblemOut" in schemas
        assert "Roles: qa_lead." in paths["/v1/audit"]["get"]["description"]
        page = client.get("/docs")
        assert "/v1/assessments/{aid}/transitions" in page.text
        assert "<script" not in page.text


def test_the_extra_stays_optional() -> None:
    heavy = ("starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "httpx")
    code = (
        "import sys, aow_rules, aow_rules.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code.replace("print(", "print(__import__('json').dumps(")+")"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    )  # fmt: skip
    assert not set(heavy) & set(loaded)
    blocked = (
        "import sys\nfor m in ('starlette', 'uvicorn', 'sqlalchemy'): sys.modules[m] = None\n"
        "from aow_rules.cli import main\nsys.exit(main(['serve']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "pip install 'aow-rules[serve]'" in done.stderr
    assert "Traceback" not in done.stderr
