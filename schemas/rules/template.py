"""The shape of a checklist template version as Kora stores it: ids, statuses, items.

One CouchDB document per version, ``_id`` = ``template:<template_id>@<version>``; the full
contract is schemas/checklist_template.schema.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SCHEMA = "checklist_template"
DOC_TYPE = "checklist_template"
ID_PREFIX = "template:"
DRAFT = "draft"
PUBLISHED = "published"
MAX_VERSION = 999999

TEMPLATE_ID = re.compile(r"[a-z0-9_-]{1,60}")
DOC_ID = re.compile(r"template:([a-z0-9_-]{1,60})@([1-9][0-9]{0,5})")

# Fields CouchDB or publishing add; content comparisons leave them out.
SERVER_FIELDS = ("_rev", "status", "published_at")


def doc_id(template_id: str, version: int) -> str:
    return f"{ID_PREFIX}{template_id}@{version}"


def parse_doc_id(value: str) -> tuple[str, int] | None:
    """(template_id, version) of a template document id, or None for any other id."""
    match = DOC_ID.fullmatch(value)
    return (match.group(1), int(match.group(2))) if match else None


def is_version_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_VERSION


def content(doc: dict[str, Any]) -> dict[str, Any]:
    """What a version says, without what storing and publishing added to it."""
    return {k: v for k, v in doc.items() if k not in SERVER_FIELDS}


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored version as the API and the phones see it (no CouchDB revision)."""
    return {k: v for k, v in doc.items() if k != "_rev"}


def items(template: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (section, item) pair in order."""
    for section in template.get("sections", []):
        for item in section.get("items", []):
            yield section, item


def items_by_id(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for _, item in items(template)}


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """The fields a version list shows: enough to choose one, not the whole checklist."""
    fields = ("template_id", "version", "status", "published_at", "venue_types", "title")
    out = {k: doc[k] for k in fields if k in doc}
    out["items"] = sum(1 for _ in items(doc))
    return out
