"""A trailing newline never passes an end anchor, in the JSON Schemas or in the code.

jsonschema runs a schema's ECMA ``pattern`` with Python's ``re.search``, where ``$`` also matches
just before a final newline: the schemas end their patterns with ``(?!\\n)$`` (the same meaning in
ECMA and in Python). The code drops anchors and uses ``fullmatch`` (or ends with ``\\Z``);
pydantic's ``pattern=`` runs in Rust's regex engine, where ``$`` is the end of the text.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Annotated, Any

import pytest
from hypothesis import find
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import StringConstraints, TypeAdapter, ValidationError

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("services", "schemas", "mobile_app", "deploy", "bench")
RE_FUNCTIONS = {"compile", "match", "search", "fullmatch"}
# Patterns that check a prefix on purpose: what follows is anything, by design.
PREFIX_CHECKS = {"^\\$argon2"}


def _walk_patterns(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _walk_patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_patterns(value)


def _schema_patterns() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        found += [(path.name, p) for p in _walk_patterns(json.loads(path.read_text(encoding="utf-8")))]
    return found


def _code_files() -> list[Path]:
    return [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py")) if "tests" not in p.parts]


def _code_patterns() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(re.* literal patterns, pattern= keyword literals) as (where, pattern)."""
    regexes, keywords = [], []
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr in RE_FUNCTIONS and isinstance(func.value, ast.Name)
                    and func.value.id == "re" and node.args and isinstance(node.args[0], ast.Constant)):
                regexes.append((where, node.args[0].value))
            keywords += [(where, kw.value.value) for kw in node.keywords
                         if kw.arg == "pattern" and isinstance(kw.value, ast.Constant)]
    return regexes, keywords


def _sample(pattern: str) -> str:
    """A value the pattern means to accept (hypothesis writes one from the regex itself)."""
    return find(st.from_regex(pattern), lambda s: "\n" not in s)


def test_the_scans_find_the_patterns():
    regexes, keywords = _code_patterns()
    assert len(_schema_patterns()) >= 30 and len(regexes) >= 8 and len(keywords) >= 5


@pytest.mark.parametrize("where, pattern", _schema_patterns())
def test_schema_pattern_refuses_a_trailing_newline(where, pattern):
    if pattern in PREFIX_CHECKS:
        return
    assert pattern.startswith("^") and pattern.endswith("(?!\\n)$"), f"{where}: {pattern!r}"
    validator = Draft202012Validator({"type": "string", "pattern": pattern})
    value = _sample(pattern)
    assert validator.is_valid(value), (where, pattern, value)
    assert not validator.is_valid(value + "\n"), f"{where}: {pattern!r} lets {value + chr(10)!r} through"


def test_code_regexes_have_no_dollar_anchor():
    regexes, _ = _code_patterns()
    anchored = [(where, p) for where, p in regexes if isinstance(p, str) and p.endswith("$") and not p.endswith("\\$")]
    assert anchored == [], "drop the anchors and use fullmatch (or end with \\Z): " + repr(anchored)


@pytest.mark.parametrize("where, pattern", _code_patterns()[1])
def test_pydantic_patterns_refuse_a_trailing_newline(where, pattern):
    adapter = TypeAdapter(Annotated[str, StringConstraints(pattern=pattern)])
    value = _sample(pattern)
    assert adapter.validate_python(value) == value
    with pytest.raises(ValidationError):
        adapter.validate_python(value + "\n")


def test_an_inspection_id_with_a_trailing_newline_is_not_stored(settings, couch):
    from fastapi.testclient import TestClient

    from services.sync.app import create_app
    from tests.hostile.accounts import account
    from tests.support.sync_data import make_inspection, make_venue, seed
    from tests.support.templates import make_template

    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", "540102")])
    doc = make_inspection("v1", "540102", "dawa", template)
    doc["_id"] += "\n"
    headers = account(couch, settings, "dawa", "inspector", "county", ("540102",))
    with TestClient(create_app(settings)) as client:
        answer = client.post("/sync", json={"push": [{"doc": doc, "base_rev": None}], "pull": False}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["push"][0]["result"] == "invalid", answer.text
    stored = couch.db("inspections").all_docs([doc["_id"], doc["_id"].rstrip()])
    assert list(stored.values()) == [None, None]  # neither id holds a document
