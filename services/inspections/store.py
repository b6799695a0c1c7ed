"""The inspections database: the one module that reads and writes inspection documents.

Sync stores what phones push and attaches their photos, the review pages read and decide, the
notices service reads what it cites; all of them come through here.
"""

from __future__ import annotations

from typing import Any

from services.common.couch import Couch, current_docs

DB = "inspections"


def get(couch: Couch, inspection_id: str) -> dict[str, Any] | None:
    return couch.db(DB).get(inspection_id)


def get_many(couch: Couch, ids: list[str], tombstones: bool = False) -> dict[str, dict | None]:
    """Current inspections by id in one request (None when missing; a deleted one as a tombstone
    when ``tombstones``)."""
    return couch.db(DB).all_docs(ids, tombstones=tombstones)


def write_many(couch: Couch, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Store several inspections in one request: one {id, rev} or {id, error} each, by id."""
    return couch.db(DB).bulk(docs)


def attach_photo(couch: Couch, inspection_id: str, rev: str, sha256: str, data: bytes,
                 content_type: str) -> str | None:
    """Attach a photo under its SHA-256; the inspection's new revision, or None on a conflict."""
    return couch.db(DB).put_attachment(inspection_id, rev, sha256, data, content_type)


def photo(couch: Couch, inspection_id: str, sha256: str) -> bytes | None:
    return couch.db(DB).get_attachment(inspection_id, sha256)


def returned_to(couch: Couch, inspector: str) -> list[dict[str, Any]]:
    """The inspector's inspections that a supervisor returned (a Mango query: see returns.py)."""
    return couch.db(DB).find_all({"type": "inspection", "inspector": inspector, "status": "returned"})


def every_returned(couch: Couch) -> list[dict[str, Any]]:
    """Every inspection a supervisor returned, whoever its inspector."""
    return couch.db(DB).find_all({"type": "inspection", "status": "returned"}, fields=["_id", "inspector"])


def reinspections_since(couch: Couch, since: str, limit: int) -> tuple[list[dict[str, Any]], str, bool]:
    """Re-inspections (``reinspection_of`` set) stored or changed after ``since``: (docs, seq, more).
    CouchDB filters the feed (``_selector``); the notices worker follows it from its checkpoint."""
    rows, seq, more = couch.db(DB).changes(
        since, limit, selector={"type": "inspection", "reinspection_of": {"$exists": True}})
    return current_docs(rows), seq, more
