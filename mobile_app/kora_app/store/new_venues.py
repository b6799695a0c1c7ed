"""Venues the inspector added on the spot: stored at once (the search finds them, an inspection can
start on them) and kept until the server has them.

A new venue goes to the server with the first sync that sends an inspection naming it
(``for_outbox``; POST /sync ``new_venues``, docs/sync-protocol.md). ``record`` keeps what the
server answered: created or already_had marks it sent, anything else is kept as the problem to
show. A full pull never drops a venue the server does not have yet (store/catalog.py).
"""

from __future__ import annotations

import json
from typing import Any

from schemas.rules.venues import new_venue_problems, phone_part

from ..message import Message
from .catalog import put_venue
from .database import Store, dumps
from .errors import StoreError

SENT = ("created", "already_had")


class VenueRefused(StoreError):
    code = "venue_refused"

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__(Message("error:venue_refused"),
                         "; ".join(f"{p['path']}: {p['reason']}" for p in problems[:5]))
        self.problems = problems


def add(store: Store, venue: dict[str, Any], inspector: str, now: str) -> dict[str, Any]:
    """Store a venue the inspector added (as the phone sends it); VenueRefused names what is wrong."""
    problems = new_venue_problems(venue)
    if problems:
        raise VenueRefused(problems)
    sent = phone_part(venue)
    doc = {"_id": f"venue:{sent['venue_id']}", "type": "venue", **sent, "source": "field", "added_by": inspector,
           "verified": False}
    with store.transaction() as db:
        db.execute("INSERT INTO new_venues (venue_id, doc, added_at) VALUES (?, ?, ?)",
                   (sent["venue_id"], dumps(sent), now))
        put_venue(db, doc)
    return doc


def for_outbox(store: Store, outbox: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The new venues not yet on the server that the outbox's inspections name, as the phone sends them."""
    named = {item["doc"].get("venue_id") for item in outbox}
    rows = store.rows("SELECT venue_id, doc FROM new_venues WHERE sent_at IS NULL ORDER BY added_at, venue_id")
    return [json.loads(r["doc"]) for r in rows if r["venue_id"] in named]


def record(store: Store, results: list[dict[str, Any]], now: str) -> None:
    """Apply the server's answers about new venues (``SyncResult.venues``)."""
    with store.transaction() as db:
        for result in results:
            if result.get("result") in SENT:
                db.execute("UPDATE new_venues SET sent_at = ?, problem = NULL WHERE venue_id = ?",
                           (now, result.get("venue_id")))
            elif result.get("venue_id"):
                db.execute("UPDATE new_venues SET problem = ? WHERE venue_id = ?", (dumps(result), result["venue_id"]))


def state(store: Store, venue_id: str) -> dict[str, Any] | None:
    """{added_at, sent_at, problem} of a venue added on this phone; None for the registry's."""
    row = store.row("SELECT added_at, sent_at, problem FROM new_venues WHERE venue_id = ?", (venue_id,))
    if row is None:
        return None
    return {"added_at": row["added_at"], "sent_at": row["sent_at"],
            "problem": json.loads(row["problem"]) if row["problem"] else None}
