"""Quality assurance of case assessments: consistency within each assessment, agreement
between assessors who marked the same case, and assessor drift."""

from ._identity import NORMALISATION, near_key, normalise
from ._render import qa_html, qa_text
from ._report import HANDLINGS, QA_FORMAT, QAReport, qa_report

__all__ = [
    "HANDLINGS",
    "NORMALISATION",
    "QA_FORMAT",
    "QAReport",
    "near_key",
    "normalise",
    "qa_html",
    "qa_report",
    "qa_text",
]
