"""The venue registry's rules: import (dry run, all-or-nothing or good rows only), listing, changes."""

from __future__ import annotations

from schemas.rules.jurisdiction import Jurisdiction
from schemas.rules.timestamps import utc_stamp
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.position_cache import PositionCache
from services.common.reach import ScopedChanges, changes_in_reach, county_selector, slim
from services.common.schemas import schema_errors
from services.venues.csv_import import parse

DB = "venues"
_read_at = PositionCache()  # venues by document id (None: no such venue), per worker
COMPARED = ("venue_type", "county_code", "name", "address", "gps", "operator", "contact")


def _now() -> str:
    return utc_stamp()


def _place(doc: dict) -> dict | None:
    """What a push needs of a venue: which it is, its county and its type."""
    if doc.get("type") != "venue" or "venue_id" not in doc:
        return None
    return {k: doc[k] for k in ("venue_id", "county_code", "venue_type") if k in doc}


FOLLOW = {DB: _place}  # for create_service(follow=...): the sync workers hold every venue's place


def _stored(couch: Couch, ids: list[str]) -> dict[str, dict]:
    return {doc_id: doc for doc_id, doc in couch.db(DB).all_docs(ids).items() if doc}


def get_many(couch: Couch, venue_ids: list[str], at: str | None = None,
             county: str | None = None) -> dict[str, dict]:
    """The venues that exist among ``venue_ids``, by venue id, in one request.

    ``at``: a position the caller has just seen the venues database at (services/common/
    position_cache.py); venues this worker read at that same position are not read again.
    ``county``: the caller's own county; when a venue must be read, the whole county is read with
    it, so that the next syncs from that county find their venues held.

    Given ``at``, in a worker whose venues follower is live (``FOLLOW``), the venues it holds come
    from memory with only ``venue_id``, ``county_code`` and ``venue_type``; one it does not hold
    (added a moment ago by another worker, or no such venue) is read."""
    ids = [f"venue:{v}" for v in venue_ids]
    follower = couch.followers.get(DB)
    if at is not None and follower is not None and follower.keeps_documents and follower.live:
        places = {doc_id: follower.held.get(doc_id) for doc_id in ids}
        unknown = [doc_id for doc_id, place in places.items() if place is None]
        stored = {doc_id: place for doc_id, place in places.items() if place is not None}
        stored.update(_stored(couch, unknown) if unknown else {})
    elif at is None:
        stored = _stored(couch, ids)
    else:
        docs = _read_at.read_through(couch.name(DB), at, ids, lambda missing: _read_missing(couch, missing, county))
        stored = {doc_id: doc for doc_id, doc in docs.items() if doc}
    return {doc["venue_id"]: doc for doc in stored.values() if "venue_id" in doc}


def _read_missing(couch: Couch, ids: list[str], county: str | None) -> dict[str, dict | None]:
    found: dict[str, dict | None] = {}
    if county is not None:
        found = {doc["_id"]: doc for doc in couch.db(DB).find_all({"type": "venue", "county_code": county})}
    elsewhere = [doc_id for doc_id in ids if doc_id not in found]
    if elsewhere:
        found.update(couch.db(DB).all_docs(elsewhere))
    return found


def in_reach_since(couch: Couch, principal: Principal, since: str | None, limit: int) -> ScopedChanges:
    """The venues a user reaches that changed after ``since`` (all of them when None)."""
    return changes_in_reach(couch.db(DB), principal, "venue", since, limit, slim)


def import_csv(couch: Couch, raw: bytes, *, dry_run: bool = True, only_good_rows: bool = False) -> dict:
    """Import venues from CSV bytes.

    Rule: a file with any refused row imports nothing (``import_refused``) unless the caller asks
    for ``only_good_rows``; ``dry_run`` reports what would happen and writes nothing. Rows equal to
    the stored venue are left alone, so a rerun writes nothing.
    """
    parsed = parse(raw)
    refused = list(parsed.refused)
    stored = _stored(couch, [f"venue:{v['venue_id']}" for v in parsed.venues])
    by_id_elsewhere = _same_place_under_other_id(couch, parsed.venues)
    now, writes, unchanged = _now(), [], 0
    for venue in parsed.venues:
        row = venue.pop("_row")
        doc_id = f"venue:{venue['venue_id']}"
        clash = by_id_elsewhere.get(venue["venue_id"])
        if clash:
            refused.append({"row": row, "reasons": [f"duplicate: the registry already has this venue as {clash}"]})
            continue
        old = stored.get(doc_id)
        if old and all(old.get(k) == venue.get(k) for k in COMPARED):
            unchanged += 1
            continue
        doc = {"_id": doc_id, "type": "venue", **venue, "updated_at": now}
        if old:
            doc["_rev"] = old["_rev"]
        errors = schema_errors("venue", doc)
        if errors:
            refused.append({"row": row, "reasons": [f"{e['path']}: {e['message']}" for e in errors]})
            continue
        writes.append(doc)
    refused.sort(key=lambda r: r["row"])
    report = {"dry_run": dry_run, "rows_ok": len(writes) + unchanged, "to_write": len(writes),
              "unchanged": unchanged, "refused": refused, "written": 0}
    if refused and not only_good_rows and not dry_run:
        raise KoraError("import_refused", f"{len(refused)} row(s) refused; fix them or import only the good rows",
                        refused=refused)
    if dry_run or not writes:
        return report
    conflicts = [r["id"] for r in couch.db(DB).bulk(writes) if r.get("error")]
    report["written"] = len(writes) - len(conflicts)
    report["conflicts"] = conflicts
    return report


def _same_place_under_other_id(couch: Couch, venues: list[dict]) -> dict[str, str]:
    """Venues whose type, county, name and address match a stored venue with a different id."""
    counties = sorted({v["county_code"] for v in venues})
    if not counties:
        return {}
    existing = couch.db(DB).find_all({"type": "venue", "county_code": {"$in": counties}})
    key = lambda d: (d["venue_type"], d["county_code"], d["name"].get("zh"), d["address"])
    index = {key(d): d["venue_id"] for d in existing}
    return {v["venue_id"]: index[key(v)] for v in venues
            if key(v) in index and index[key(v)] != v["venue_id"]}


def list_venues(couch: Couch, jurisdiction: Jurisdiction) -> list[dict]:
    docs = couch.db(DB).find_all({"type": "venue", **county_selector(jurisdiction)})
    return sorted((d for d in docs if jurisdiction.covers(d["county_code"])), key=lambda d: d["venue_id"])


def count_by_county(couch: Couch) -> dict[str, int]:
    """How many venues each county has, from the venues' by_county view (design-review.json)."""
    rows = couch.db(DB).view("review", "by_county", group=True)
    return {row["key"]: row["value"] for row in rows}
