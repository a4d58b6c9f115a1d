"""The per-case work of `evaluate`: conditions, each question's status and increment, the
findings. Typed concretely so that mypyc compiles it to C when the package is built (see
``[tool.hatch.build.targets.wheel.hooks.mypyc]`` in pyproject.toml): the loop then runs
without the interpreter's per-bytecode cost, which was most of a case's time.

The same source runs as plain Python where it is not compiled (an editable install, or a build
with hooks disabled on a machine without a C compiler): the results are the same, only slower.
`compiled()` says which is running.

Findings are the frozen values the tables hold (see `_criteria._finding`); only a condition's
run-time error, or an answer no table lists, makes a new one.
"""

from __future__ import annotations

from typing import Any

from .._cel import CelError
from .._criteria._finding import Finding
from .._criteria._model import Status
from .._criteria._plan import Tables

__all__ = ["compiled", "run"]


def compiled() -> bool:
    """True when this module runs as compiled code (mypyc), not as Python source."""
    return not __file__.endswith(".py")


def run(
    tables: Tables, facts: dict[str, Any], answers: dict[str, str], evidence: dict[str, str]
) -> tuple[tuple[Any, ...], Any, tuple[Finding, ...]]:
    """(trace, packed group totals, findings) of one case; see `evaluate`. The totals are one
    packed integer, or a list of one per segment when the plan has segments."""
    (
        rows,
        ids,
        conditions,
        applies,
        evidence_rules,
        rule_tests,
        rule_findings,
        unscored,
        unanswered_findings,
        ignored_findings,
        segments,
    ) = tables
    results: list[Any] = [condition(facts, answers) for condition in conditions]
    results.append(True)  # the slot of questions without a condition
    values = applies(results)
    total = 0
    segmented: list[int] = [0] * segments
    trace: list[Any] = []
    findings: list[Finding] = []
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
                    ignored = ignored_findings[i].get(ans)
                    if ignored is None:  # an answer the table does not list (free text)
                        ignored = Finding(
                            "answered_not_applicable", "warning", qid, node=node, answer=ans
                        )
                    findings.append(ignored)
            else:
                error, decided = value, node
                if node.leaf is None:  # name the part of all/any/not that erred
                    error, decided = node.test(facts, answers)
                trace.append((decided, error))
                findings.append(
                    Finding("condition_error", "error", qid, node=decided, answer=ans, error=error)
                )
            continue
        step = table.get(ans, unscored)
        status = step[0]
        add = step[1]
        trace.append(status)
        if add:
            if segments:
                for seg, value in add:
                    segmented[seg] += value
            else:
                total += add
        elif status is unanswered:
            finding = unanswered_findings[i]
            assert finding is not None  # only a scored question is ever unanswered
            findings.append(finding)
    for index, qid, missing in evidence_rules:
        found = missing.get(answers.get(qid))
        if (
            found is not None
            and trace[index].__class__ is Status  # the question applies
            and not evidence.get(qid, "").strip()
        ):
            findings.append(found)
    # Most cases break no rule: one scan over the rule results settles that.
    verdicts: list[Any] = [holds(facts, answers) for holds in rule_tests]
    if verdicts.count(False) != len(verdicts):
        for k in range(len(verdicts)):
            verdict = verdicts[k]
            if verdict is True:
                findings.append(rule_findings[k])
            elif verdict is not False:
                rule = rule_findings[k].rule
                assert rule is not None
                error, part = rule.when.test(facts, answers)
                assert isinstance(error, CelError)
                findings.append(
                    Finding("condition_error", "error", rule=rule, node=part, error=error)
                )
    return tuple(trace), (segmented if segments else total), tuple(findings)
