"""One sync exchange: the phone's push batch and its pull checkpoint in, both answers out.

A typical sync is one ``POST /sync`` (plus one more while ``more`` is true, plus photo chunks).
The venues an inspector added on the spot (``new_venues``) are created first, through the venues
domain, so that the inspections of the same request that name them are accepted; then the push,
then the pull, which reflects both. Retrying the same request after a cut link
is safe: the push is idempotent (ids are made on the phone) and the pull restarts from the same
checkpoint.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.timestamps import utc_stamp
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.sync.photos.service import uploads_held
from services.sync.pull import checkpoint as checkpoints
from services.sync.pull.service import pull, venues_since
from services.sync.push.service import MAX_BATCH, push
from services.venues.field import add_from_field

ALLOWED_KEYS = {"push", "checkpoint", "pull", "new_venues"}


def _request_error(path: str, reason: str) -> KoraError:
    return KoraError("invalid_request", f"{path}: {reason}", errors=[{"path": path, "reason": reason}])


def parse_request(body: dict[str, Any]) -> tuple[list[Any], str | None, bool, list[Any]]:
    unknown = sorted(set(body) - ALLOWED_KEYS)
    if unknown:
        raise _request_error(f"/{unknown[0]}", f"unknown field; a sync request has only {sorted(ALLOWED_KEYS)}")
    items = body.get("push", [])
    if not isinstance(items, list):
        raise _request_error("/push", "must be a list of {doc, base_rev}")
    if len(items) > MAX_BATCH:
        raise _request_error("/push", f"at most {MAX_BATCH} inspections per request; send the rest in the next one")
    token = body.get("checkpoint")
    if token is not None and not isinstance(token, str):
        raise _request_error("/checkpoint", "must be the string the last sync returned, or null")
    wants_pull = body.get("pull", True)
    if not isinstance(wants_pull, bool):
        raise _request_error("/pull", "must be true or false")
    new_venues = body.get("new_venues", [])
    if not isinstance(new_venues, list):
        raise _request_error("/new_venues", "must be a list of venues added on the spot")
    if len(new_venues) > MAX_BATCH:
        raise _request_error("/new_venues", f"at most {MAX_BATCH} new venues per request")
    return items, token, wants_pull, new_venues


def _not_created(results: list[dict[str, Any]]) -> dict[str, str]:
    """Venue id -> why the venue sent with this request is not there, for its inspections' results."""
    return {r["venue_id"]: f"{r['result']}: {r.get('reason', '')}" for r in results
            if r["venue_id"] and r["result"] not in ("created", "already_had")}


def exchange(couch: Couch, principal: Principal, body: dict[str, Any]) -> dict[str, Any]:
    items, token, wants_pull, new_venues = parse_request(body)
    checkpoint = checkpoints.decode(token, principal)  # a bad checkpoint fails before anything is stored
    venue_results = add_from_field(couch, principal, new_venues) if new_venues else []
    # The pull's venue read comes next, after the venues added in the field: it shows where the
    # venues database stands, so the push's venue checks can reuse what this worker read there
    # (the push itself writes no venue).
    venue_changes = venues_since(couch, principal, checkpoint) if wants_pull else None
    results = push(couch, principal, items, uploads_held=uploads_held, venues_not_created=_not_created(venue_results),
                   venues_at=venue_changes.position if venue_changes else None)
    answer: dict[str, Any] = {"push": results, "new_venues": venue_results, "pull": None, "checkpoint": token,
                              "more": False, "server_time": utc_stamp()}
    if wants_pull:
        payload, following, more = pull(couch, principal, checkpoint, venue_changes)
        answer.update(pull=payload, checkpoint=checkpoints.encode(following), more=more)
    return answer
