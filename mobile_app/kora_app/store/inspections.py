"""Inspections on the phone: a draft's header, one row per answer, the signature and its strokes.

Every call is one transaction that is committed before it returns: an answer is on the flash the
moment the inspector gave it. ``document`` puts the rows back together as the inspection the
sync protocol carries (schemas/inspection.schema.json).

States: ``draft`` (being filled), ``returned`` (a supervisor sent it back; editable, with the
comment), ``queued`` (submitted, in the outbox), ``sent`` (the server holds it with every photo),
``conflict`` (the server and the phone disagree; both are kept until the inspector chooses).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from .catalog import template as stored_template
from .database import Store, dumps
from .errors import NotEditable, NotFound
from .positions import record as record_position

EDITABLE = ("draft", "returned")
UNSET: Any = object()


def new_id() -> str:
    return str(uuid.uuid4())


def start(store: Store, *, venue: dict[str, Any], template_id: str, template_version: int, inspector: str,
          now: str, device: str | None = None, reinspection_of: str | None = None,
          inspection_id: str | None = None, gps: dict[str, Any] | None = None, gps_missing: str | None = None) -> str:
    """A new draft against the exact template version given; TemplateMissing if the phone lacks it.
    ``gps`` is where the phone is now, or ``gps_missing`` says why it has no position."""
    stored_template(store, template_id, template_version)
    inspection_id = inspection_id or new_id()
    with store.transaction() as db:
        db.execute("INSERT INTO inspections (inspection_id, venue_id, county_code, inspector, template_id, "
                   "template_version, started_at, state, device, reinspection_of, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)",
                   (inspection_id, venue["venue_id"], venue["county_code"], inspector, template_id,
                    template_version, now, device, reinspection_of, now))
        record_position(db, inspection_id, "started", gps, gps_missing)
    return inspection_id


def header(store: Store, inspection_id: str) -> dict[str, Any]:
    row = store.row("SELECT * FROM inspections WHERE inspection_id = ?", (inspection_id,))
    if row is None:
        raise NotFound(f"no inspection {inspection_id} on this phone")
    return dict(row)


def _editable(db: sqlite3.Connection, inspection_id: str, now: str) -> None:
    """Refuse an edit of a submitted inspection; stamp the draft as changed (same transaction)."""
    row = db.execute("SELECT state FROM inspections WHERE inspection_id = ?", (inspection_id,)).fetchone()
    if row is None:
        raise NotFound(f"no inspection {inspection_id} on this phone")
    if row["state"] not in EDITABLE:
        raise NotEditable(inspection_id, row["state"])
    db.execute("UPDATE inspections SET updated_at = ? WHERE inspection_id = ?", (now, inspection_id))


def set_answer(store: Store, inspection_id: str, item_id: str, value: Any, now: str,
               note: str | None = UNSET, photos: list[str] | None = UNSET) -> None:
    """Write one answer (and, if given, its note and photo list) durably."""
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        db.execute("INSERT INTO answers (inspection_id, item_id, value, answered_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (inspection_id, item_id) DO UPDATE SET value = excluded.value, "
                   "answered_at = excluded.answered_at", (inspection_id, item_id, dumps(value), now))
        if note is not UNSET:
            db.execute("UPDATE answers SET note = ? WHERE inspection_id = ? AND item_id = ?",
                       (note or None, inspection_id, item_id))
        if photos is not UNSET:
            db.execute("UPDATE answers SET photos = ? WHERE inspection_id = ? AND item_id = ?",
                       (dumps(list(photos or [])), inspection_id, item_id))


def set_note(store: Store, inspection_id: str, item_id: str, note: str, now: str) -> None:
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        changed = db.execute("UPDATE answers SET note = ? WHERE inspection_id = ? AND item_id = ?",
                             (note or None, inspection_id, item_id)).rowcount
        if not changed:
            raise NotFound(f"item {item_id} has no answer yet: answer it before adding a note")


def clear_answer(store: Store, inspection_id: str, item_id: str, now: str) -> None:
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        db.execute("DELETE FROM answers WHERE inspection_id = ? AND item_id = ?", (inspection_id, item_id))


def link_photo(db: sqlite3.Connection, inspection_id: str, item_id: str, sha256: str, now: str) -> None:
    """Name a photo in an answer's photo list (inside the caller's transaction)."""
    _editable(db, inspection_id, now)
    row = db.execute("SELECT photos FROM answers WHERE inspection_id = ? AND item_id = ?",
                     (inspection_id, item_id)).fetchone()
    if row is None:
        raise NotFound(f"item {item_id} has no answer yet: answer it before adding a photo")
    photos = json.loads(row["photos"])
    if sha256 not in photos:
        photos.append(sha256)
        db.execute("UPDATE answers SET photos = ? WHERE inspection_id = ? AND item_id = ?",
                   (dumps(photos), inspection_id, item_id))


def unlink_photo(store: Store, inspection_id: str, item_id: str, sha256: str, now: str) -> None:
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        row = db.execute("SELECT photos FROM answers WHERE inspection_id = ? AND item_id = ?",
                         (inspection_id, item_id)).fetchone()
        if row is not None:
            photos = [p for p in json.loads(row["photos"]) if p != sha256]
            db.execute("UPDATE answers SET photos = ? WHERE inspection_id = ? AND item_id = ?",
                       (dumps(photos), inspection_id, item_id))


def set_position(store: Store, inspection_id: str, moment: str, gps: dict[str, Any] | None, missing: str | None,
                 now: str) -> None:
    """Where the draft was ``started`` or ``finished`` (see positions.py)."""
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        record_position(db, inspection_id, moment, gps, missing)


def set_signer(store: Store, inspection_id: str, name: str, role: str | None, now: str) -> None:
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        db.execute("INSERT INTO signatures (inspection_id, name, role, signed_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (inspection_id) DO UPDATE SET name = excluded.name, role = excluded.role, "
                   "signed_at = excluded.signed_at", (inspection_id, name, role or None, now))


def add_stroke(store: Store, inspection_id: str, points: list[list[float]], pad: dict[str, int],
               now: str) -> int:
    """Keep one finished stroke of the signature pad; returns its number."""
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        db.execute("INSERT INTO signatures (inspection_id, pad, signed_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (inspection_id) DO UPDATE SET pad = excluded.pad, image = NULL, "
                   "signed_at = excluded.signed_at", (inspection_id, dumps(pad), now))
        number = db.execute("SELECT COALESCE(MAX(stroke), -1) + 1 FROM signature_strokes WHERE inspection_id = ?",
                            (inspection_id,)).fetchone()[0]
        db.execute("INSERT INTO signature_strokes (inspection_id, stroke, points) VALUES (?, ?, ?)",
                   (inspection_id, number, dumps(points)))
    return number


def clear_signature(store: Store, inspection_id: str, now: str) -> None:
    with store.transaction() as db:
        _editable(db, inspection_id, now)
        db.execute("DELETE FROM signature_strokes WHERE inspection_id = ?", (inspection_id,))
        db.execute("UPDATE signatures SET pad = NULL, image = NULL WHERE inspection_id = ?", (inspection_id,))


def answers(store: Store, inspection_id: str) -> dict[str, dict[str, Any]]:
    """Item id -> the answer as the protocol carries it ({value, note?, photos?, answered_at})."""
    out: dict[str, dict[str, Any]] = {}
    for row in store.rows("SELECT * FROM answers WHERE inspection_id = ? ORDER BY rowid", (inspection_id,)):
        answer: dict[str, Any] = {"value": json.loads(row["value"])}
        if row["note"]:
            answer["note"] = row["note"]
        photos = json.loads(row["photos"])
        if photos:
            answer["photos"] = photos
        answer["answered_at"] = row["answered_at"]
        out[row["item_id"]] = answer
    return out


def signature(store: Store, inspection_id: str) -> dict[str, Any] | None:
    row = store.row("SELECT * FROM signatures WHERE inspection_id = ?", (inspection_id,))
    if row is None:
        return None
    out: dict[str, Any] = {k: row[k] for k in ("name", "role", "signed_at") if row[k]}
    if row["image"]:
        out["image"] = row["image"]
    strokes = [json.loads(r["points"]) for r in store.rows(
        "SELECT points FROM signature_strokes WHERE inspection_id = ? ORDER BY stroke", (inspection_id,))]
    if strokes and row["pad"]:
        out["pad"], out["strokes"] = json.loads(row["pad"]), strokes
    return out


def document(store: Store, inspection_id: str, *, finished_at: str | None = None,
             revision: int | None = None) -> dict[str, Any]:
    """The inspection as the sync protocol carries it, status ``submitted``."""
    head = header(store, inspection_id)
    finished = finished_at or head["finished_at"] or head["updated_at"]
    doc: dict[str, Any] = {
        "_id": inspection_id, "type": "inspection", "venue_id": head["venue_id"],
        "county_code": head["county_code"], "inspector": head["inspector"],
        "template": {"id": head["template_id"], "version": head["template_version"]},
        "started_at": head["started_at"], "finished_at": finished,
        "answers": answers(store, inspection_id), "signature": signature(store, inspection_id) or {},
        "status": "submitted",
        "client": {"revision": revision or head["client_revision"], "updated_at": head["updated_at"]},
    }
    if head["gps"]:
        doc["gps"] = json.loads(head["gps"])
    if head["gps_finished"]:
        doc["gps_finished"] = json.loads(head["gps_finished"])
    if head["device"]:
        doc["client"]["device"] = head["device"]
    if head["reinspection_of"]:
        doc["reinspection_of"] = head["reinspection_of"]
    return doc


class Reading:
    """A connection inside a transaction, read the way the functions above read a Store."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, params).fetchall()

    def row(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        return self.db.execute(sql, params).fetchone()


def document_in(db: sqlite3.Connection, inspection_id: str, **kwargs: Any) -> dict[str, Any]:
    return document(Reading(db), inspection_id, **kwargs)  # type: ignore[arg-type]


def listed(store: Store, *states: str) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(states))
    rows = store.rows(f"SELECT * FROM inspections WHERE state IN ({marks}) ORDER BY updated_at DESC", states)
    return [dict(r) for r in rows]


def review(head: dict[str, Any]) -> dict[str, Any] | None:
    return json.loads(head["review"]) if head.get("review") else None
