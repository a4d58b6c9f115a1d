"""Strict reading of the files the project reads, before anything knows what they mean.

In: text (YAML) and pydantic validation errors. Out: plain data with the line and column of
every value, and `Problem`s naming each defect (duplicate keys, tags, anchors, YAML 1.1
booleans, non-finite numbers, wrong shapes) with a suggestion where one exists. Called by the
criteria compiler, the golden-case loader and the reference and ratings readers.
"""

from ._shape import field_names, shape_problems
from ._yaml import Located, Path, load_yaml, read_yaml_file

__all__ = ["Located", "Path", "field_names", "load_yaml", "read_yaml_file", "shape_problems"]
