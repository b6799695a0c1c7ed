"""Bundles schemas/*.schema.json into OpenAPI ``components/schemas``.

Each file ``<name>.schema.json`` becomes component ``<name>`` and each of its ``$defs`` ``x``
becomes component ``<name>.x``; ``$ref``s are rewritten to ``#/components/schemas/...`` so that
Swagger UI resolves them. ``unbundle`` reverses this; tests/contracts checks the round trip.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
SUFFIX = ".schema.json"
PREFIX = "#/components/schemas/"


def load_schema_files(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict[str, Any]]:
    return {
        p.name[: -len(SUFFIX)]: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(schema_dir.glob("*" + SUFFIX))
    }


def _bundle_ref(ref: str, owner: str) -> str:
    target, _, pointer = ref.partition("#")
    name = target[: -len(SUFFIX)] if target else owner
    if pointer in ("", "/"):
        return PREFIX + name
    if pointer.startswith("/$defs/") and pointer.count("/") == 2:
        return PREFIX + f"{name}.{pointer.split('/')[2]}"
    raise ValueError(f"cannot bundle $ref {ref!r} in {owner}{SUFFIX}")


def _unbundle_ref(ref: str, owner: str) -> str:
    component = ref[len(PREFIX) :]
    name, _, definition = component.partition(".")
    target = "" if name == owner else name + SUFFIX
    return f"{target}#/$defs/{definition}" if definition else f"{target}#"


def _rewrite(node: Any, change) -> Any:
    if isinstance(node, dict):
        return {
            k: (change(v) if k == "$ref" and isinstance(v, str) else _rewrite(v, change))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite(v, change) for v in node]
    return node


def bundle(files: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    files = load_schema_files() if files is None else files
    components: dict[str, dict[str, Any]] = {}
    for name, schema in files.items():
        top = _rewrite(copy.deepcopy(schema), lambda r, n=name: _bundle_ref(r, n))
        for key, definition in top.pop("$defs", {}).items():
            components[f"{name}.{key}"] = definition
        components[name] = top
    return components


def unbundle(components: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for component, value in components.items():
        if "." not in component:
            files[component] = _rewrite(
                copy.deepcopy(value), lambda r, n=component: _unbundle_ref(r, n)
            )
    for component, definition in components.items():
        if "." in component:
            name, _, key = component.partition(".")
            files[name].setdefault("$defs", {})[key] = _rewrite(
                copy.deepcopy(definition), lambda r, n=name: _unbundle_ref(r, n)
            )
    return files


def iter_refs(node: Any):
    """Every $ref value in a schema tree, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_refs(value)


def request_body(schema_name: str) -> dict[str, Any]:
    """``openapi_extra`` for a route that takes a raw dict validated against ``schema_name``."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": PREFIX + schema_name}}},
        }
    }


PROBLEM = {
    "type": "object", "required": ["type", "title", "status", "code", "detail"],
    "description": "RFC 9457 problem; `code` is one of docs/errors.md",
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "code": {"type": "string"}, "detail": {"type": "string"}, "instance": {"type": "string"},
                   "request_id": {"type": "string"}, "errors": {"type": "array"}},
}
# Every operation may answer these; what each code means is in docs/errors.md.
PROBLEM_STATUSES = {"400": "Malformed body", "401": "Not signed in, or the token is not valid",
                    "403": "Role or jurisdiction does not reach", "404": "Not found",
                    "409": "Conflict", "413": "Body too large", "415": "Unsupported media type",
                    "422": "Invalid request or document", "423": "Account locked",
                    "429": "Too many attempts", "503": "The database cannot be reached"}


def _document_problems(document: dict[str, Any]) -> None:
    """Every operation documents its problems as application/problem+json (FastAPI's default 422
    body, HTTPValidationError, is never sent: problems.py answers a problem instead)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM
    problem = {"application/problem+json": {"schema": {"$ref": PREFIX + "Problem"}}}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in PROBLEM_STATUSES.items():
                responses[status] = {"description": description, "content": problem}


def install(app) -> None:
    """Make ``app.openapi()`` include the bundled schemas as components and document problems."""
    generate = app.openapi

    def openapi_with_schemas() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {}).update(bundle())
            _document_problems(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi_with_schemas


SERVICES = ("sync", "review", "notices")


def export(directory: Path) -> list[Path]:
    """Write ``<service>.openapi.json`` for each service into ``directory``."""
    import importlib
    import os

    from services.common.settings import Settings

    # The document does not depend on where CouchDB is; placeholders let it be made anywhere.
    settings = Settings(
        couchdb_url=os.environ.get("COUCHDB_URL", "http://placeholder:placeholder@127.0.0.1:1"),
        kora_secret_key=os.environ.get(
            "KORA_SECRET_KEY", "openapi-export-placeholder-key-0123456789"
        ),
    )
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SERVICES:
        app = importlib.import_module(f"services.{name}.app").create_app(settings)
        path = directory / f"{name}.openapi.json"
        path.write_text(json.dumps(app.openapi(), ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "export":
        sys.exit("usage: python -m services.common.openapi export DIR")
    for written_path in export(Path(sys.argv[2])):
        print(f"wrote {written_path}")
