"""Sample reports: a scored sample in; a `SampleReport` (``aow-report/1``) out.

Stage 5. `report` (`_api`) scores a sample with the engine `_evaluate` chooses; each engine
has its builder (`_report`), which folds the cases through one `Aggregate` and keeps them as
that engine scored them (`_scored`). The report (`_model`) holds the exact numbers, the
ratings, the reference comparison, interview and reoffending counts (`_supervision`), the
inspection record when given, and each case's scores, reads its cases the same way whatever
the engine, and renders them as JSON data (`to_dict`), and, on the per-case engine, each
case's explanation (`case_details`, or one at a time with `iter_case_details`, which the
HTML page reads). Text, CSV and HTML are rendered from that data by `_render`. Called by
the CLI's report and demo verbs and the public API.
"""

from ._api import Progress, report
from ._model import CASE_LIST_LIMIT, REPORT_FORMAT, SampleReport
from ._report import build_columnar_report, build_report, stream_report

__all__ = [
    "CASE_LIST_LIMIT",
    "REPORT_FORMAT",
    "Progress",
    "SampleReport",
    "build_columnar_report",
    "build_report",
    "report",
    "stream_report",
]
