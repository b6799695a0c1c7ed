"""POST /sync: push and pull in one round trip."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from services.common.couch import Couch
from services.common.dependencies import get_couch
from services.common.errors import KoraError
from services.common.roles import Inspector
from services.sync.exchange.service import exchange
from services.sync.transport import ClientDisconnect, json_response, parse_json_object, read_body

router = APIRouter(prefix="/sync", tags=["sync"])

MAX_SENT_BYTES = 2 * 1024 * 1024  # as sent (gzip or not)
MAX_INFLATED_BYTES = 8 * 1024 * 1024  # once inflated: 100 inspections with long stroke signatures fit

CouchDep = Annotated[Couch, Depends(get_couch)]


async def sync_body(request: Request, _: Inspector) -> dict[str, Any]:
    # Depends on the principal so that a caller without a valid token is refused before the body is read.
    try:
        body = await read_body(request, MAX_SENT_BYTES, MAX_INFLATED_BYTES)
    except ClientDisconnect:
        # The link dropped mid-request: nothing was applied, and the phone will send it again.
        raise KoraError("malformed_json", "the body was cut short") from None
    return parse_json_object(body)


REQUEST_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "additionalProperties": False,
    "properties": {
        "push": {"type": "array", "maxItems": 100, "items": {"type": "object", "properties": {
            "doc": {"$ref": "https://schemas.kora.local/inspection.schema.json"},
            "base_rev": {"type": ["string", "null"]}}}},
        "checkpoint": {"type": ["string", "null"], "description": "what the last sync returned"},
        "pull": {"type": "boolean", "default": True}}}}}}}


@router.post("", summary="Push inspections and pull what changed, in one request",
             description="See docs/sync-protocol.md. Accepts Content-Encoding: gzip; answers gzip when asked.",
             openapi_extra=REQUEST_BODY)
def post_sync(request: Request, principal: Inspector,
              body: Annotated[dict[str, Any], Depends(sync_body)], couch: CouchDep) -> Response:
    return json_response(request, exchange(couch, principal, body))
