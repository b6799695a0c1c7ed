"""Venues added on the spot: an inspector's phone sends them with the inspections that need them
(POST /sync ``new_venues``), and a supervisor or administrator confirms them later.

Each venue sent gets one result, like a pushed inspection:

    created      stored: source field, added_by the caller, verified false
    already_had  the server holds exactly this venue from this inspector (a re-send), whatever a
                 supervisor did with it since
    conflict     the id names another venue (other fields, another inspector, or an imported one)
    invalid      breaks the rules of a new venue (schemas/rules/venues.py, schemas/new_venue.schema.json),
                 or names a county Tibet does not have; ``errors`` has the paths
    refused      the county is outside the caller's jurisdiction

The limits are the registry's own; text is stored exactly as typed (markup is text). Nothing here
trusts the phone for who added the venue or whether it is verified.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.timestamps import utc_stamp
from schemas.rules.venues import field_digest, new_venue_problems, phone_part
from services.catalog.regions import county_codes
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.reach import slim
from services.common.schemas import schema_errors

DB = "venues"
SOURCE = "field"


def _result(index: int, venue_id: Any, result: str, **extra: Any) -> dict[str, Any]:
    return {"index": index, "venue_id": venue_id if isinstance(venue_id, str) else None, "result": result, **extra}


def _invalid(index: int, venue_id: Any, errors: list[dict[str, str]]) -> dict[str, Any]:
    reason = "; ".join(f"{e['path']}: {e['reason']}" for e in errors[:5])
    return _result(index, venue_id, "invalid", code="invalid_document", reason=reason, errors=errors)


def _screen(index: int, venue: Any, principal: Principal, known: frozenset[str]) -> dict[str, Any] | None:
    """The result of a venue that cannot be stored, or None when it may be."""
    venue_id = venue.get("venue_id") if isinstance(venue, dict) else None
    errors = new_venue_problems(venue) or schema_errors("new_venue", venue)
    if errors:
        return _invalid(index, venue_id, errors)
    if venue["county_code"] not in known:
        return _invalid(index, venue_id, [{"path": "/county_code",
                                           "reason": f"{venue['county_code']} is not a county of Tibet"}])
    if not principal.can_reach(venue["county_code"]):
        return _result(index, venue_id, "refused", code="forbidden",
                       reason=f"county {venue['county_code']} is outside your jurisdiction")
    return None


def _judge_existing(index: int, venue: dict[str, Any], stored: dict[str, Any],
                    principal: Principal) -> dict[str, Any]:
    mine = stored.get("source") == SOURCE and stored.get("added_by") == principal.name
    if mine and stored.get("field_digest") == field_digest(venue):
        return _result(index, venue["venue_id"], "already_had")
    reason = ("you sent this venue before with other fields" if mine
              else "the registry already has another venue under this id")
    extra = {"server": slim(stored)} if principal.can_reach(str(stored.get("county_code", ""))) else {}
    return _result(index, venue["venue_id"], "conflict", code="conflict", reason=reason, **extra)


def _document(venue: dict[str, Any], principal: Principal, now: str) -> dict[str, Any]:
    return {"_id": f"venue:{venue['venue_id']}", "type": "venue", **phone_part(venue), "source": SOURCE,
            "added_by": principal.name, "added_at": now, "verified": False, "field_digest": field_digest(venue),
            "updated_at": now}


def add_from_field(couch: Couch, principal: Principal, sent: list[Any], now: str | None = None) -> list[dict]:
    """Store the venues an inspector added; one result per venue, in order (see the module's table)."""
    known = county_codes()
    results: dict[int, dict[str, Any]] = {}
    accepted: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, venue in enumerate(sent):
        problem = _screen(index, venue, principal, known)
        if problem is None and venue["venue_id"] in accepted:
            problem = _invalid(index, venue["venue_id"], [{"path": "/venue_id", "reason": "sent twice in one request"}])
        if problem is not None:
            results[index] = problem
        else:
            accepted[venue["venue_id"]] = (index, venue)
    stamp = now or utc_stamp()
    pending = dict(accepted)
    for _round in range(2):  # a write that lost a race with a re-send is judged against the winner once
        if not pending:
            break
        stored = couch.db(DB).all_docs([f"venue:{v}" for v in pending])
        writes = []
        for venue_id, (index, venue) in pending.items():
            existing = stored.get(f"venue:{venue_id}")
            if existing is not None:
                results[index] = _judge_existing(index, venue, existing, principal)
                continue
            doc = _document(venue, principal, stamp)
            errors = schema_errors("venue", doc)
            if errors:
                results[index] = _invalid(index, venue_id, errors)
            else:
                writes.append(doc)
        written = {w.get("id"): w for w in couch.db(DB).bulk(writes)}
        raced = {}
        for doc in writes:
            index, venue = pending[doc["venue_id"]]
            outcome = written.get(doc["_id"], {"error": "missing"})
            if outcome.get("rev") and not outcome.get("error"):
                results[index] = _result(index, doc["venue_id"], "created", rev=outcome["rev"])
            elif outcome.get("error") == "conflict":
                raced[doc["venue_id"]] = (index, venue)
            else:
                results[index] = _result(index, doc["venue_id"], "conflict", code="conflict",
                                         reason=f"CouchDB refused it: {outcome.get('error')}; send it again")
        pending = raced
    for index, venue in pending.values():
        results[index] = _result(index, venue["venue_id"], "conflict", code="conflict",
                                 reason="written by someone else at the same moment; send it again")
    return [results[i] for i in range(len(sent))]


def verify(couch: Couch, principal: Principal, venue_id: str, now: str | None = None) -> dict[str, Any]:
    """A supervisor or administrator confirms a venue added in the field; confirming again changes nothing."""
    doc = couch.db(DB).get(f"venue:{venue_id}")
    if doc is None or not principal.can_reach(str(doc.get("county_code", ""))):
        raise KoraError("not_found", f"no venue {venue_id} within your jurisdiction")
    if doc.get("source") != SOURCE:
        raise KoraError("invalid_transition", f"venue {venue_id} comes from the registry: there is nothing to confirm")
    if doc.get("verified"):
        return slim(doc)
    stamp = now or utc_stamp()
    stored = couch.db(DB).put({**doc, "verified": True, "verified_by": principal.name, "verified_at": stamp,
                               "updated_at": stamp})
    if stored is None:
        raise KoraError("conflict", f"venue {venue_id} changed while it was being confirmed; try again")
    return slim(stored)
