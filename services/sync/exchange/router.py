"""POST /sync: push and pull in one round trip."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from services.common.couch import Couch
from services.common.dependencies import get_couch
from services.common.json_body import read_json_object
from services.common.roles import Inspector
from services.sync.exchange.service import exchange
from services.sync.transport import json_response

router = APIRouter(prefix="/sync", tags=["sync"])

MAX_SENT_BYTES = 2 * 1024 * 1024  # as sent (gzip or not)
MAX_INFLATED_BYTES = 8 * 1024 * 1024  # once inflated: 100 inspections with long stroke signatures fit

CouchDep = Annotated[Couch, Depends(get_couch)]


async def sync_body(request: Request) -> dict[str, Any]:
    # The caps are read at each request (tests lower them).
    return await read_json_object(request, MAX_SENT_BYTES, MAX_INFLATED_BYTES)


# Declared after the principal on the route, so a caller without a valid token is refused first.
SyncBody = Annotated[dict[str, Any], Depends(sync_body)]


REQUEST_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "additionalProperties": False,
    "properties": {
        "push": {"type": "array", "maxItems": 100, "items": {"type": "object", "properties": {
            "doc": {"$ref": "https://schemas.kora.local/inspection.schema.json"},
            "base_rev": {"type": ["string", "null"]}}}},
        "new_venues": {"type": "array", "maxItems": 100, "description": "venues added on the spot that the "
                       "inspections name (docs/sync-protocol.md)",
                       "items": {"$ref": "https://schemas.kora.local/new_venue.schema.json"}},
        "checkpoint": {"type": ["string", "null"], "description": "what the last sync returned"},
        "pull": {"type": "boolean", "default": True}}}}}}}


@router.post("", summary="Push inspections and pull what changed, in one request",
             description="See docs/sync-protocol.md. Accepts Content-Encoding: gzip; answers gzip when asked.",
             openapi_extra=REQUEST_BODY)
def post_sync(request: Request, principal: Inspector,
              body: SyncBody, couch: CouchDep) -> Response:
    return json_response(request, exchange(couch, principal, body))
