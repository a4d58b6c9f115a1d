"""Synthetic inspection samples: a `Criteria` and a seed in; SYNTHETIC ``aow-case/1`` cases out.

An invented caseload of officers, stratified and sampled as an inspection draws its cases, with
facts and answers consistent with each case. Every case says it is synthetic. Called by the
CLI's synth and demo verbs, the public API, the benchmarks and the tests.
"""

from ._synth import synthesize, to_jsonl, write_jsonl

__all__ = ["synthesize", "to_jsonl", "write_jsonl"]
