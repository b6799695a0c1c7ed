"""When a photo file leaves the phone's disk.

The rule (README, "Photos on the phone"): a photo file is deleted once
  1. the server confirmed it holds the photo whole (its inspection came back in a sync's
     ``complete``: stored with every photo attached), and
  2. its inspection is no longer the phone's to edit (state ``sent`` or ``refused``: not a draft,
     not returned, not queued, not in conflict), and
  3. KEEP_DAYS days passed since that confirmation (the inspector can still look at the day's
     photos, and a supervisor's question that week can be answered from the phone).
A returned inspection needs none of its files to go out again: the server keeps the photos of an
inspection across updates and asks only for those it lacks.
Files that no photo row names (a kill between writing the file and recording it) are deleted
once they are older than an hour.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from ..store.database import Store

KEEP_DAYS = 7
ORPHAN_SECONDS = 3600


def confirm(store: Store, inspection_ids: list[str], now: str) -> None:
    """The server holds every photo of these inspections (a sync's ``result.complete``)."""
    if not inspection_ids:
        return
    marks = ",".join("?" * len(inspection_ids))
    with store.transaction() as db:
        db.execute(f"UPDATE photos SET confirmed_at = ? WHERE confirmed_at IS NULL AND inspection_id IN ({marks})",
                   (now, *inspection_ids))


def sweep(store: Store, now: datetime, wall_clock: float | None = None) -> list[str]:
    """Delete the files the rule lets go; returns their hashes."""
    cutoff = (now - timedelta(days=KEEP_DAYS)).isoformat()
    rows = store.rows(
        "SELECT p.sha256, p.path FROM photos p JOIN inspections i ON i.inspection_id = p.inspection_id "
        "WHERE p.confirmed_at IS NOT NULL AND p.confirmed_at <= ? AND i.state IN ('sent', 'refused') "
        "AND NOT EXISTS (SELECT 1 FROM photos o JOIN inspections j ON j.inspection_id = o.inspection_id "
        "                WHERE o.sha256 = p.sha256 AND j.state NOT IN ('sent', 'refused'))", (cutoff,))
    gone = []
    for row in rows:
        (store.photos_dir / row["path"]).unlink(missing_ok=True)
        gone.append(row["sha256"])
    if gone:
        marks = ",".join("?" * len(gone))
        with store.transaction() as db:
            db.execute(f"DELETE FROM photos WHERE sha256 IN ({marks})", gone)
    named = {r["path"] for r in store.rows("SELECT path FROM photos")}
    clock = wall_clock if wall_clock is not None else time.time()
    if store.photos_dir.exists():
        for path in store.photos_dir.iterdir():
            if path.name not in named and clock - path.stat().st_mtime > ORPHAN_SECONDS:
                path.unlink(missing_ok=True)
    return gone
