"""The per-case work of `evaluate`: conditions, each question's status and increment, the
findings. Typed concretely so that mypyc compiles it to C when the package is built (see
``[tool.hatch.build.targets.wheel.hooks.mypyc]`` in pyproject.toml): the loop then runs
without the interpreter's per-bytecode cost, which was most of a case's time.

The same source runs as plain Python where it is not compiled (an editable install, or a build
with hooks disabled on a machine without a C compiler): the results are the same, only slower.
`compiled()` says which is running.

Findings are recorded as plain tuples in `Finding`'s field order; `Judgement.findings` wraps
them.
"""

from __future__ import annotations

from typing import Any

from .._cel import CelError
from .._criteria._model import Status
from .._criteria._plan import Tables

__all__ = ["compiled", "run"]


def compiled() -> bool:
    """True when this module runs as compiled code (mypyc), not as Python source."""
    return not __file__.endswith(".py")


def run(
    tables: Tables, facts: dict[str, Any], answers: dict[str, str], evidence: dict[str, str]
) -> tuple[tuple[Any, ...], int, tuple[tuple[Any, ...], ...]]:
    """(trace, packed group totals, findings) of one case; see `evaluate`."""
    rows, ids, conditions, applies, evidence_rules, rule_tests, rules, unscored = tables
    results: list[Any] = [condition(facts, answers) for condition in conditions]
    results.append(True)  # the slot of questions without a condition
    values = applies(results)
    total = 0
    trace: list[Any] = []
    findings: list[tuple[Any, ...]] = []
    unanswered = Status.UNANSWERED
    for i in range(len(rows)):
        qid, table, node = rows[i]
        ans = answers.get(ids[i])
        value = values[i]
        if value is not True:
            if value is False:
                # The trace keeps the whole condition: which part of an all/any/not decided
                # is a pure function of it and the case, named when the judgement is shown.
                trace.append(node)
                if ans is not None:
                    findings.append(
                        ("answered_not_applicable", "warning", qid, None, node, ans, None, None)
                    )
            else:
                error, decided = value, node
                if node.leaf is None:  # name the part of all/any/not that erred
                    error, decided = node.test(facts, answers)
                trace.append((decided, error))
                findings.append(("condition_error", "error", qid, None, decided, ans, error, None))
            continue
        step = table.get(ans, unscored)
        status = step[0]
        add = step[1]
        trace.append(status)
        if add:
            total += add
        elif status is unanswered:
            findings.append(("applicable_unanswered", "warning", qid, None, None, None, None, None))
    for index, qid, needs_evidence, prompt in evidence_rules:
        ans = answers.get(qid)
        if (
            ans in needs_evidence
            and trace[index].__class__ is Status  # the question applies
            and not evidence.get(qid, "").strip()
        ):
            findings.append(("evidence_missing", "warning", qid, None, None, ans, None, prompt))
    # Most cases break no rule: one scan over the rule results settles that.
    verdicts: list[Any] = [holds(facts, answers) for holds in rule_tests]
    if verdicts.count(False) != len(verdicts):
        for k in range(len(verdicts)):
            verdict = verdicts[k]
            rule = rules[k]
            if verdict is True:
                findings.append((rule.code, rule.severity, None, rule, rule.when, None, None, None))
            elif verdict is not False:
                error, part = rule.when.test(facts, answers)
                assert isinstance(error, CelError)
                findings.append(("condition_error", "error", None, rule, part, None, error, None))
    return tuple(trace), total, tuple(findings)
