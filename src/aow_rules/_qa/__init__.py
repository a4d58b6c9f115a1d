"""Quality assurance: a criteria version and a sample of assessments in; a `QAReport` out.

Consistency within each assessment (error and warning findings), agreement between assessors
who marked the same case (raw agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha,
Gwet's AC1, on three handlings of "not applicable"), the disagreements themselves, and
assessor drift from the rest of the sample. Runs on the engine `_evaluate` chooses; rendered
as text and HTML by `_render`. Called by the CLI's qa verb, the HTML report and the public API.
"""

from ._between import Agreement, agreement
from ._identity import NORMALISATION, near_key, normalise
from ._report import ENGINES, HANDLINGS, QA_FORMAT, QAEngine, QAReport, qa

__all__ = [
    "ENGINES",
    "HANDLINGS",
    "NORMALISATION",
    "QA_FORMAT",
    "Agreement",
    "QAEngine",
    "QAReport",
    "agreement",
    "near_key",
    "normalise",
    "qa",
]
