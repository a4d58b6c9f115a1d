"""Moderation, reports, QA, impact, import and export over the store, on SQLite and on
PostgreSQL; each compared with what the command line gives for the same cases."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

import aow_rules
from aow_rules.cli import main

from .conftest import CRITERIA, auth, problem
from .test_workflow import _assess, _inspection, _move


def _cli(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(list(argv), out, err) == 0, err.getvalue()
    return out.getvalue()


def _submit(client: TestClient, who: str, case: dict[str, Any]) -> int:
    aid = _assess(client, who, case)
    assert _move(client, who, aid, "submitted").status_code == 200
    return aid


def test_moderation_and_the_report(
    client: TestClient, cases: list[dict[str, Any]], tmp_path: Path
) -> None:
    _inspection(client)
    single = _submit(client, "insp-a", cases[0])
    a, b = _submit(client, "insp-a", cases[1]), _submit(client, "insp-b", cases[1])
    _assess(client, "insp-b", cases[2])  # a draft: not counted yet
    agreed_url = f"/v1/inspections/I1/cases/{cases[1]['case_id']}/agreed"
    report = client.get("/v1/inspections/I1/report", headers=auth("reader")).json()
    assert report["awaiting_moderation"] == [cases[1]["case_id"]]
    status = {c["case_id"]: (c["status"], c["counted"]) for c in report["cases"]}
    assert status == {
        cases[0]["case_id"]: ("counted", "assessment"),
        cases[1]["case_id"]: ("awaiting_moderation", None),
        cases[2]["case_id"]: ("not_submitted", None),
    }
    assert report["report"]["sample"]["cases"] == 1
    # Agreed answers: a qa_lead's, for a case two assessors submitted, with a note.
    agreed_case = {**cases[1], "answers": {**cases[1]["answers"], "1.1-01": "no"}}
    body = {"note": "agreed at moderation, 3 March", "case": agreed_case}
    problem(client.put(agreed_url, json=body, headers=auth("insp-a")), 403)
    one = f"/v1/inspections/I1/cases/{cases[0]['case_id']}/agreed"
    problem(client.put(one, json={"note": "n", "case": cases[0]}, headers=auth("lead")), 409)
    problem(client.put(agreed_url, json={"case": agreed_case}, headers=auth("lead")), 422)
    r = client.put(agreed_url, json=body, headers=auth("lead"))
    assert r.status_code == 201, r.text
    assert r.headers["etag"] == '"1"'
    assert r.json()["assessments"] == [a, b]
    assert r.json()["by"] == "L"
    stale = client.put(agreed_url, json=body, headers={**auth("lead"), "If-Match": '"0"'})
    problem(stale, 412)
    r = client.put(agreed_url, json=body, headers={**auth("lead"), "If-Match": '"1"'})
    assert r.status_code == 200
    assert r.json()["version"] == 2
    versions = client.get(agreed_url, headers=auth("reader")).json()
    assert [v["version"] for v in versions] == [1, 2]
    # Every original is kept as it was.
    for aid, who in ((a, "insp-a"), (b, "insp-b")):
        kept = client.get(f"/v1/assessments/{aid}", headers=auth(who)).json()
        assert kept["case"]["answers"] == cases[1]["answers"]
        assert kept["revision"] == 1
    report = client.get("/v1/inspections/I1/report", headers=auth("lead")).json()
    assert report["awaiting_moderation"] == []
    assert report["report"]["sample"]["cases"] == 2
    # The counted export reads back, through the command line, to the same report.
    export = client.get("/v1/inspections/I1/export", headers=auth("reader"))
    assert export.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(x) for x in export.text.splitlines()]
    assert [x["case_id"] for x in lines] == [cases[0]["case_id"], cases[1]["case_id"]]
    assert lines[1]["answers"]["1.1-01"] == "no"
    (tmp_path / "export.jsonl").write_text(export.text, encoding="utf-8")
    printed = _cli("report", str(tmp_path / "export.jsonl"), "--criteria", CRITERIA,
                   "--label", "Title I1", "--format", "json")  # fmt: skip
    assert json.loads(printed) == report["report"]
    # An inspector sees the scores, not the list of cases.
    seen = client.get("/v1/inspections/I1/report", headers=auth("insp-a")).json()
    assert seen["cases"] == []
    assert seen["report"]["cases"] == []
    page = client.get("/v1/inspections/I1/report?format=html", headers=auth("reader"))
    assert page.headers["content-type"].startswith("text/html")
    assert "Title I1" in page.text
    problem(client.get("/v1/inspections/I1/report?format=pdf", headers=auth("reader")), 422)
    problem(client.get("/v1/inspections/I1/export", headers=auth("insp-a")), 403)
    everything = client.get("/v1/inspections/I1/export?cases=all", headers=auth("lead")).text
    assert len(everything.splitlines()) == 4
    # Once every assessment of the case is locked, its agreed answers are final too.
    for aid in (a, b):
        for to in ("moderated", "locked"):
            assert _move(client, "lead", aid, to).status_code == 200
    problem(client.put(agreed_url, json=body, headers=auth("lead")), 409)
    assert single


def test_qa_over_submitted_assessments(client: TestClient, cases: list[dict[str, Any]]) -> None:
    _inspection(client)
    for case in cases[:3]:
        _submit(client, "insp-a", case)
        _submit(client, "insp-b", case)
    _assess(client, "insp-a", cases[3])
    problem(client.get("/v1/inspections/I1/qa", headers=auth("insp-a")), 403)
    result = client.get("/v1/inspections/I1/qa", headers=auth("reader")).json()
    assert result["format"] == "aow-qa/1"
    assert result["sample"]["assessments"] == 6
    assert result["sample"]["double_marked_cases"] == 3
    submitted = client.get("/v1/inspections/I1/export?cases=submitted", headers=auth("lead")).text
    criteria = aow_rules.load_criteria(CRITERIA)
    parsed = [aow_rules.parse_case(json.loads(x), criteria) for x in submitted.splitlines()]
    direct = aow_rules.qa(criteria, parsed).to_dict()
    assert result["agreement"] == direct["agreement"]
    assert result["findings"]["by_code"] == direct["findings"]["by_code"]


def test_import_reports_rejected_lines_as_the_cli_does(
    client: TestClient, cases: list[dict[str, Any]], tmp_path: Path
) -> None:
    _inspection(client)
    _assess(client, "insp-a", cases[0])
    bad = {**cases[2], "answers": {"1.1-01": "Yes"}}
    lines = [
        json.dumps({**cases[0], "assessor": "A"}),  # A has marked this case already
        json.dumps({**cases[1], "assessor": "X"}),
        "{not json",
        json.dumps(bad),
        json.dumps(cases[3]),  # no assessor: the caller's name
    ]
    text = "\n".join(lines) + "\n"
    url = "/v1/inspections/I1/import?state=locked&name=march.jsonl"
    problem(client.post(url, content=text, headers=auth("insp-a")), 403)
    r = client.post(url, content=text, headers=auth("lead"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(x["line"], x["assessor"]) for x in body["accepted"]] == [(2, "X"), (5, "L")]
    assert [x["source"] for x in body["rejected"]] == [
        "march.jsonl:1",
        "march.jsonl:3",
        "march.jsonl:4",
    ]
    # Lines 3 and 4 are rejected with exactly the problems `aow-rules report` lists.
    (tmp_path / "march.jsonl").write_text(text, encoding="utf-8")
    criteria = aow_rules.load_criteria(CRITERIA)
    sample = aow_rules.read_sample(tmp_path / "march.jsonl", criteria)
    cli_rejected = [r.to_dict() for r in sample.rejected]
    for entry in cli_rejected:
        entry["source"] = entry["source"].replace(str(tmp_path) + "/", "")
        for p in entry["problems"]:  # type: ignore[attr-defined]
            p["source"] = p["source"].replace(str(tmp_path) + "/", "")
    assert body["rejected"][1:] == cli_rejected
    assert body["rejected"][0]["problems"][0]["code"] == "duplicate_id"
    listed = client.get("/v1/inspections/I1", headers=auth("lead")).json()["assessments"]
    states = {a["id"]: a["state"] for a in listed}
    assert [states[x["id"]] for x in body["accepted"]] == ["locked", "locked"]
    problem(client.post(url, content="{nope\n", headers=auth("lead")), 422, "case_json_syntax")
    problem(
        client.post("/v1/inspections/I1/import?state=done", content=text, headers=auth("lead")), 422
    )


def test_impact_over_locked_assessments(
    client: TestClient, cases: list[dict[str, Any]], tmp_path: Path
) -> None:
    old = aow_rules.load_criteria("iaow-2013-04")
    sample = [
        json.loads(x)
        for x in Path("examples/sample-iaow-2013-04.jsonl").read_text().splitlines()[:12]
    ]
    made = {"id": "OLD", "title": "t", "criteria": old.id}
    assert client.post("/v1/inspections", json=made, headers=auth("lead")).status_code == 201
    text = "".join(json.dumps(c) + "\n" for c in sample)
    loaded = client.post(
        "/v1/inspections/OLD/import?state=locked", content=text, headers=auth("lead")
    )
    assert loaded.status_code == 200
    draft = {**sample[0], "assessor": "Z"}
    client.post("/v1/inspections/OLD/import", content=json.dumps(draft), headers=auth("lead"))
    url = "/v1/impact?old=iaow-2013-04&new=iaow-2013-10"
    problem(client.get(url, headers=auth("reader")), 403)
    result = client.get(url, headers=auth("lead")).json()
    assert result["sample"]["cases"] == 12  # the locked ones; not the draft
    (tmp_path / "locked.jsonl").write_text(text, encoding="utf-8")
    _same_but_sources(result, tmp_path)
    one = client.get(url + "&inspection=OLD&cases=true", headers=auth("lead")).json()
    assert one["evidence_to_collect"][0]["source"] == "OLD: assessment 1 revision 1"
    _same_but_sources(one, tmp_path, "--cases")
    _inspection(client, "NEW")
    problem(client.get(url + "&inspection=NEW", headers=auth("lead")), 422)
    problem(
        client.get("/v1/impact?old=iaow-2013-04&new=nope", headers=auth("lead")),
        422,
        "unknown_criteria",
    )
    problem(client.get("/v1/impact?new=iaow-2013-10", headers=auth("lead")), 422, "missing_key")


def _same_but_sources(result: dict[str, Any], tmp_path: Path, *more: str) -> None:
    """The same as `aow-rules impact` on the export of the same cases, but for each case's
    source, which differs by nature (a line of a file; an assessment in the store)."""
    printed = json.loads(
        _cli("impact", "iaow-2013-04", "iaow-2013-10", str(tmp_path / "locked.jsonl"),
             "--format", "json", *more)
    )  # fmt: skip

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "source"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    assert strip(result) == strip(printed)
