"""Make examples/double-marked.jsonl: a SYNTHETIC double-marked sample for `aow-rules qa`.

Each of the four example cases is assessed twice by different assessors; the second assessor
disagrees with the first on a seeded few answers, as re-marking in quality assurance does.
No real person or case is in it. Run from the project root: python examples/make_double_marked.py
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


if __name__ == "__main__":
    main()
