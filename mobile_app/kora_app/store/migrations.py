"""The store's tables, one migration per schema version; ``PRAGMA user_version`` says which ran.

Append a migration to change the schema; never edit one that shipped (phones in the field have
run it). Each runs in its own transaction with the version bump, so a kill mid-migration leaves
the previous version whole.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: what the phone is handed, what it makes, what waits to go
    """
    CREATE TABLE templates (
        template_id TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (template_id, version));
    CREATE TABLE regions (code TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE venues (
        venue_id TEXT PRIMARY KEY, county_code TEXT NOT NULL, venue_type TEXT NOT NULL,
        name_zh TEXT NOT NULL, name_bo TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
        pinyin TEXT NOT NULL DEFAULT '', doc TEXT NOT NULL);
    CREATE INDEX venues_county ON venues (county_code);
    CREATE TABLE notices (
        notice_id TEXT PRIMARY KEY, venue_id TEXT NOT NULL, status TEXT NOT NULL,
        deadline TEXT, inspection_id TEXT, doc TEXT NOT NULL);
    CREATE INDEX notices_venue ON notices (venue_id);
    CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT, pulled_at TEXT);

    CREATE TABLE inspections (
        inspection_id TEXT PRIMARY KEY, venue_id TEXT NOT NULL, county_code TEXT NOT NULL,
        inspector TEXT NOT NULL, template_id TEXT NOT NULL, template_version INTEGER NOT NULL,
        started_at TEXT NOT NULL, finished_at TEXT, gps TEXT,
        state TEXT NOT NULL,            -- draft | queued | sent | returned | conflict
        client_revision INTEGER NOT NULL DEFAULT 1, base_rev TEXT, device TEXT,
        review TEXT,                    -- the supervisor's {comment, by, at} of a returned one
        reinspection_of TEXT,           -- notice id when this re-inspects a notice's findings
        returned_digest TEXT,           -- content digest as the supervisor returned it (edited since?)
        updated_at TEXT NOT NULL, sent_at TEXT);
    CREATE INDEX inspections_state ON inspections (state);
    CREATE TABLE answers (
        inspection_id TEXT NOT NULL REFERENCES inspections ON DELETE CASCADE,
        item_id TEXT NOT NULL, value TEXT NOT NULL, note TEXT, photos TEXT NOT NULL DEFAULT '[]',
        answered_at TEXT NOT NULL, PRIMARY KEY (inspection_id, item_id));
    CREATE TABLE signatures (
        inspection_id TEXT PRIMARY KEY REFERENCES inspections ON DELETE CASCADE,
        name TEXT, role TEXT, signed_at TEXT, image TEXT, pad TEXT);
    CREATE TABLE signature_strokes (
        inspection_id TEXT NOT NULL REFERENCES inspections ON DELETE CASCADE,
        stroke INTEGER NOT NULL, points TEXT NOT NULL, PRIMARY KEY (inspection_id, stroke));
    CREATE TABLE photos (
        sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL,
        inspection_id TEXT NOT NULL, item_id TEXT, taken_at TEXT NOT NULL,
        confirmed_at TEXT);             -- when the server said it holds the photo whole
    CREATE INDEX photos_inspection ON photos (inspection_id);
    CREATE TABLE outbox (
        inspection_id TEXT PRIMARY KEY, doc TEXT NOT NULL, base_rev TEXT, queued_at TEXT NOT NULL,
        pushed INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, last_result TEXT);
    CREATE TABLE conflicts (
        inspection_id TEXT PRIMARY KEY, server_rev TEXT, server_doc TEXT NOT NULL,
        phone_doc TEXT NOT NULL, found_at TEXT NOT NULL);
    CREATE TABLE problems (             -- the server refused an inspection: what to fix
        inspection_id TEXT PRIMARY KEY, result TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE account (
        id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, password_hash TEXT NOT NULL,
        token TEXT, token_expires_at REAL, user TEXT NOT NULL, signed_in_at TEXT NOT NULL);
    """,
    # 2: venues the inspector added on the spot, kept until the server has them
    """
    CREATE TABLE new_venues (
        venue_id TEXT PRIMARY KEY, doc TEXT NOT NULL, added_at TEXT NOT NULL,
        sent_at TEXT,                   -- when the server said created or already_had
        problem TEXT);                  -- the server's result when it would not add it
    """,
    # 3: where the inspection was submitted, and why a position is missing (phone-only: the screens say it)
    """
    ALTER TABLE inspections ADD COLUMN gps_finished TEXT;
    ALTER TABLE inspections ADD COLUMN gps_missing TEXT;  -- {"started"?: why, "finished"?: why}
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection) -> int:
    """Run every migration this store has not run yet; returns the version it is at."""
    current = connection.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"the store is at schema version {current}, newer than this app ({SCHEMA_VERSION})")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[version - 1]
        # executescript would commit on its own; run statement by statement inside one transaction.
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
