"""Every schema comes with example documents that validate and counter-examples that don't.

    schemas/examples/<schema>/valid/*.json     documents that must validate
    schemas/examples/<schema>/invalid/*.json   {"why": ..., "error_path": "/json/pointer", "document": {...}}
                                               which must fail, with an error at error_path
"""

import json
from pathlib import Path

import pytest

from services.common.schemas import SCHEMAS_DIR, schema_errors, schema_names, validator

EXAMPLES = SCHEMAS_DIR / "examples"
DOCUMENT_SCHEMAS = [name for name in schema_names() if name != "common"]


def _examples(kind: str) -> list[tuple[str, Path]]:
    return [(name, path) for name in DOCUMENT_SCHEMAS
            for path in sorted((EXAMPLES / name / kind).glob("*.json"))]


def test_every_schema_is_valid_2020_12():
    for name in schema_names():
        validator(name)  # raises SchemaError if the schema itself is malformed


@pytest.mark.parametrize("name", DOCUMENT_SCHEMAS)
def test_every_document_schema_has_examples_both_ways(name):
    assert list((EXAMPLES / name / "valid").glob("*.json")), f"schemas/examples/{name}/valid/ is empty"
    assert list((EXAMPLES / name / "invalid").glob("*.json")), f"schemas/examples/{name}/invalid/ is empty"


@pytest.mark.parametrize("name, path", _examples("valid"), ids=lambda v: getattr(v, "name", v))
def test_valid_examples_validate(name, path):
    assert schema_errors(name, json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name, path", _examples("invalid"), ids=lambda v: getattr(v, "name", v))
def test_counter_examples_fail_where_they_say(name, path):
    case = json.loads(path.read_text(encoding="utf-8"))
    assert set(case) == {"why", "error_path", "document"}, f"{path}: needs why, error_path, document"
    errors = schema_errors(name, case["document"])
    assert errors, f"{path} validated but should not: {case['why']}"
    assert case["error_path"] in [e["path"] for e in errors], f"{path}: errors were {errors}"
