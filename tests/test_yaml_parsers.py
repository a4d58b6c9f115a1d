"""A YAML file means the same on every install: with libyaml (PyYAML's wheels) and with PyYAML's
own Python parser (where it was built without libyaml), the strict reader gives the same data
and the same problems (a syntax error in
the parser's own words). The one construct the two parsers read differently, a '?' in an unquoted
value inside { } or [ ], is refused with a suggestion to quote it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import aow_rules
from aow_rules._strict import _yaml  # private: the parser the strict reader uses, swapped

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for folder in ("criteria", "examples", "tests/fixtures")
    for p in (ROOT / folder).rglob("*.yaml")
    if "hostile" not in p.parts
)


def _read(text: str, source: str, loader: object, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(_yaml, "_LOADER", loader)
    located, problems = _yaml.load_yaml(text, source)
    # A syntax error is worded by the parser that found it; where it is and what kind of
    # problem it is must agree.
    return (
        None if located is None else (located.data, located.positions),
        [
            (p.code, p.location, p.suggestion, None if p.code == "yaml_syntax" else p.message)
            for p in problems
        ],
    )


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_parsers_read_every_shipped_yaml_file_alike(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    with_c = _read(text, path.name, yaml.CSafeLoader, monkeypatch)
    with_python = _read(text, path.name, yaml.SafeLoader, monkeypatch)
    assert with_c == with_python


QUESTION = '  - id: "1.1-01"\n    criterion: "1.1"\n'


def test_an_unquoted_question_mark_in_a_flow_mapping_is_refused_with_a_fix() -> None:
    text = (ROOT / "criteria" / "iaow-2013-10.yaml").read_text(encoding="utf-8")
    start = text.index(QUESTION)
    end = text.index('  - id: "1.1-02"', start)
    line = text[:start].count("\n") + 1
    flow = (
        '  - {id: "1.1-01", criterion: "1.1", text: Was the report based on sufficient'
        " information?, scale: yes_no, applies_if: 'case.court_report != \"none\"',"
        ' key: true, provenance: documented, provenance_note: "A test."}\n'
    )
    with pytest.raises(aow_rules.CriteriaError) as caught:
        aow_rules.parse_criteria(text[:start] + flow + text[end:], source="flow.yaml")
    [problem] = [p for p in caught.value.problems if p.code == "yaml_syntax"]
    assert problem.location == f"{line}:44"
    assert "'?' unquoted" in problem.message
    assert problem.suggestion == ('quote it: "Was the report based on sufficient information?"')


def test_the_same_value_quoted_is_read() -> None:
    text = (ROOT / "criteria" / "iaow-2013-10.yaml").read_text(encoding="utf-8")
    start = text.index(QUESTION)
    end = text.index('  - id: "1.1-02"', start)
    flow = (
        '  - {id: "1.1-01", criterion: "1.1", text: "Was the report based on sufficient'
        ' information?", scale: yes_no, applies_if: \'case.court_report != "none"\','
        ' key: true, provenance: documented, provenance_note: "A test."}\n'
    )
    criteria = aow_rules.parse_criteria(text[:start] + flow + text[end:], source="flow.yaml")
    [question] = [q for q in criteria.questions if q.id == "1.1-01"]
    assert question.text == "Was the report based on sufficient information?"
