"""Make the SYNTHETIC example samples from the example cases in examples/cases/.

- double-marked.jsonl, for `aow-rules qa`: each example case assessed twice by different
  assessors; the second disagrees with the first on a seeded few answers, as re-marking in
  quality assurance does.
- sample-iaow-2013-04.jsonl, for `aow-rules impact iaow-2013-04 iaow-2013-10`: the example
  cases as they would have been written for the April 2013 criteria, where the assessment of
  risk of harm to children (4.1-06) applied only where children were at risk.

No real person or case is in either. Run from the project root: python examples/make_samples.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
ASSESSORS = ["A01", "A02", "A03", "Q01"]
FLIP = {"yes": "no", "no": "yes", "na": "no"}


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
        if not case["facts"].get("child_safeguarding"):
            case["answers"].pop("4.1-06", None)
            case.get("evidence", {}).pop("4.1-06", None)
        april.append(json.dumps(case, sort_keys=True))
    (HERE / "sample-iaow-2013-04.jsonl").write_text("\n".join(april) + "\n")


if __name__ == "__main__":
    main()
