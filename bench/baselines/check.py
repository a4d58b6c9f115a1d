"""Correctness check for the baselines: every group total must equal aow-rules' own.

    python -m bench.baselines.check [--cases N]

checks each available baseline on N synthetic cases (bench/evaluate.py's `synthetic_cases`)
and on the shipped example sample; then on copies of them with facts left out, so that
conditions err; and says which baselines were skipped and why.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import aow_rules

# Private: a case marked as checked without being checked. A case built with aow_rules.Case is
# checked when first scored (issue 13), and a case missing a required fact is refused; these
# baselines need such cases to reach evaluation, to compare how each engine absorbs errors.
from aow_rules._cases._model import mark

from . import Scorer, spec_of

__all__ = ["agree", "check_cases", "holed", "main"]

_ROOT = Path(__file__).resolve().parents[2]


def agree(
    criteria: aow_rules.Criteria,
    scorer: Scorer,
    cases: Iterable[dict[str, Any]],
    *,
    validate: bool = True,
) -> None:
    """Raise AssertionError at the first case and group where ``scorer`` differs from aow-rules.

    Compared per group of the criteria: ``yes`` and ``counted`` of
    ``aow_rules.evaluate(criteria, parse_case(case, criteria)).group(g)`` against the scorer's
    ``(yes, counted)`` under the key ``"<kind>:<id>"``; the scorer must return every group,
    and no other. With ``validate=False`` the case is not parsed but wrapped as it is, so
    cases with required facts left out (see `holed`) reach evaluation and make conditions err.
    """
    for number, case in enumerate(cases):
        name = case.get("case_id", f"#{number}")
        if validate:
            parsed = aow_rules.parse_case(case, criteria)
        else:
            parsed = _unchecked(name, criteria, case)
        judgement = aow_rules.evaluate(criteria, parsed)
        # A baseline reads the facts aow-rules derives (months supervised) as given: a user of
        # another engine computes them before the call.
        got = scorer(case | {"facts": dict(parsed.facts)})
        want: dict[str, tuple[Fraction, Fraction]] = {}
        for g in criteria.groups:
            r = judgement.group(g)
            want[f"{g.kind}:{g.id}"] = (r.yes, r.counted)
        if got.keys() != want.keys():
            missing, extra = sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys())
            raise AssertionError(f"case {name}: groups missing {missing}, unexpected {extra}")
        for key, (yes, counted) in want.items():
            gy, gc = got[key]
            if not (isinstance(gy, Fraction) and isinstance(gc, Fraction)):
                raise AssertionError(f"case {name}, group {key}: totals {got[key]!r} not exact")
            if (gy, gc) != (yes, counted):
                raise AssertionError(
                    f"case {name}, group {key}: baseline yes/counted {gy}/{gc}, "
                    f"aow-rules {yes}/{counted}"
                )


def check_cases(criteria: aow_rules.Criteria, n: int) -> list[dict[str, Any]]:
    """``n`` synthetic cases, then the shipped example sample for these criteria (if any)."""
    try:
        from bench.evaluate import synthetic_cases  # noqa: PLC0415
    except ImportError:  # run from bench/ (python bench/evaluate.py): bench is not a package
        from evaluate import synthetic_cases  # type: ignore[no-redef]  # noqa: PLC0415
    cases = synthetic_cases(criteria, n)
    sample = _ROOT / "examples" / f"sample-{criteria.id}.jsonl"
    if sample.exists():
        with sample.open(encoding="utf-8") as f:
            cases += [json.loads(line) for line in f if line.strip()]
    return cases


def _unchecked(name: str, criteria: aow_rules.Criteria, case: dict[str, Any]) -> aow_rules.Case:
    built = aow_rules.Case(name, criteria.id, dict(case["facts"]), dict(case["answers"]))
    return mark(built, criteria)


def holed(cases: Iterable[dict[str, Any]], seed: int = 11) -> list[dict[str, Any]]:
    """Copies with each fact left out at random (one in four), required facts too.

    Not valid aow-case/1 cases: they exist to make conditions read missing facts, which
    aow-rules records as ``condition_error`` (the question does not count), with CEL's
    error absorption in ``&&``/``||``. Use them with ``agree(..., validate=False)``.
    """
    rnd = random.Random(seed)
    return [
        case | {"facts": {k: v for k, v in case["facts"].items() if rnd.random() >= 0.25}}
        for case in cases
    ]


def main(argv: list[str] | None = None) -> int:
    from . import durable, zen  # noqa: PLC0415

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2_000)
    ap.add_argument("--criteria", default="iaow-2013-10")
    args = ap.parse_args(argv)
    criteria = aow_rules.load_criteria(args.criteria)
    spec = spec_of(criteria)
    cases = check_cases(criteria, args.cases)
    errs = holed(cases)
    n_errors = sum(
        f.code == "condition_error"
        for case in errs
        for f in aow_rules.evaluate(criteria, _unchecked(case["case_id"], criteria, case)).findings
    )
    failed = 0
    for label, module in (("zen-engine", zen), ("durable-rules", durable)):
        reason = module.available()
        if reason is not None:
            print(f"{label:14} skipped: {reason}")
            continue
        scorer = module.build(spec, criteria)
        try:
            agree(criteria, scorer, cases)
            agree(criteria, scorer, errs, validate=False)
        except AssertionError as e:
            failed += 1
            print(f"{label:14} DISAGREES: {e}")
        else:
            print(
                f"{label:14} agrees with aow-rules on all {len(cases):,} cases, every group; "
                f"and on {len(errs):,} with facts left out ({n_errors:,} condition errors)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
