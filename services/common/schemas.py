"""Validate documents against the JSON Schemas in schemas/, the one contract with the app.

Each schema is compiled once per process, twice: by jsonschema-rs (Rust), which answers "valid or
not" in ~0.02 ms for an inspection, and by jsonschema (Python, ~4 ms), which is asked only when
the answer is "not valid", for the paths and reasons of every violation. A document jsonschema
finds valid is valid whatever jsonschema-rs said (regex dialects may differ at the edges).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from services.common.errors import KoraError

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS_DIR.glob("*.schema.json"))


@lru_cache
def load_schema(name: str) -> dict[str, Any]:
    path = SCHEMAS_DIR / f"{name}.schema.json"
    if not path.is_file():
        raise KoraError("unknown_schema", f"no schema named {name!r} in schemas/")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache
def registry() -> Registry:
    """Every schema by its $id, so that one may refer to another (common.schema.json#/$defs/...)."""
    resources = [(load_schema(n)["$id"], Resource.from_contents(load_schema(n))) for n in schema_names()]
    return Registry().with_resources(resources)


@lru_cache
def validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@lru_cache
def fast_validator(name: str) -> jsonschema_rs.Draft202012Validator:
    """The Rust validator of ``name``, with every schema registered by its $id, compiled once."""
    resources = [(load_schema(n)["$id"], load_schema(n)) for n in schema_names()]
    return jsonschema_rs.Draft202012Validator(load_schema(name), registry=jsonschema_rs.Registry(resources),
                                              validate_formats=True)


def _surely_valid(name: str, document: Any) -> bool:
    try:
        return fast_validator(name).is_valid(document)
    except (ValueError, TypeError):  # not a JSON value jsonschema-rs can take: let jsonschema say
        return False


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p) for p in parts)


def schema_errors(name: str, document: Any) -> list[dict[str, str]]:
    """Every violation, each with its JSON Pointer path and a readable reason; [] when valid."""
    if _surely_valid(name, document):
        return []
    errors = sorted(validator(name).iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    out = []
    for err in errors:
        # For oneOf/anyOf, the closest sub-error says more than "is not valid under any of the given schemas".
        chosen = best_match(err.context) if err.context else err
        out.append({"path": _pointer(chosen.absolute_path), "reason": chosen.message[:300]})
    return out


def validate(name: str, document: Any) -> None:
    """Raise ``invalid_document`` with the exact paths and reasons when the document breaks its schema."""
    errors = schema_errors(name, document)
    if errors:
        detail = "; ".join(f"{e['path']}: {e['reason']}" for e in errors[:5])
        raise KoraError("invalid_document", f"{name}: {detail}", schema=name, errors=errors)
