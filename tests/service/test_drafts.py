"""``POST /v1/evaluate/draft``: a case as a form holds it, scored by the engine before it is
complete; which questions apply and why the others do not, what stops a save, and the case
as it would be saved."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

import aow_rules

from ..support import ROOT
from .conftest import CRITERIA, auth, problem

CASE = json.loads((ROOT / "examples" / "service" / "assessment.json").read_text("utf-8"))


def test_a_draft_is_scored_by_the_engine_before_it_is_complete(client: TestClient) -> None:
    who = auth("insp-a")
    complete = client.post("/v1/evaluate/draft", json=CASE, headers=who).json()
    assert complete["complete"] is True
    assert complete["problems"] == []
    assert complete["set_aside"] == {}
    assert complete["judgement"] == client.post("/v1/evaluate", json=CASE, headers=who).json()
    # Half typed: facts missing, a value invalid, an answer to a question that does not apply.
    draft = {
        "format": "aow-case/1",
        "case_id": "",
        "criteria": CRITERIA,
        "facts": {"court_report": "none", "supervision_start": "seven months ago"},
        "answers": {"1.1-01": "yes", "3.1-01": "yes", "3.1-02": "Yes"},
    }
    got = client.post("/v1/evaluate/draft", json=draft, headers=who).json()
    assert got["complete"] is False
    where = {p["location"] for p in got["problems"]}
    assert {"$.case_id", "$.facts.supervision_start", '$.answers["3.1-02"]'} <= where
    assert {"supervision_start", "inspection_date"} <= set(got["missing_facts"])
    q = got["questions"]
    assert q["1.1-01"]["applies"] is False
    assert "\u201cNo court report\u201d" in q["1.1-01"]["why"]
    assert got["set_aside"] == {"1.1-01": "yes"}  # kept by the form, not saved or counted
    assert "1.1-01" not in got["case"]["answers"]
    assert got["judgement"] is None  # the engine scores only a case with every required fact
    assert q["3.1-02"]["applies"] is True  # its condition reads 3.1-01, which is "yes"
    # A question whose condition reads a fact not given yet waits for it; a derived fact
    # (months_supervised) waits for the facts it is computed from.
    assert q["2.3-01"]["applies"] is None
    assert q["2.3-01"]["waiting_for"] == ["supervision_start", "inspection_date"]
    assert "months_supervised" not in got["case"]["facts"]  # derived when read, never sent
    # Once every required fact is given the engine scores it, the answer set aside uncounted.
    full = {**CASE, "facts": {**CASE["facts"], "court_report": "none"},
            "answers": {**CASE["answers"], "1.1-01": "yes"}}  # fmt: skip
    got = client.post("/v1/evaluate/draft", json=full, headers=who).json()
    assert got["complete"] is True
    assert got["set_aside"]["1.1-01"] == "yes"
    assert got["judgement"]["questions"]["1.1-01"]["status"] == "not_applicable"
    assert got["questions"]["2.3-01"]["status"] == got["judgement"]["questions"]["2.3-01"]["status"]
    # Setting an answer aside can make another question stop applying: 4.1-09 reads the
    # answer to 4.1-08, which does not apply where the warranted RoSH level is low.
    facts = {"rosh_level_warranted": "low", "child_protection": "no_concerns",
             "domestic_abuse": False}  # fmt: skip
    answers = {"4.1-07": "yes", "4.1-08": "yes", "4.1-09": "yes"}
    low = {**CASE, "facts": {**CASE["facts"], **facts}, "answers": {**CASE["answers"], **answers}}
    got = client.post("/v1/evaluate/draft", json=low, headers=who).json()
    assert got["complete"] is True
    assert {"4.1-07", "4.1-08", "4.1-09"} <= set(got["set_aside"])
    assert got["questions"]["4.1-09"]["applies"] is False
    assert " or " in got["questions"]["4.1-07"]["why"]  # any: both parts named
    saved = aow_rules.evaluate(
        aow_rules.load_criteria(CRITERIA),
        aow_rules.parse_case(got["case"], aow_rules.load_criteria(CRITERIA)),
    )
    assert saved.status("4.1-09") == "not_applicable"
    assert not [f for f in saved.findings if f.code == "answered_not_applicable"]
    problem(client.post("/v1/evaluate/draft", json=[1], headers=who), 422)
    problem(client.post("/v1/evaluate/draft?criteria=nope", json=CASE, headers=who), 422,
            "unknown_criteria")  # fmt: skip
    document = client.get("/openapi.json").json()
    assert "post" in document["paths"]["/v1/evaluate/draft"]
