"""Text for criteria authors: the verdict of ``check`` and the run of ``test``.

In: a `CheckResult` or a `TestRun`. Out: the lines ``aow-rules check`` and ``aow-rules test``
print. Called by `render`.
"""

from __future__ import annotations

from .._versions import CheckResult, TestRun

__all__ = ["check_text", "tests_text"]


def check_text(result: CheckResult) -> str:
    """One summary line for a file that compiled, then its lint warnings; or its problems."""
    c = result.criteria
    if c is None:
        return "".join(f"aow-rules: {p}\n" for p in result.problems)
    scored = sum(1 for q in c.questions if q.scored)
    sampling = c.sampling
    samples = (
        ""
        if sampling is None
        else f", samples of {sampling.size_min}-{sampling.size_max} cases "
        f"({len(sampling.exclusions)} exclusions, at most {sampling.officer_cap} per officer)"
    )
    lines = [
        f"ok: {c.id} version {c.version} ({c.status}): "
        f"{scored} scored questions of {len(c.questions)}, "
        f"{len(c.criteria)} criteria, {len(c.outcomes)} outcomes, "
        f"{len(c.facts)} facts, {len(c.rules)} consistency rules{samples}; "
        f"{len(result.warnings)} lint warning(s), {len(result.explained)} explained; "
        f"sha256 {c.sha256[:12]}"
    ]
    path = result.source
    lines += [f"warning: {path}:{w.location}: {w.code}: {w.message}" for w in result.warnings]
    lines += [
        f"explained: {path}:{w.location}: {w.code} {w.id}: {w.explained}" for w in result.explained
    ]
    return "\n".join(lines) + "\n"


def tests_text(run: TestRun) -> str:
    """Each golden case's verdict with its differences, then the coverage."""
    results, cover, path = run.results, run.coverage, run.source
    failed = run.failed
    out = [
        f"{run.criteria.id}: {len(results)} golden cases, {len(results) - len(failed)} passed, "
        f"{len(failed)} failed"
    ]
    for r in results:
        out.append(f"  {'PASS' if r.passed else 'FAIL'} {r.name}")
        out.extend(f"       {d}" for d in r.differences)
    scored = len(cover.counted) + len(cover.never_counted)
    out.append(f"coverage: {len(cover.counted)} of {scored} scored questions counted in some case")
    if cover.never_counted:
        out.append(f"  never counted: {', '.join(cover.never_counted)}")
    both = [c for c in cover.conditions if c.both_ways]
    out.append(
        f"coverage: {len(both)} of {len(cover.conditions)} conditions seen both true and false"
    )
    for c in cover.conditions:
        if not c.both_ways:
            out.append(f"  {path}:{c.location}: only {'/'.join(sorted(c.seen))}: {c.text}")
    return "\n".join(out) + "\n"
