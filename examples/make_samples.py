"""Make the SYNTHETIC example samples from the example cases in examples/cases/.

- double-marked.jsonl, for `aow-rules qa`: each example case assessed twice by different
  assessors; the second disagrees with the first on a seeded few answers, as re-marking in
  quality assurance does.
- examples-iaow-2013-04.jsonl, for the impact regression test: the example
  cases as they would have been written for the April 2013 criteria, where the assessment of
  risk of harm to children (4.1-06) applied only where children were at risk, and one yes/no
  (child_safeguarding) stood where October 2013 has the three kinds of child-protection case
  (so its questions 4.1-11 and 4.2-08 are not asked).
- sample-iaow-2013-10.jsonl: an inspection-sized sample of 60 cases for the October 2013
  criteria, drawn from an invented caseload by the Inspectorate's sampling rules (five
  strata allocated proportionally, at most six cases per responsible officer) with seed 2013;
  sample-iaow-2013-10.csv is the same sample as a spreadsheet (one row per case).
- sample-iaow-2013-04.jsonl, for `aow-rules impact iaow-2013-04 iaow-2013-10`: the same
  caseload and seed under the April 2013 criteria, whose samples focused on violent offences
  (so the offences drawn, and what follows from them, differ from October's).
- long-list-iaow-2013-10.csv: a provider's long list of its caseload (600 rows, seed 2013),
  invented from the iaow-2013-10 synthetic profile, for `aow-rules sample` (docs/sampling.md):
  the caseload sample-iaow-2013-10.jsonl was drawn from, with invented PNC numbers and CRNs, a
  few people listed twice and a few cases transferred out or terminated early.
- sample-hmip-2018-adult.jsonl: an NPS division's samples under the 2018 standards (72 cases,
  seed 2018: the main case supervision sample and the court work and victim work samples of
  domain 3), for `aow-rules report ... --ratings ratings-hmip-2018-adult.yaml`.

No real person or case is in any of them. Run from the project root:
python examples/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from aow_rules import load_criteria
from aow_rules._cases._csv import write_csv
from aow_rules._sample._synthetic import synthetic_long_list
from aow_rules._synth._synth import synthesize, write_jsonl

HERE = Path(__file__).parent
ASSESSORS = ["A01", "A02", "A03", "Q01"]
FLIP = {"yes": "no", "no": "yes", "na": "no"}


def _months(start: str, end: str) -> int:
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)


def _back(date: str, months: int) -> str:
    d = dt.date.fromisoformat(date)
    year, month = divmod(d.year * 12 + d.month - 1 - months, 12)
    return dt.date(year, month + 1, min(d.day, 28)).isoformat()


def main() -> None:
    rnd = random.Random(2013)
    lines = []
    for k, path in enumerate(sorted((HERE / "cases").glob("*.json"))):
        case = json.loads(path.read_text())
        first = dict(case, assessor=ASSESSORS[k % 3])
        first["note"] = "SYNTHETIC: invented for the QA example; no real person or case"
        second = json.loads(json.dumps(first))
        second["assessor"] = ASSESSORS[3] if k % 2 else ASSESSORS[(k + 1) % 3]
        for qid in sorted(second["answers"]):
            if second["answers"][qid] in FLIP and rnd.random() < 0.12:
                second["answers"][qid] = FLIP[second["answers"][qid]]
        lines += [json.dumps(first, sort_keys=True), json.dumps(second, sort_keys=True)]
    (HERE / "double-marked.jsonl").write_text("\n".join(lines) + "\n")
    april = []
    for path in sorted((HERE / "cases").glob("*.json")):
        case = json.loads(path.read_text())
        case["criteria"] = "iaow-2013-04"
        case["note"] = "SYNTHETIC: invented for the impact example; no real person or case"
        facts = case["facts"]
        # Inspected in June 2013, as long after the start of supervision as in October.
        months = _months(facts["supervision_start"], facts["inspection_date"])
        facts["inspection_date"] = "2013-06-17"
        facts["supervision_start"] = _back(facts["inspection_date"], months)
        facts["child_safeguarding"] = facts.pop("child_protection") != "no_concerns"
        facts.pop("child_concerns_identified", None)
        for qid in ("4.1-11", "4.2-08"):  # the three kinds of case came in October 2013
            case["answers"].pop(qid, None)
            case.get("evidence", {}).pop(qid, None)
        if not facts["child_safeguarding"]:
            case["answers"].pop("4.1-06", None)
            case.get("evidence", {}).pop("4.1-06", None)
        april.append(json.dumps(case, sort_keys=True))
    (HERE / "examples-iaow-2013-04.jsonl").write_text("\n".join(april) + "\n")
    synthetic = synthesize(load_criteria("iaow-2013-10"), cases=60, seed=2013)
    write_jsonl(synthetic, HERE / "sample-iaow-2013-10.jsonl")
    write_csv(synthetic, load_criteria("iaow-2013-10"), HERE / "sample-iaow-2013-10.csv")
    listed = synthetic_long_list(load_criteria("iaow-2013-10"), cases=60, seed=2013)
    (HERE / "long-list-iaow-2013-10.csv").write_bytes(listed.text.encode())
    april60 = synthesize(load_criteria("iaow-2013-04"), cases=60, seed=2013)
    write_jsonl(april60, HERE / "sample-iaow-2013-04.jsonl")
    hmip = synthesize(load_criteria("hmip-2018-adult"), cases=72, seed=2018)
    write_jsonl(hmip, HERE / "sample-hmip-2018-adult.jsonl")


if __name__ == "__main__":
    main()
