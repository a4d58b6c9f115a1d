"""Drawing an inspection sample: a criteria version and a provider's long list in; the sampled
cases and a manifest accounting for every row out.

The stage after `_synth`, whose invented caseload the demo's long list comes from. The long
list (CSV, fixed columns: `_criteria._sampling.COLUMNS`) is read through the strict CSV
reader, a bad row rejected with its line and problems (`_long_list`); the version's
``sampling:`` rules exclude rows, remove duplicates, allocate the sample to strata in
proportion and draw it in a seeded order under the officer cap (`_draw`); `SampleDraw`
(`_result`) holds the outcome of every row and renders the manifest, the sampled rows and
case skeletons; `_text` writes the manifest's summary; `_synthetic` draws a SYNTHETIC long
list from a synthetic profile, for the demo. Called by the CLI's sample and demo verbs, the
renderer and the public API.
"""

from ._api import sample
from ._long_list import ListRow, read_long_list
from ._result import MANIFEST_FORMAT, SampleDraw

__all__ = ["MANIFEST_FORMAT", "ListRow", "SampleDraw", "read_long_list", "sample"]
