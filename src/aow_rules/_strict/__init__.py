"""Strict reading of the files the project reads, before anything knows what they mean.

In: bytes and text (YAML files, JSON cases, JSON Lines and CSV samples, standard input) and
pydantic validation errors. Out: plain data with the line and column (or JSON path) of every
value, and `Problem`s naming each defect (bytes that are not UTF-8, duplicate keys, tags,
anchors, YAML 1.1 booleans, non-finite or out-of-range numbers, nesting too deep, inputs past
a limit, wrong shapes) with a suggestion where one exists. Also the rules of what text an id,
a fact or free text may hold (`_text`) and every limit (`_limits`). Called by the criteria
compiler, the case readers, the golden-case loader, the reference, ratings and synthetic
profile readers, and the service.
"""

from ._shape import field_names, shape_problems
from ._yaml import Located, Path, load_yaml, read_yaml_file

__all__ = ["Located", "Path", "field_names", "load_yaml", "read_yaml_file", "shape_problems"]
