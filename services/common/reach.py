"""What a user reaches, as CouchDB reads: a Mango condition, and changes filtered to the reach.

Ranges rather than ``$regex`` so that the county_code indexes serve them. Callers still check each
document with ``Jurisdiction.covers``: the condition narrows the read, it does not grant access.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.common.couch import Database


def county_selector(jurisdiction: Jurisdiction) -> dict[str, Any]:
    """A Mango condition on county_code covering exactly the jurisdiction."""
    if jurisdiction.level == "region":
        return {"county_code": {"$gte": "54", "$lt": "55"}}
    if jurisdiction.level == "prefecture":
        ranges = [
            {"county_code": {"$gte": code[:4], "$lt": code[:4] + "\ufff0"}}
            for code in jurisdiction.codes
        ]
        return ranges[0] if len(ranges) == 1 else {"$or": ranges or [{"county_code": None}]}
    return {"county_code": {"$in": list(jurisdiction.codes)}}


DROPPED_FIELDS = ("_rev", "_attachments", "_conflicts")


def slim(doc: dict[str, Any]) -> dict[str, Any]:
    """A document as a phone receives it: without CouchDB's bookkeeping."""
    return {k: v for k, v in doc.items() if k not in DROPPED_FIELDS}


class ScopedChanges(NamedTuple):
    docs: list[dict[str, Any]]  # shaped documents within the reach
    removed: list[str]  # ids the reader must drop: deleted, or moved out of the reach
    seq: str  # where to resume (opaque)
    more: bool  # the limit was reached: read again from ``seq``

    @property
    def position(self) -> str | None:
        """Where the database stood when read (``seq``), unless the read was cut by its limit."""
        return None if self.more else self.seq


def _reaches(principal: Principal, doc: dict[str, Any]) -> bool:
    county = doc.get("county_code")
    return isinstance(county, str) and principal.can_reach(county)


def changes_in_reach(db: Database, principal: Principal, doc_type: str, since: str | None, limit: int,
                     shape: Callable[[dict[str, Any]], dict[str, Any]]) -> ScopedChanges:
    """Documents of one type within the user's reach that changed after ``since``.

    ``since=None`` reads them all with a Mango query and returns the position first read, so a
    document written meanwhile comes again next time. Later reads follow ``_changes``.
    """
    if since is None:
        seq = db.update_seq()
        docs = db.find_all({"type": doc_type, **county_selector(principal.jurisdiction)})
        return ScopedChanges([shape(d) for d in docs if _reaches(principal, d)], [], seq, False)
    rows, seq, more = db.changes(since, limit)
    docs, removed = [], []
    prefix = f"{doc_type}:"
    for row in rows:
        doc = row.get("doc")
        if row.get("deleted") or doc is None:
            if row.get("id", "").startswith(prefix):
                removed.append(row["id"])
        elif doc.get("type") == doc_type:
            if _reaches(principal, doc):
                docs.append(shape(doc))
            elif not doc.get("_rev", "").startswith("1-"):
                # An edited document now outside the reach may have been inside it before: the
                # reader drops it if it holds it. A new one outside the reach was never sent.
                removed.append(doc["_id"])
    return ScopedChanges(docs, removed, seq, more)
