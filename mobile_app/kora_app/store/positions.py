"""Where an inspection was started and submitted: the position the phone had, or why it had none.

The positions travel with the inspection (``gps`` when started, ``gps_finished`` when submitted);
why one is missing stays on the phone (``gps_missing``), for the screens to say.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .database import dumps

COLUMNS = {"started": "gps", "finished": "gps_finished"}
NOT_RECORDED = "not_recorded"  # made before the phone recorded positions, or by another app version


def record(db: sqlite3.Connection, inspection_id: str, moment: str, position: dict[str, Any] | None,
           missing: str | None) -> None:
    """Keep the position of ``moment`` (``started`` or ``finished``), inside the caller's transaction."""
    row = db.execute("SELECT gps_missing FROM inspections WHERE inspection_id = ?", (inspection_id,)).fetchone()
    why = json.loads(row["gps_missing"]) if row and row["gps_missing"] else {}
    why.pop(moment, None)
    if position is None and missing:
        why[moment] = missing
    db.execute(f"UPDATE inspections SET {COLUMNS[moment]} = ?, gps_missing = ? WHERE inspection_id = ?",
               (dumps(position) if position else None, dumps(why) if why else None, inspection_id))


def of(head: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{started, finished}: each {position, missing}; a finished one of a draft not yet submitted is
    {position: None, missing: None} (nothing to say yet)."""
    why = json.loads(head["gps_missing"]) if head.get("gps_missing") else {}
    out = {}
    for moment, column in COLUMNS.items():
        position = json.loads(head[column]) if head.get(column) else None
        missing = None if position else why.get(moment)
        if position is None and missing is None and (moment == "started" or head.get("finished_at")):
            missing = NOT_RECORDED
        out[moment] = {"position": position, "missing": missing}
    return out
