"""What a pull hands the phone: templates, regions, venues, notices, returned inspections, checkpoint.

``apply_pull`` stores a whole pull and its checkpoint in ONE transaction: a kill or a full disk
half-way leaves the previous checkpoint with the previous data, and the next sync repeats the pull.
Template versions are never dropped, not even by a full pull: a draft is filled against the exact
version it started with, and the server checks it against that version.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction

from . import returned as returned_inspections
from .database import Store, dumps
from .errors import TemplateMissing
from .search_keys import matches, search_keys


def template(store: Store, template_id: str, version: int | None = None) -> dict[str, Any]:
    """The exact version asked for (or the highest the phone holds); TemplateMissing if absent."""
    if version is None:
        raw = store.value("SELECT doc FROM templates WHERE template_id = ? ORDER BY version DESC LIMIT 1",
                          (template_id,))
    else:
        raw = store.value("SELECT doc FROM templates WHERE template_id = ? AND version = ?",
                          (template_id, version))
    if raw is None:
        raise TemplateMissing(template_id, version)
    return json.loads(raw)


def current_templates(store: Store) -> list[dict[str, Any]]:
    """The highest version held of each template."""
    rows = store.rows("SELECT doc FROM templates t WHERE version = "
                      "(SELECT MAX(version) FROM templates WHERE template_id = t.template_id) ORDER BY template_id")
    return [json.loads(r["doc"]) for r in rows]


def template_for_venue_type(store: Store, venue_type: str) -> dict[str, Any] | None:
    for doc in current_templates(store):
        if venue_type in doc.get("venue_types", []):
            return doc
    return None


def venue(store: Store, venue_id: str) -> dict[str, Any] | None:
    raw = store.value("SELECT doc FROM venues WHERE venue_id = ?", (venue_id,))
    return json.loads(raw) if raw else None


def region_name(store: Store, code: str) -> dict[str, str]:
    raw = store.value("SELECT doc FROM regions WHERE code = ?", (code,))
    return json.loads(raw).get("name", {}) if raw else {}


def checkpoint(store: Store) -> str | None:
    return store.value("SELECT value FROM checkpoint WHERE id = 1")


def last_pull_at(store: Store) -> str | None:
    return store.value("SELECT pulled_at FROM checkpoint WHERE id = 1")


def notice(store: Store, notice_id: str) -> dict[str, Any] | None:
    raw = store.value("SELECT doc FROM notices WHERE notice_id = ?", (notice_id,))
    return json.loads(raw) if raw else None


def put_venue(db: sqlite3.Connection, doc: dict[str, Any]) -> None:
    name = doc.get("name", {})
    initials, pinyin = search_keys(name.get("zh", ""))
    db.execute("INSERT OR REPLACE INTO venues (venue_id, county_code, venue_type, name_zh, name_bo, initials, "
               "pinyin, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (doc["venue_id"], doc["county_code"], doc.get("venue_type", ""), name.get("zh", ""),
                name.get("bo", ""), initials, pinyin, dumps(doc)))


def _put_notice(db: sqlite3.Connection, doc: dict[str, Any]) -> None:
    db.execute("INSERT OR REPLACE INTO notices (notice_id, venue_id, status, deadline, inspection_id, doc) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (doc["_id"], doc["venue_id"], doc.get("status", ""), doc.get("deadline"),
                doc.get("inspection_id"), dumps(doc)))


def apply_pull(store: Store, pulled: dict[str, Any], next_checkpoint: str | None, now: str,
               reach: Jurisdiction | None = None, inspector: str | None = None) -> dict[str, int]:
    """Store one sync's merged pull and then its checkpoint, all in one transaction.

    ``reach``, if given, keeps only venues and notices of the inspector's counties (the server
    already filters; a phone handed over to another county must not keep the old one's venues).
    Returns counts of what changed, for the sync status.
    """
    counts = {"templates": 0, "venues": 0, "venues_removed": 0, "notices": 0, "returned": 0}
    inside = (lambda doc: reach.covers(str(doc.get("county_code", "")))) if reach else (lambda doc: True)
    with store.transaction() as db:
        if pulled.get("full"):
            db.execute("DELETE FROM regions")
            # A venue added on this phone that the server does not have yet is the phone's own.
            db.execute("DELETE FROM venues WHERE venue_id NOT IN "
                       "(SELECT venue_id FROM new_venues WHERE sent_at IS NULL)")
            db.execute("DELETE FROM notices")
        for doc in pulled.get("templates", []):
            db.execute("INSERT OR REPLACE INTO templates (template_id, version, doc) VALUES (?, ?, ?)",
                       (doc["template_id"], doc["version"], dumps(doc)))
            counts["templates"] += 1
        for doc in pulled.get("regions", []):
            db.execute("INSERT OR REPLACE INTO regions (code, doc) VALUES (?, ?)", (doc["code"], dumps(doc)))
        for doc in pulled.get("venues", []):
            if inside(doc):
                put_venue(db, doc)
                counts["venues"] += 1
        for venue_id in pulled.get("venues_removed", []):
            counts["venues_removed"] += db.execute("DELETE FROM venues WHERE venue_id = ?", (venue_id,)).rowcount
        for doc in pulled.get("notices", []):
            if inside(doc):
                _put_notice(db, doc)
                counts["notices"] += 1
        for notice_id in pulled.get("notices_removed", []):
            db.execute("DELETE FROM notices WHERE notice_id = ?", (notice_id,))
        if pulled.get("returned") is not None:
            counts["returned"] = returned_inspections.replace_set(db, pulled["returned"], now, inspector)
        if next_checkpoint is not None:
            db.execute("INSERT INTO checkpoint (id, value, pulled_at) VALUES (1, ?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET value = excluded.value, pulled_at = excluded.pulled_at",
                       (next_checkpoint, now))
    return counts


def search_venues(store: Store, query: str = "", limit: int | None = None) -> list[dict[str, Any]]:
    """Venues whose Chinese or Tibetan name contains ``query``, or whose pinyin it spells (initials
    or syllables: "yh", "yinhang"); all venues for an empty query, by Chinese name."""
    rows = store.rows("SELECT doc, name_zh, name_bo, pinyin FROM venues ORDER BY initials, name_zh")
    query = query.strip()
    if not query:
        found = rows
    else:
        lowered = query.lower()
        latin = lowered.replace(" ", "").isascii() and lowered.replace(" ", "").isalpha()
        found = [r for r in rows if query in r["name_zh"] or query in r["name_bo"]
                 or (latin and matches(r["pinyin"], lowered))]
    return [json.loads(r["doc"]) for r in found[:limit]]
