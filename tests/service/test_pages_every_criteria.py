"""The form of every shipped criteria version over HTTP: a control for each fact a case sends
(none for a derived fact), a container for each question; on a saved synthetic case the
questions the server renders hidden are exactly those its judgement finds not applicable,
each with its reason in words; the moderation page of a double-marked case renders."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

import aow_rules

from .conftest import auth
from .test_pages_http import Markup


@pytest.mark.parametrize("criteria_id", sorted(aow_rules.shipped_criteria()))
def test_the_form_of_every_shipped_version(client: TestClient, criteria_id: str) -> None:
    criteria = aow_rules.load_criteria(criteria_id)
    iid = f"E-{criteria_id}"
    made = {"id": iid, "title": "Every version (synthetic)", "criteria": criteria_id}
    assert client.post("/v1/inspections", json=made, headers=auth("lead")).status_code == 201
    new = client.get(f"/assessments/new?inspection={iid}", headers=auth("insp-a"))
    assert new.status_code == 200
    names = set(Markup(new.text).named())
    sent = {f"fact:{f.id}" for f in criteria.facts.values() if f.derived is None}
    derived = {f"fact:{f.id}" for f in criteria.facts.values() if f.derived is not None}
    assert sent <= names
    assert not derived & names
    boxes = re.findall(r'data-question="([^"]+)"', new.text)
    assert boxes == [q.id for q in criteria.questions]
    # A synthetic case (two assessors), saved and opened.
    (case,) = aow_rules.synthesize(criteria, cases=1, seed=7)
    ids = []
    for who, answers in (("insp-a", case["answers"]), ("insp-b", {})):
        body = {k: v for k, v in case.items() if k != "assessor"} | {"answers": answers}
        r = client.post(f"/v1/inspections/{iid}/assessments", json=body, headers=auth(who))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
        moved = client.post(
            f"/v1/assessments/{ids[-1]}/transitions", json={"to": "submitted"}, headers=auth(who)
        )
        assert moved.status_code == 200, moved.text
    page = client.get(f"/assessments/{ids[0]}", headers=auth("insp-a"))
    assert page.status_code == 200
    hidden = set(re.findall(r'data-question="([^"]+)"[^>]*\shidden', page.text))
    judged = client.get(f"/v1/assessments/{ids[0]}", headers=auth("insp-a")).json()["judgement"]
    na = {q for q, e in judged["questions"].items() if e["status"] == "not_applicable"}
    assert hidden == na
    for qid in na:  # the reason in words, never the condition's CEL
        why = re.search(rf'data-why-for="{re.escape(qid)}".*?data-why>([^<]*)<', page.text, re.S)
        assert why is not None, qid
        assert why.group(1).startswith("It applies only when "), why.group(1)
        assert "case." not in why.group(1)
    moderate = client.get(
        f"/inspections/{iid}/cases/{case['case_id']}/moderate", headers=auth("lead")
    )
    assert moderate.status_code == 200
