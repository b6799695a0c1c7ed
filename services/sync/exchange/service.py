"""One sync exchange: the phone's push batch and its pull checkpoint in, both answers out.

A typical sync is one ``POST /sync`` (plus one more while ``more`` is true, plus photo chunks).
The push is applied first, so that the pull reflects it. Retrying the same request after a cut link
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

ALLOWED_KEYS = {"push", "checkpoint", "pull"}


def _request_error(path: str, reason: str) -> KoraError:
    return KoraError("invalid_request", f"{path}: {reason}", errors=[{"path": path, "reason": reason}])


def parse_request(body: dict[str, Any]) -> tuple[list[Any], str | None, bool]:
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
    return items, token, wants_pull


def exchange(couch: Couch, principal: Principal, body: dict[str, Any]) -> dict[str, Any]:
    items, token, wants_pull = parse_request(body)
    checkpoint = checkpoints.decode(token, principal)  # a bad checkpoint fails before anything is stored
    # The pull's venue read comes first: it shows where the venues database stands, so the push's
    # venue checks can reuse what this worker read there (the push writes no venue).
    venue_changes = venues_since(couch, principal, checkpoint) if wants_pull else None
    results = push(couch, principal, items, uploads_held=uploads_held,
                   venues_at=venue_changes.position if venue_changes else None)
    answer: dict[str, Any] = {"push": results, "pull": None, "checkpoint": token, "more": False,
                              "server_time": utc_stamp()}
    if wants_pull:
        payload, following, more = pull(couch, principal, checkpoint, venue_changes)
        answer.update(pull=payload, checkpoint=checkpoints.encode(following), more=more)
    return answer
