"""Photo upload: several photos in one POST (batch.py) and the status of several; one photo's status (GET)
and one photo from an offset (PUT), kept for phones that send one photo per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from services.common.couch import Couch
from services.common.dependencies import get_couch
from services.common.errors import KoraError
from services.common.image_check import MAX_PHOTO_BYTES
from services.common.json_body import CutBody, json_object_body, read_body
from services.common.roles import Inspector
from services.sync.photos import batch, service
from services.sync.transport import json_response

router = APIRouter(prefix="/sync/photos", tags=["photos"])

MAX_CHUNK_BYTES = 1024 * 1024
INSPECTION_ID = Path(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                     description="the inspection's UUID")
SHA256 = Path(pattern=r"^[0-9a-f]{64}$", description="the photo's SHA-256, lower-case hex")
InspectionId = Annotated[str, INSPECTION_ID]
Sha256 = Annotated[str, SHA256]
CouchDep = Annotated[Couch, Depends(get_couch)]


@dataclass
class Chunk:
    data: bytes
    cut: bool  # the link dropped before the whole chunk arrived


async def chunk_body(request: Request, _: Inspector) -> Chunk:
    """The chunk's bytes; if the phone's link drops mid-chunk, the bytes that did arrive."""
    # Photo bytes travel as they are (JPEG does not gzip): no max_inflated_bytes, so gzip is refused.
    try:
        return Chunk(await read_body(request, MAX_CHUNK_BYTES, what="A photo chunk"), cut=False)
    except CutBody as cut:
        return Chunk(cut.data, cut=True)


@router.get("/{inspection_id}/{sha256}", summary="How much of a photo the server holds")
def get_status(inspection_id: InspectionId, sha256: Sha256, principal: Inspector, couch: CouchDep) -> dict:
    return service.status(couch, principal, inspection_id, sha256)


@router.put("/{inspection_id}/{sha256}", summary="Send the photo's bytes from an offset",
            openapi_extra={"requestBody": {"required": True, "content": {"application/octet-stream": {
                "schema": {"type": "string", "format": "binary", "maxLength": MAX_CHUNK_BYTES}}}}})
def put_chunk(inspection_id: InspectionId, sha256: Sha256,
              offset: Annotated[int, Query(ge=0, le=MAX_PHOTO_BYTES, description="where this chunk starts")],
              total: Annotated[int, Query(ge=1, le=MAX_PHOTO_BYTES, description="the photo's size in bytes")],
              principal: Inspector, chunk: Annotated[Chunk, Depends(chunk_body)], couch: CouchDep) -> dict:
    if chunk.cut and not chunk.data:
        return {}
    # A cut chunk is stored too: the phone resumes after the last byte that arrived, not the chunk's start.
    return service.put_chunk(couch, principal, inspection_id, sha256, offset, total, chunk.data)


MAX_STATUS_BYTES = 64 * 1024


@router.post("", summary="Send several photos, or parts of them, in one request",
             description="A JSON manifest line, then each part's raw bytes (docs/sync-protocol.md). One result "
                         "per part; a cut request keeps every part that arrived and the bytes of the one in flight.",
             openapi_extra={"requestBody": {"required": True, "content": {"application/octet-stream": {
                 "schema": {"type": "string", "format": "binary", "maxLength": batch.MAX_BODY_BYTES}}}}})
async def post_batch(request: Request, principal: Inspector, couch: CouchDep) -> Response:
    answer = await batch.receive(request, couch, principal)
    return json_response(request, answer or {})  # None: the link dropped, nobody reads this


async def status_request(
    _: Inspector, body: Annotated[dict, Depends(json_object_body(MAX_STATUS_BYTES, MAX_STATUS_BYTES))]
) -> list[tuple[str, str]]:
    photos = body.get("photos")
    if not isinstance(photos, list) or not 1 <= len(photos) <= batch.MAX_PARTS:
        raise KoraError("invalid_request", f"'photos' must list 1 to {batch.MAX_PARTS} photos",
                        errors=[{"path": "/photos", "reason": "missing, not a list, empty or too long"}])
    wanted = []
    for i, item in enumerate(photos):
        ok = isinstance(item, dict) and all(isinstance(item.get(k), str) and rule.fullmatch(item[k])
                                            for k, rule in (("inspection_id", batch.UUID), ("sha256", batch.SHA256)))
        if not ok:
            raise KoraError("invalid_request", "each photo is {inspection_id, sha256}",
                            errors=[{"path": f"/photos/{i}", "reason": "missing or malformed inspection_id or sha256"}])
        wanted.append((item["inspection_id"], item["sha256"]))
    return wanted


@router.post("/status", summary="How much of several photos the server holds")
def post_status(request: Request, principal: Inspector, couch: CouchDep,
                wanted: Annotated[list[tuple[str, str]], Depends(status_request)]) -> Response:
    results = []
    for inspection_id, sha256 in wanted:
        try:
            results.append(service.status(couch, principal, inspection_id, sha256))
        except KoraError as exc:
            if exc.code == "database_unavailable":
                raise
            results.append({"inspection_id": inspection_id, "sha256": sha256, "code": exc.code, "detail": exc.detail})
    return json_response(request, {"photos": results})
