"""Synthetic inspection samples: a `Criteria`, its synthetic profile and a seed in; SYNTHETIC
``aow-case/1`` cases out.

The data flow inside: the profile file (``<id>.synth.yaml`` beside the criteria file, format
``aow-synth-profile/1``) is read strictly (`_spec`) and checked against the criteria into a
compiled `Profile` (`_profile`, with `_draws` and `_kinds` compiling each draw); an invented
caseload is drawn and sampled by the Inspectorate's rules (`_caseload`); each sampled case gets
case details (`_facts`), answers driven by the quality of the officer's work (`_answers`) and an
interview record (`_interview`, which also makes a SYNTHETIC inspection record for a sample).
`_synth.synthesize` runs them in that order. Every case says it is synthetic. Called by the
CLI's synth and demo verbs, the public API, the benchmarks and the tests.
"""

from ._profile import load_profile
from ._synth import synthesize, to_jsonl, write_jsonl

__all__ = ["load_profile", "synthesize", "to_jsonl", "write_jsonl"]
