"""The web pages over HTTP (Starlette's test client, no browser): the markup the tests and
scripts rely on, applicability from the engine, the draft endpoint, signing in with a
session cookie and its CSRF token, roles and blind marking on pages, and the security
headers of every page. The browser tests are in tests/pages/."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

import aow_rules

from ..support import ROOT
from .conftest import CRITERIA, TOKENS, auth, make_client, problem

CASE = json.loads((ROOT / "examples" / "service" / "assessment.json").read_text("utf-8"))
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class Markup(HTMLParser):
    """Every element's tag and attributes, in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def named(self) -> list[str]:
        return [
            str(a["name"])
            for tag, a in self.elements
            if tag in ("input", "select", "textarea") and a.get("name")
        ]


def _inspection(client: TestClient, iid: str = "W1") -> None:
    made = {"id": iid, "title": "Pages over HTTP", "criteria": CRITERIA}
    assert client.post("/v1/inspections", json=made, headers=auth("lead")).status_code == 201


def _assessment(client: TestClient, who: str, case: dict[str, Any], iid: str = "W1") -> int:
    body = {k: v for k, v in case.items() if k != "assessor"}
    r = client.post(f"/v1/inspections/{iid}/assessments", json=body, headers=auth(who))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_the_form_follows_the_markup_rules_and_the_engine(client: TestClient) -> None:
    _inspection(client)
    no_report = {**CASE, "facts": {**CASE["facts"], "court_report": "none"}}
    aid = _assessment(client, "insp-a", no_report)
    criteria = aow_rules.load_criteria(CRITERIA)
    page = client.get(f"/assessments/{aid}", headers=auth("insp-a"))
    assert page.status_code == 200
    markup = Markup(page.text)
    names = markup.named()
    questions = {q.id for q in criteria.questions}
    for name in names:
        assert (
            name in questions
            or name in ("case_id", "note")
            or (name.startswith("fact:") and name[5:] in criteria.facts)
            or (name.startswith("evidence:") and name[9:] in questions)
        ), name
    # A control for every fact a case gives; none for a derived one (computed when read).
    given = {f.id for f in criteria.facts.values() if f.derived is None}
    assert {n[5:] for n in names if n.startswith("fact:")} == given
    assert {n for n in names if n in questions} == questions  # every question answerable
    containers = {a["data-question"]: a for _, a in markup.elements if "data-question" in a}
    assert set(containers) == questions
    # Hidden exactly where the stored judgement (the engine) says the question does not apply.
    stored = client.get(f"/v1/assessments/{aid}", headers=auth("insp-a")).json()
    not_applicable = {
        q for q, e in stored["judgement"]["questions"].items() if e["status"] == "not_applicable"
    }
    assert {"1.1-01", "1.1-08"} <= not_applicable
    assert {q for q, a in containers.items() if "hidden" in a} == not_applicable
    # The reason, in words, beside each hidden question.
    assert "It applies only when \u201cCourt report prepared for the current sentence\u201d " \
        "is not \u201cNo court report\u201d" in page.text  # fmt: skip


def test_every_page_carries_the_csp_and_nothing_inline(client: TestClient) -> None:
    _inspection(client)
    aid = _assessment(client, "insp-a", CASE)
    b_case = {**CASE, "answers": {**CASE["answers"], "1.1-01": "no"}}
    bid = _assessment(client, "insp-b", b_case)
    for who, a in (("insp-a", aid), ("insp-b", bid)):
        moved = client.post(f"/v1/assessments/{a}/transitions", json={"to": "submitted"},
                            headers=auth(who))  # fmt: skip
        assert moved.status_code == 200
    pages = [
        ("lead", "/"),
        ("lead", "/inspections/W1"),
        ("insp-a", "/inspections/W1"),
        ("insp-a", "/assessments/new?inspection=W1"),
        ("insp-a", f"/assessments/{aid}"),
        ("lead", "/inspections/W1/cases/SVC-001/moderate"),
        ("lead", "/assessments/999999"),
    ]
    for who, path in pages:
        r = client.get(path, headers=auth(who))
        assert r.status_code == (404 if "999999" in path else 200), (path, r.text[:300])
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
        for tag, attrs in Markup(r.text).elements:
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            assert "style" not in attrs, (path, tag)
            if tag == "script":  # served by the service, or data that is never run
                assert attrs.get("src", "").startswith("/static/") or attrs.get("type") == (
                    "application/json"
                ), (path, attrs)
            assert tag != "style", path
        assert not re.search(r"https?://(?!127\.0\.0\.1|testserver)", r.text), path
    for name in ("style.css", "pages.js", "form.js", "moderate.js", "inspection.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200
        assert "etag" in r.headers
        assert client.get(f"/static/{name}", headers={"If-None-Match": r.headers["etag"]}
                          ).status_code == 304  # fmt: skip
    assert client.get("/static/../_pages.py").status_code == 404


def test_pages_apply_roles_and_blind_marking(client: TestClient) -> None:
    _inspection(client)
    marker = {**CASE, "evidence": {"1.1-01": "MARKER-FOR-A-ONLY"}}
    aid = _assessment(client, "insp-a", marker)
    assert "MARKER-FOR-A-ONLY" in client.get(f"/assessments/{aid}", headers=auth("insp-a")).text
    # To another inspector it does not exist: the same page as for no such assessment.
    other = client.get(f"/assessments/{aid}", headers=auth("insp-b"))
    missing = client.get("/assessments/999999", headers=auth("insp-b"))
    assert other.status_code == missing.status_code == 404
    assert "MARKER" not in other.text
    same = re.compile(r"no assessment \d+")
    assert same.sub("", other.text) == same.sub("", missing.text)
    listing = client.get("/inspections/W1", headers=auth("insp-b")).text
    assert "SVC-001" not in listing
    assert client.get("/inspections/W1", headers=auth("reader")).status_code == 200
    assert f"/assessments/{aid}" in client.get("/inspections/W1", headers=auth("reader")).text
    for who, path in [
        ("reader", "/assessments/new?inspection=W1"),
        ("insp-a", "/inspections/W1/cases/SVC-001/moderate"),
        ("reader", "/inspections/W1/cases/SVC-001/moderate"),
    ]:
        assert client.get(path, headers=auth(who)).status_code == 403, (who, path)
    # Without a token or session: the sign-in page, coming back afterwards.
    r = client.get("/inspections/W1?page=2", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/sign-in?next=%2Finspections%2FW1%3Fpage%3D2"


def _sign_in(client: TestClient, who: str, target: str = "/") -> None:
    form = client.get("/sign-in")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    r = client.post(
        "/sign-in",
        data={"nonce": nonce.group(1), "token": TOKENS[who][0], "next": target},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == target


def test_sign_in_gives_a_strict_http_only_cookie_and_writes_need_the_csrf_token(
    client: TestClient,
) -> None:
    form = client.get("/sign-in")
    assert form.status_code == 200
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    wrong = client.post("/sign-in", data={"nonce": nonce.group(1), "token": "not-a-token"},
                        follow_redirects=False)  # fmt: skip
    assert wrong.status_code == 401
    assert "That token is not valid" in wrong.text
    assert "aow_session" not in client.cookies
    # A form from elsewhere (no nonce cookie of ours) is refused.
    stranger = TestClient(client.app)
    refused = stranger.post("/sign-in", data={"nonce": "x", "token": TOKENS["lead"][0]},
                            follow_redirects=False)  # fmt: skip
    assert refused.status_code == 403
    form = client.get("/sign-in")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    ok = client.post("/sign-in", data={"nonce": nonce.group(1), "token": TOKENS["lead"][0],
                                       "next": "//elsewhere.example/x"},
                     follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    assert ok.headers["location"] == "/"  # never another site
    cookie = ok.headers["set-cookie"]
    assert "aow_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert TOKENS["lead"][0] not in cookie
    home = client.get("/")
    assert home.status_code == 200
    assert ">L <span" in home.text  # signed in as L
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', home.text)
    assert csrf is not None
    # The API takes the session cookie; a write needs the page's CSRF token too.
    assert client.get("/v1/me").json() == {"name": "L", "role": "qa_lead"}
    made = {"id": "C1", "title": "cookie", "criteria": CRITERIA}
    problem(client.post("/v1/inspections", json=made), 403, "csrf_failed")
    wrong_token = {"X-CSRF-Token": "x" * 43}
    problem(client.post("/v1/inspections", json=made, headers=wrong_token), 403, "csrf_failed")
    r = client.post("/v1/inspections", json=made, headers={"X-CSRF-Token": csrf.group(1)})
    assert r.status_code == 201
    # A page's form needs it as a field.
    form_post = {"id": "C2", "title": "by the form", "criteria": CRITERIA}
    assert client.post("/inspections", data=form_post).status_code == 403
    r = client.post("/inspections", data={**form_post, "csrf": csrf.group(1)},
                    follow_redirects=False)  # fmt: skip
    assert (r.status_code, r.headers["location"]) == (303, "/inspections/C2")
    bad = client.post("/inspections", data={"id": "no spaces", "title": "t",
                                            "criteria": "nope", "csrf": csrf.group(1)})  # fmt: skip
    assert bad.status_code == 422
    assert "The inspection was not made" in bad.text
    assert "no criteria &#39;nope&#39; is served" in bad.text
    # Signing out ends the session at once.
    out = client.post("/sign-out", data={"csrf": csrf.group(1)}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/sign-in")
    problem(client.get("/v1/me"), 401, "unauthorized")


def test_without_tokens_pages_act_as_the_local_qa_lead(tmp_path: Path) -> None:
    with make_client(f"sqlite:///{tmp_path / 'a.db'}") as client:
        home = client.get("/")
        assert home.status_code == 200
        assert "local <span" in home.text
        assert "aow_session" in client.cookies  # for the CSRF token of its forms
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', home.text)
        assert csrf is not None
        assert client.get("/sign-in", follow_redirects=False).status_code == 303
        r = client.post("/inspections", data={"id": "L1", "title": "local",
                                              "criteria": CRITERIA, "csrf": csrf.group(1)},
                        follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
        no_token = {"id": "L2", "title": "x", "criteria": CRITERIA}
        assert client.post("/inspections", data=no_token).status_code == 403


def test_sign_in_goes_back_to_this_site_only(client: TestClient) -> None:
    for target, expected in [
        ("/inspections/W1?page=2", "/inspections/W1?page=2"),
        ("//elsewhere.example/x", "/"),
        ("/\t/elsewhere.example", "/"),  # a browser drops the tab: //elsewhere.example
        ("/\\elsewhere.example", "/"),
        ("https://elsewhere.example/", "/"),
    ]:
        form = client.get("/sign-in")
        nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
        assert nonce is not None
        r = client.post(
            "/sign-in",
            data={"nonce": nonce.group(1), "token": TOKENS["reader"][0], "next": target},
            follow_redirects=False,
        )
        assert (r.status_code, r.headers["location"]) == (303, expected), target
