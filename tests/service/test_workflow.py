"""Inspections, assessments, revisions and the workflow, through HTTP as a client would, on
SQLite and on PostgreSQL: every role, every state move and every refused one."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from starlette.testclient import TestClient

import aow_rules

from .conftest import CRITERIA, auth, problem


def _inspection(client: TestClient, id: str = "I1") -> None:
    r = client.post(
        "/v1/inspections", json={"id": id, "title": f"Title {id}", "criteria": CRITERIA},
        headers=auth("lead"),
    )  # fmt: skip
    assert r.status_code == 201, r.text


def _assess(client: TestClient, who: str, case: dict[str, Any], inspection: str = "I1") -> int:
    r = client.post(f"/v1/inspections/{inspection}/assessments", json=case, headers=auth(who))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _move(client: TestClient, who: str, aid: int, to: str, note: str | None = None) -> Any:
    body = {"to": to} if note is None else {"to": to, "note": note}
    return client.post(f"/v1/assessments/{aid}/transitions", json=body, headers=auth(who))


def test_inspections_and_their_roles(client: TestClient) -> None:
    body = {"id": "I1", "title": "North Yorkshire", "criteria": CRITERIA}
    problem(client.post("/v1/inspections", json=body), 401, "unauthorized")
    problem(client.post("/v1/inspections", json=body, headers=auth("insp-a")), 403, "forbidden")
    problem(client.post("/v1/inspections", json=body, headers=auth("reader")), 403)
    r = client.post("/v1/inspections", json=body, headers=auth("lead"))
    assert r.status_code == 201
    assert r.headers["location"] == "/v1/inspections/I1"
    assert r.json()["criteria_sha256"] == aow_rules.load_criteria(CRITERIA).sha256
    problem(client.post("/v1/inspections", json=body, headers=auth("lead")), 409)
    bad = client.post(
        "/v1/inspections", json={"id": "bad id", "titel": "x", "criteria": "iaow-2013-1O"},
        headers=auth("lead"),
    )  # fmt: skip
    found = {(p["code"], p["location"]) for p in problem(bad, 422)["problems"]}
    assert found == {
        ("invalid_value", "$.id"),
        ("missing_key", "$.title"),
        ("unknown_key", "$.titel"),
    }
    unknown = client.post(
        "/v1/inspections", json={"id": "I2", "title": "t", "criteria": "iaow-2013-1O"},
        headers=auth("lead"),
    )  # fmt: skip
    (p,) = problem(unknown, 422, "unknown_criteria")["problems"]
    assert p["location"] == "$.criteria"
    assert "iaow-2013-10" in p["suggestion"]
    for who in ("insp-a", "reader", "lead"):
        listed = client.get("/v1/inspections", headers=auth(who)).json()
        assert [i["id"] for i in listed] == ["I1"]
    problem(client.get("/v1/inspections/nope", headers=auth("lead")), 404, "not_found")


def test_blind_double_marking(client: TestClient, cases: list[dict[str, Any]]) -> None:
    _inspection(client)
    a = _assess(client, "insp-a", cases[0])
    b = _assess(client, "insp-b", cases[0])
    # Each inspector sees their own only, as if the other's did not exist.
    assert client.get(f"/v1/assessments/{a}", headers=auth("insp-a")).json()["assessor"] == "A"
    missing = problem(client.get(f"/v1/assessments/{b}", headers=auth("insp-a")), 404)
    assert missing == problem(client.get("/v1/assessments/999", headers=auth("insp-a")), 404) | {
        "detail": missing["detail"]
    }
    problem(client.get(f"/v1/assessments/{b}/revisions", headers=auth("insp-a")), 404)
    put = client.put(
        f"/v1/assessments/{b}", json=cases[0], headers={**auth("insp-a"), "If-Match": '"1"'}
    )
    problem(put, 404)
    problem(_move(client, "insp-a", b, "submitted"), 404)
    seen = client.get("/v1/inspections/I1", headers=auth("insp-a")).json()
    assert [x["id"] for x in seen["assessments"]] == [a]
    assert seen["cases"] is None
    for who in ("lead", "reader"):
        seen = client.get("/v1/inspections/I1", headers=auth(who)).json()
        assert sorted(x["id"] for x in seen["assessments"]) == [a, b]
        assert client.get(f"/v1/assessments/{b}", headers=auth(who)).status_code == 200


def test_recording_an_assessment(client: TestClient, cases: list[dict[str, Any]]) -> None:
    _inspection(client)
    problem(
        client.post("/v1/inspections/I1/assessments", json=cases[0], headers=auth("reader")), 403
    )
    problem(
        client.post("/v1/inspections/I9/assessments", json=cases[0], headers=auth("insp-a")), 404
    )
    r = client.post("/v1/inspections/I1/assessments", json=cases[0], headers=auth("insp-a"))
    assert r.status_code == 201
    assert r.headers["etag"] == '"1"'
    body = r.json()
    assert {k: body[k] for k in ("case_id", "assessor", "revision", "state")} == {
        "case_id": cases[0]["case_id"], "assessor": "A", "revision": 1, "state": "draft"
    }  # fmt: skip
    criteria = aow_rules.load_criteria(CRITERIA)
    expected = aow_rules.evaluate(
        criteria, aow_rules.parse_case({**cases[0], "assessor": "A"}, criteria)
    ).to_dict()
    assert body["judgement"] == expected
    assert body["judgement"]["criteria"]["sha256"] == criteria.sha256
    again = client.post("/v1/inspections/I1/assessments", json=cases[0], headers=auth("insp-a"))
    problem(again, 409, "assessment_exists")
    other = {**cases[1], "assessor": "B"}
    (p,) = problem(
        client.post("/v1/inspections/I1/assessments", json=other, headers=auth("insp-a")), 422
    )["problems"]
    assert p["location"] == "$.assessor"
    broken = {**cases[1], "answers": {"1.1-01": "Yes", "9.9-99": "yes"}, "facts": {}}
    bad = problem(
        client.post("/v1/inspections/I1/assessments", json=broken, headers=auth("insp-a")), 422
    )
    codes = {p["code"] for p in bad["problems"]}
    assert {"case_option_not_in_scale", "case_unknown_question", "missing_key"} <= codes
    # A qa_lead may record an assessment made on paper, naming its assessor.
    paper = client.post(
        "/v1/inspections/I1/assessments", json={**cases[1], "assessor": "P"}, headers=auth("lead")
    )
    assert paper.status_code == 201
    assert paper.json()["assessor"] == "P"


def test_revisions_need_if_match(client: TestClient, cases: list[dict[str, Any]]) -> None:
    _inspection(client)
    aid = _assess(client, "insp-a", cases[0])
    url = f"/v1/assessments/{aid}"
    changed = {**cases[0], "answers": {**cases[0]["answers"], "1.1-01": "no"}}
    problem(client.put(url, json=changed, headers=auth("insp-a")), 428, "if_match_required")
    problem(client.put(url, json=changed, headers={**auth("insp-a"), "If-Match": "*"}), 428)
    problem(client.put(url, json=changed, headers={**auth("reader"), "If-Match": '"1"'}), 403)
    r = client.put(url, json=changed, headers={**auth("insp-a"), "If-Match": '"1"'})
    assert r.status_code == 200
    assert r.headers["etag"] == '"2"'
    assert r.json()["revision"] == 2
    stale = client.put(url, json=cases[0], headers={**auth("insp-a"), "If-Match": '"1"'})
    problem(stale, 412, "stale_revision")
    moved = {**changed, "case_id": "OTHER"}
    (p,) = problem(client.put(url, json=moved, headers={**auth("insp-a"), "If-Match": '"2"'}), 422)[
        "problems"
    ]
    assert p["location"] == "$.case_id"
    r = client.put(url, json=cases[0], headers={**auth("lead"), "If-Match": '"2"'})
    assert r.status_code == 200
    assert r.json()["assessor"] == "A"
    got = client.get(url, headers=auth("insp-a"))
    assert got.headers["etag"] == '"3"'
    assert got.json()["case"]["answers"] == cases[0]["answers"]
    history = client.get(f"{url}/revisions", headers=auth("reader")).json()
    assert [(h["revision"], h["by"]) for h in history] == [(1, "A"), (2, "A"), (3, "L")]
    assert history[1]["case"]["answers"]["1.1-01"] == "no"
    assert all(h["judgement"]["engine"]["version"] == aow_rules.__version__ for h in history)


def test_every_state_move(client: TestClient, cases: list[dict[str, Any]]) -> None:
    _inspection(client)
    aid = _assess(client, "insp-a", cases[0])
    put = {**auth("insp-a"), "If-Match": '"1"'}
    for to in ("moderated", "locked", "draft"):
        problem(_move(client, "lead", aid, to), 409, "move_not_allowed")
    problem(_move(client, "lead", aid, "submitted"), 403)  # only its assessor submits
    problem(_move(client, "reader", aid, "submitted"), 403)
    bad = client.post(
        f"/v1/assessments/{aid}/transitions", json={"to": "done"}, headers=auth("insp-a")
    )
    problem(bad, 422)
    r = _move(client, "insp-a", aid, "submitted")
    assert r.status_code == 200
    assert r.json()["state"] == "submitted"
    problem(client.put(f"/v1/assessments/{aid}", json=cases[0], headers=put), 409)
    problem(_move(client, "insp-a", aid, "draft", "please"), 403)
    (p,) = problem(_move(client, "lead", aid, "draft"), 422, "missing_key")["problems"]
    assert p["location"] == "$.note"
    assert _move(client, "lead", aid, "draft", "4.1 needs evidence").json()["state"] == "draft"
    assert client.put(f"/v1/assessments/{aid}", json=cases[0], headers=put).status_code == 200
    assert _move(client, "insp-a", aid, "submitted").status_code == 200
    problem(_move(client, "insp-a", aid, "moderated"), 403)
    assert _move(client, "lead", aid, "moderated").json()["state"] == "moderated"
    problem(_move(client, "lead", aid, "draft", "late"), 409)
    assert _move(client, "lead", aid, "locked").json()["state"] == "locked"
    for to in ("draft", "submitted", "moderated", "locked"):
        problem(_move(client, "lead", aid, to, "n"), 409)
    locked_put = client.put(
        f"/v1/assessments/{aid}", json=cases[0], headers={**auth("lead"), "If-Match": '"2"'}
    )
    problem(locked_put, 409)
    events = client.get("/v1/audit", headers=auth("lead")).json()["events"]
    moves = [(e["detail"]["from"], e["detail"]["to"], e["actor"]) for e in events
             if e["action"] == "state_changed"]  # fmt: skip
    assert moves == [
        ("draft", "submitted", "A"),
        ("submitted", "draft", "L"),
        ("draft", "submitted", "A"),
        ("submitted", "moderated", "L"),
        ("moderated", "locked", "L"),
    ]
    returned = next(e for e in events if e["detail"].get("to") == "draft")
    assert returned["detail"]["note"] == "4.1 needs evidence"


def test_audit_log(client: TestClient, cases: list[dict[str, Any]]) -> None:
    _inspection(client)
    aid = _assess(client, "insp-a", cases[0])
    client.put(
        f"/v1/assessments/{aid}", json=cases[0], headers={**auth("insp-a"), "If-Match": '"1"'}
    )
    for who in ("insp-a", "reader"):
        problem(client.get("/v1/audit", headers=auth(who)), 403)
    page = client.get("/v1/audit?limit=2", headers=auth("lead")).json()
    assert [e["action"] for e in page["events"]] == ["inspection_created", "assessment_created"]
    rest = client.get(f"/v1/audit?since={page['next']}", headers=auth("lead")).json()
    assert [(e["action"], e["revision"]) for e in rest["events"]] == [("revision_saved", 2)]
    assert rest["events"][0]["assessment"] == aid
    assert rest["events"][0]["actor"] == "A"
    at = rest["events"][0]["at"]
    by_time = client.get(f"/v1/audit?since={at}", headers=auth("lead")).json()["events"]
    assert [e["seq"] for e in by_time] == [rest["events"][0]["seq"]]
    problem(client.get("/v1/audit?since=yesterday", headers=auth("lead")), 422)
    problem(client.get("/v1/audit?limit=0", headers=auth("lead")), 422)
    # Never case content: the audit log says who did what, not what was answered.
    assert "answers" not in client.get("/v1/audit", headers=auth("lead")).text


@pytest.mark.parametrize("who", ["insp-a", "lead"])
def test_two_writers_with_the_same_if_match(
    client: TestClient, cases: list[dict[str, Any]], who: str
) -> None:
    _inspection(client)
    aid = _assess(client, "insp-a", cases[0])
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def write(answer: str) -> None:
        body = {**cases[0], "answers": {**cases[0]["answers"], "1.1-01": answer}}
        barrier.wait()
        r = client.put(
            f"/v1/assessments/{aid}", json=body, headers={**auth(who), "If-Match": '"1"'}
        )
        statuses.append(r.status_code)

    threads = [threading.Thread(target=write, args=(a,)) for a in ("yes", "no")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 412]
    history = client.get(f"/v1/assessments/{aid}/revisions", headers=auth("lead")).json()
    assert [h["revision"] for h in history] == [1, 2]
