"""Cases: ``aow-case/1`` JSON, JSON Lines, CSV or a folder in; checked `Case`s out.

Stage 2. Every case is checked against one `Criteria` (`parse_case`): unknown questions and
facts, options outside a scale, wrong types and duplicate keys are problems naming the case
and the field. A sample (`read_sample`, `iter_sample`) keeps every good case and lists every
rejected one with its reason. Facts the criteria derive (``derived:``) are computed from
the checked facts (`_derive`), never read. Called by the CLI, the public API, the report
builders, QA and impact.
"""

from ._csv import read_csv_cases, write_csv
from ._parse import CASE_FORMAT, Case, CaseSpec, parse_case, read_case_json
from ._read import load_case, read_json_file
from ._sample import Rejected, Sample, iter_sample, read_sample

__all__ = [
    "CASE_FORMAT",
    "Case",
    "CaseSpec",
    "Rejected",
    "Sample",
    "iter_sample",
    "load_case",
    "parse_case",
    "read_case_json",
    "read_csv_cases",
    "read_json_file",
    "read_sample",
    "write_csv",
]
