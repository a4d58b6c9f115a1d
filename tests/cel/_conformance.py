"""Load the CEL conformance suite and translate its protos into our terms."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from aow_rules._cel import (  # private: the CEL subset's types, for the conformance data
    BOOL,
    DOUBLE,
    DYN,
    INT,
    STRING,
    CelType,
    list_of,
    map_of,
)

from ._textproto import Message, parse

__all__ = [
    "Case",
    "OutOfScope",
    "OutsideSubset",
    "cel_same",
    "convert_type",
    "convert_value",
    "load_cases",
    "spec_dir",
]

_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def spec_dir() -> Path:
    configured = os.environ.get("AOW_CEL_SPEC_DIR")
    if configured:
        return Path(configured)
    return _PROJECT_ROOT.parent / "shared" / "conformance" / "cel-spec"


class OutsideSubset(Exception):
    """The test needs a CEL feature the subset leaves out."""


class OutOfScope(Exception):
    """The test needs protobuf messages, a container or another environment feature."""


@dataclass(frozen=True)
class Case:
    file: str
    section: str
    name: str
    test: Message

    @property
    def id(self) -> str:
        return f"{self.file}/{self.section}/{self.name}"


def load_cases(directory: Path) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(directory.glob("*.textproto")):
        root = parse(path.read_text(encoding="utf-8"))
        for section in root.all("section"):
            assert isinstance(section, Message)
            for test in section.all("test"):
                assert isinstance(test, Message)
                cases.append(Case(path.stem, section.text("name"), test.text("name"), test))
    return cases


_PRIMITIVES = {"BOOL": BOOL, "INT64": INT, "DOUBLE": DOUBLE, "STRING": STRING}
_UNSUPPORTED_PRIMITIVES = {"UINT64": "uint", "BYTES": "bytes"}


def convert_type(t: Message) -> CelType:
    if t.has("primitive"):
        name = str(t.one("primitive"))
        if name in _PRIMITIVES:
            return _PRIMITIVES[name]
        raise OutsideSubset(f"a variable of type {_UNSUPPORTED_PRIMITIVES.get(name, name)}")
    if t.has("dyn"):
        return DYN
    if t.has("list_type"):
        inner = t.msg("list_type")
        assert inner is not None
        elem = inner.msg("elem_type")
        return list_of(DYN if elem is None else convert_type(elem))
    if t.has("map_type"):
        inner = t.msg("map_type")
        assert inner is not None
        key, value = inner.msg("key_type"), inner.msg("value_type")
        return map_of(
            DYN if key is None else convert_type(key), DYN if value is None else convert_type(value)
        )
    if t.has("null"):
        raise OutsideSubset("a variable of type null")
    if t.has("well_known"):
        raise OutsideSubset(f"a variable of well-known type {t.one('well_known')}")
    if t.has("message_type"):
        raise OutOfScope(f"protobuf message type {t.text('message_type')}")
    raise OutOfScope(f"type {sorted(t.fields)}")


def convert_value(v: Message) -> object:
    if v.has("bool_value"):
        return v.one("bool_value") in ("true", "True", "t", 1)
    if v.has("int64_value"):
        value = v.one("int64_value")
        assert isinstance(value, int)
        return value
    if v.has("double_value"):
        value = v.one("double_value")
        assert isinstance(value, int | float)
        return float(value)
    if v.has("string_value"):
        return v.text("string_value")
    if v.has("list_value"):
        inner = v.msg("list_value")
        assert inner is not None
        return [convert_value(_msg(item)) for item in inner.all("values")]
    if v.has("map_value"):
        inner = v.msg("map_value")
        assert inner is not None
        out: dict[object, object] = {}
        for item in inner.all("entries"):
            entry = _msg(item)
            key = convert_value(_msg(entry.one("key")))
            out[key] = convert_value(_msg(entry.one("value")))
        return out
    for field, what in (
        ("null_value", "null"),
        ("uint64_value", "uint"),
        ("bytes_value", "bytes"),
        ("type_value", "type"),
        ("enum_value", "enum"),
    ):
        if v.has(field):
            raise OutsideSubset(f"a value of type {what}")
    if v.has("object_value"):
        raise OutOfScope("a protobuf message value")
    raise OutOfScope(f"value {sorted(v.fields)}")


def _msg(value: object) -> Message:
    assert isinstance(value, Message)
    return value


def cel_same(expected: object, actual: object) -> bool:
    """Value equality as the conformance suite means it: types must match exactly
    (1 is not 1.0, true is not 1), NaN matches NaN, maps ignore order."""
    if isinstance(expected, bool):
        return type(actual) is bool and actual is expected
    if isinstance(expected, int):
        return type(actual) is int and actual == expected
    if isinstance(expected, float):
        if type(actual) is not float:
            return False
        if math.isnan(expected):
            return math.isnan(actual)
        return actual == expected
    if isinstance(expected, str):
        return type(actual) is str and actual == expected
    if isinstance(expected, list):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(expected)
            and all(cel_same(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        if not isinstance(actual, Mapping) or len(actual) != len(expected):
            return False
        return all(k in actual and cel_same(v, actual[k]) for k, v in expected.items())
    return False
