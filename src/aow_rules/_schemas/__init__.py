"""The published JSON Schemas: every input and output format as a pydantic model.

In: the models of criteria files, cases, judgements, reports, QA results, reference figures and
recorded ratings. Out: JSON Schema documents (`schema`), the files under ``schemas/``. Called
by the CLI's schema verb and the public API.
"""

from ._schemas import SCHEMA_NAMES, JudgementModel, schema, schema_text

__all__ = ["SCHEMA_NAMES", "JudgementModel", "schema", "schema_text"]
