"""Returned inspections: a supervisor sent one back with a comment; it becomes an editable draft.

A pull sends the whole set of the inspector's returned inspections whenever it changed. Each comes
back as state ``returned`` with its answers, the comment and ``base_rev`` = the server's ``_rev``,
so that resubmitting goes out as a new client revision of the same inspection. What the phone
changed is never overwritten silently: if the phone holds its own unsent version of an
inspection the server returned (queued, or edited since an earlier return), both are kept in
``conflicts`` and the inspection waits for the inspector's choice.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from schemas.rules.inspection import content_digest

from .database import dumps


def write_version(db: sqlite3.Connection, doc: dict[str, Any], now: str) -> None:
    inspection_id = doc["_id"]
    db.execute("DELETE FROM answers WHERE inspection_id = ?", (inspection_id,))
    db.execute("DELETE FROM signature_strokes WHERE inspection_id = ?", (inspection_id,))
    db.execute("DELETE FROM signatures WHERE inspection_id = ?", (inspection_id,))
    client = doc.get("client", {})
    db.execute(
        "INSERT INTO inspections (inspection_id, venue_id, county_code, inspector, template_id, template_version, "
        "started_at, finished_at, gps, gps_finished, state, client_revision, base_rev, device, review, "
        "reinspection_of, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'returned', ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (inspection_id) DO UPDATE SET state = 'returned', client_revision = excluded.client_revision, "
        "base_rev = excluded.base_rev, review = excluded.review, finished_at = excluded.finished_at, "
        "gps = excluded.gps, gps_finished = excluded.gps_finished, "
        "updated_at = excluded.updated_at",
        (inspection_id, doc["venue_id"], doc["county_code"], doc["inspector"], doc["template"]["id"],
         doc["template"]["version"], doc["started_at"], doc.get("finished_at"),
         dumps(doc["gps"]) if doc.get("gps") else None,
         dumps(doc["gps_finished"]) if doc.get("gps_finished") else None, client.get("revision", 1), doc.get("_rev"),
         client.get("device"), dumps(doc["review"]) if doc.get("review") else None,
         doc.get("reinspection_of"), client.get("updated_at", now)))
    for item_id, answer in doc.get("answers", {}).items():
        db.execute("INSERT INTO answers (inspection_id, item_id, value, note, photos, answered_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (inspection_id, item_id, dumps(answer["value"]), answer.get("note"),
                    dumps(answer.get("photos", [])), answer.get("answered_at") or now))
    signature = doc.get("signature") or {}
    if signature:
        db.execute(
            "INSERT INTO signatures (inspection_id, name, role, signed_at, image, pad) VALUES (?, ?, ?, ?, ?, ?)",
            (
                inspection_id,
                signature.get("name"),
                signature.get("role"),
                signature.get("signed_at"),
                signature.get("image"),
                dumps(signature["pad"]) if signature.get("pad") else None,
            ),
        )
        for number, points in enumerate(signature.get("strokes", [])):
            db.execute("INSERT INTO signature_strokes (inspection_id, stroke, points) VALUES (?, ?, ?)",
                       (inspection_id, number, dumps(points)))
    db.execute("UPDATE inspections SET returned_digest = ? WHERE inspection_id = ?",
               (_phone_digest(db, inspection_id), inspection_id))


def _phone_digest(db: sqlite3.Connection, inspection_id: str) -> str:
    from .inspections import document_in  # the phone's version, read inside this transaction

    return content_digest(document_in(db, inspection_id))


def _keep_both(db: sqlite3.Connection, doc: dict[str, Any], phone_doc: str, now: str) -> None:
    db.execute("INSERT OR REPLACE INTO conflicts (inspection_id, server_rev, server_doc, phone_doc, found_at) "
               "VALUES (?, ?, ?, ?, ?)", (doc["_id"], doc.get("_rev"), dumps(doc), phone_doc, now))
    db.execute("UPDATE inspections SET state = 'conflict' WHERE inspection_id = ?", (doc["_id"],))


def replace_set(db: sqlite3.Connection, docs: list[dict[str, Any]], now: str, inspector: str | None) -> int:
    """Make the phone's returned inspections the server's set (inside the pull's transaction)."""
    incoming = {d["_id"]: d for d in docs if inspector is None or d.get("inspector") == inspector}
    for doc in incoming.values():
        local = db.execute(
            "SELECT state, base_rev, returned_digest FROM inspections WHERE inspection_id = ?", (doc["_id"],)
        ).fetchone()
        if local is None or local["state"] == "sent":
            write_version(db, doc, now)
        elif local["base_rev"] == doc.get("_rev"):
            continue  # already returned at this revision: the inspector's edits stay
        elif local["state"] == "queued":
            queued = db.execute("SELECT doc FROM outbox WHERE inspection_id = ?", (doc["_id"],)).fetchone()
            _keep_both(db, doc, queued["doc"] if queued else "{}", now)
            db.execute("DELETE FROM outbox WHERE inspection_id = ?", (doc["_id"],))
        elif local["state"] == "returned":
            if _phone_digest(db, doc["_id"]) == local["returned_digest"]:
                write_version(db, doc, now)  # returned again, and the phone changed nothing: no choice to make
            else:
                from .inspections import document_in

                _keep_both(db, doc, dumps(document_in(db, doc["_id"])), now)
        # a conflict already shown stays as it is until the inspector chooses
    # Returned ones the supervisor took back (approved after all) are no longer the phone's to edit.
    for row in db.execute("SELECT inspection_id FROM inspections WHERE state = 'returned'").fetchall():
        if row["inspection_id"] not in incoming:
            db.execute("UPDATE inspections SET state = 'sent' WHERE inspection_id = ?", (row["inspection_id"],))
    return len(incoming)


def conflict(db_rows: Any, inspection_id: str) -> dict[str, Any] | None:
    """{server_rev, server, phone, found_at} of an inspection in conflict, or None."""
    row = db_rows.row("SELECT * FROM conflicts WHERE inspection_id = ?", (inspection_id,))
    if row is None:
        return None
    return {"server_rev": row["server_rev"], "server": json.loads(row["server_doc"]),
            "phone": json.loads(row["phone_doc"]), "found_at": row["found_at"]}
