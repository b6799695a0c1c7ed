"""Which inspections a supervisor returned, for the sync pull to find them without a query.

Every sync's pull hands the inspector their returned inspections. Asked of the inspections
database, that is a Mango query per sync, against a database every sync writes. Instead, a return
also leaves a small marker, ``return:<inspection id>`` in the ``returns`` database, naming the
inspector; each sync worker follows that database (services/common/changes_follower.py) and holds
every marker. A pull then reads nothing for an inspector with no marker, and only the marked
inspections, by id, for one with markers.

The marker is a hint, never the truth: the inspection's own status decides. It is written before
the status, so a returned inspection always has one. One that no longer applies (the phone re-sent
the inspection) is dropped by the next pull that sees it, once older than STALE_SECONDS, so that a
return being written right now never loses its marker. Markers for inspections returned before
this existed, or by any other writer (an older replica during a rolling upgrade), are made at each
worker's start and then every ENSURE_EVERY_SECONDS (``ensure_markers``); until that has run in a
worker, its pulls ask the inspections database as before.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.rules.timestamps import utc_stamp
from services.common.couch import Couch
from services.common.errors import KoraError
from services.inspections import statuses
from services.inspections import store as inspections

log = logging.getLogger("kora.returns")

DB = "returns"
PREFIX = "return:"
STALE_SECONDS = 600
ENSURE_EVERY_SECONDS = 600
_ensured: set[str] = set()  # returns databases whose markers this process has made complete
_ensured_lock = threading.Lock()


def _marker_id(inspection_id: str) -> str:
    return PREFIX + inspection_id


def _held(doc: dict[str, Any]) -> tuple[str, str, str, str] | None:
    if not str(doc.get("_id", "")).startswith(PREFIX):
        return None
    return doc.get("inspector", ""), doc.get("inspection_id", ""), doc.get("marked_at", ""), doc["_rev"]


FOLLOW = {DB: _held}  # for create_service(follow=...)


def mark(couch: Couch, inspection: dict[str, Any]) -> None:
    """Before an inspection's status becomes returned: its marker, made or freshened. It is stamped
    with the time it is written (not the decision's), which is what staleness is measured from."""
    db = couch.db(DB)
    marker = {"_id": _marker_id(inspection["_id"]), "type": "return", "inspector": inspection.get("inspector"),
              "inspection_id": inspection["_id"], "marked_at": utc_stamp()}
    for _ in range(3):
        current = db.get(marker["_id"])
        if db.put({**marker, **({"_rev": current["_rev"]} if current else {})}) is not None:
            return
    raise KoraError("conflict", "the inspection's return marker kept changing while it was written; try again")


def returned_to(couch: Couch, inspector: str, now: str) -> list[dict[str, Any]]:
    """The inspector's inspections that a supervisor returned."""
    follower = couch.followers.get(DB)
    if follower is None or not follower.live or couch.name(DB) not in _ensured:
        return inspections.returned_to(couch, inspector)
    marked = {iid: (marked_at, rev) for who, iid, marked_at, rev in list(follower.held.values()) if who == inspector}
    if not marked:
        return []
    found = inspections.get_many(couch, sorted(marked))
    returned = [d for d in found.values()
                if d is not None and d.get("status") == statuses.RETURNED and d.get("inspector") == inspector]
    _drop_stale(couch, {iid: marked[iid] for iid in marked if iid not in {d["_id"] for d in returned}}, now)
    return returned


def _drop_stale(couch: Couch, gone: dict[str, tuple[str, str]], now: str) -> None:
    cutoff = (datetime.fromisoformat(now) - timedelta(seconds=STALE_SECONDS))
    stale = [{"_id": _marker_id(iid), "_rev": rev, "_deleted": True} for iid, (marked_at, rev) in gone.items()
             if _older(marked_at, cutoff)]
    if stale:
        try:
            couch.db(DB).bulk(stale)  # a conflict means it was just marked again: it stays
        except KoraError:
            log.warning("stale return markers not dropped this time: CouchDB unavailable")


def _older(stamp: str, cutoff: datetime) -> bool:
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return True
    return (when if when.tzinfo else when.replace(tzinfo=UTC)) < cutoff


def make_markers_complete(couch: Couch) -> None:
    """``ensure_markers`` now: a start-up step of the sync service."""
    ensure_markers(couch, utc_stamp())


def ensure_markers(couch: Couch, now: str) -> None:
    """A marker for every returned inspection that lacks one; then this process trusts the markers."""
    returned = [d for d in inspections.every_returned(couch) if isinstance(d.get("_id"), str)]
    held = couch.db(DB).all_docs([_marker_id(d["_id"]) for d in returned])
    missing = [{"_id": _marker_id(d["_id"]), "type": "return", "inspector": d.get("inspector"),
                "inspection_id": d["_id"], "marked_at": now} for d in returned if held[_marker_id(d["_id"])] is None]
    if missing:
        couch.db(DB).bulk(missing)  # a conflict: marked meanwhile by a return
        log.info("made %d return markers", len(missing))
    with _ensured_lock:
        _ensured.add(couch.name(DB))
