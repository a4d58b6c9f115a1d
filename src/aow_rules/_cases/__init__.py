"""Cases: ``aow-case/1`` JSON, JSON Lines, CSV or a folder in; checked `Case`s out.

Stage 2. Every case is checked against one `Criteria` (`parse_case`), its optional interview
record (who was interviewed) too: unknown questions and
facts, options outside a scale, wrong types, duplicate keys, text an id or fact may not hold
and inputs past a limit are problems naming the case and the field. Bytes are read through
`_strict` (a JSON Lines or CSV line that is not UTF-8 rejects its row only); a case built by
hand is checked by `parse_case` when first scored (`checked`, `Sample.of`). Facts the
criteria derive (``derived:``) are computed from the checked facts (`_derive`), never read.
A sample (`read_sample`, `iter_sample`) keeps every good case and lists every
rejected one with its reason. Called by the CLI, the public API, the report builders, QA and
impact.
"""

from ._csv import read_csv_cases, safe_cell, write_csv
from ._parse import CASE_FORMAT, Case, CaseSpec, checked, parse_case, read_case_json
from ._read import case_from_bytes, load_case, read_json_file
from ._sample import Rejected, Sample, iter_sample, iter_stream, read_sample, read_stream

__all__ = [
    "CASE_FORMAT",
    "Case",
    "CaseSpec",
    "Rejected",
    "Sample",
    "case_from_bytes",
    "checked",
    "iter_sample",
    "iter_stream",
    "load_case",
    "parse_case",
    "read_case_json",
    "read_csv_cases",
    "read_json_file",
    "read_sample",
    "read_stream",
    "safe_cell",
    "write_csv",
]
