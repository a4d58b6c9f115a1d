"""Quality assurance of case assessments: consistency within each assessment, agreement
between assessors who marked the same case, and assessor drift."""

from ._identity import NORMALISATION, near_key, normalise
from ._render import qa_html, qa_text
from ._report import ENGINES, HANDLINGS, QA_FORMAT, QAEngine, QAReport, qa_report

__all__ = [
    "ENGINES",
    "HANDLINGS",
    "NORMALISATION",
    "QA_FORMAT",
    "QAEngine",
    "QAReport",
    "near_key",
    "normalise",
    "qa_html",
    "qa_report",
    "qa_text",
]
