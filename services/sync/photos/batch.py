"""Several photos in one request: a JSON manifest line, then each part's raw bytes, back to back.

    POST /sync/photos
    {"parts": [{"inspection_id": "…", "sha256": "…", "offset": 0, "length": 151234, "total": 151234}, …]}\n
    <151234 bytes of the first photo><the next part's bytes>…

A part is bytes ``offset .. offset+length`` of one photo of ``total`` bytes (a whole photo, the rest of
one, or the start of one that goes on in the next request). Parts are handled one after the other
*while the body is still arriving*: each one, once its last byte is in, goes through exactly what a
single ``PUT /sync/photos/{inspection}/{sha256}`` does (service.put_chunk: reach, reference, trim,
SHA-256, Pillow, attach exactly once). So a request cut at any byte keeps every part that fully
arrived and the bytes of the one in flight, and a bad part (someone else's inspection, a non-image, a
hash mismatch) is refused on its own: the answer has one result per part, in order.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.image_check import MAX_PHOTO_BYTES
from services.common.json_body import parse_json, refuse_before_reading
from services.sync.photos import service

MAX_PART_BYTES = 1024 * 1024  # photo bytes per request, as a single-photo PUT allows
MAX_MANIFEST_BYTES = 64 * 1024
MAX_BODY_BYTES = MAX_PART_BYTES + MAX_MANIFEST_BYTES
MAX_PARTS = 100
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Part:
    inspection_id: str
    sha256: str
    offset: int
    length: int
    total: int


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_manifest(line: bytes) -> list[Part]:
    """The parts a manifest line announces; ``malformed_json`` / ``invalid_request`` / ``body_too_large``."""
    value = parse_json(line, "The photo batch's manifest line")
    raw = value.get("parts") if isinstance(value, dict) else None
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_PARTS:
        raise KoraError("invalid_request", f"the manifest needs 'parts': a list of 1 to {MAX_PARTS} parts",
                        errors=[{"path": "/parts", "reason": "missing, not a list, empty or too long"}])
    errors: list[dict[str, str]] = []
    parts: list[Part] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(raw):
        where = f"/parts/{i}"
        if not isinstance(item, dict):
            errors.append({"path": where, "reason": "not an object"})
            continue
        bad = [k for k, rule in (("inspection_id", UUID), ("sha256", SHA256))
               if not isinstance(item.get(k), str) or not rule.fullmatch(item[k])]
        bad += [k for k in ("offset", "length", "total") if not _int(item.get(k)) or item[k] < 0]
        if bad:
            errors.extend({"path": f"{where}/{k}", "reason": "missing or malformed"} for k in bad)
            continue
        part = Part(item["inspection_id"], item["sha256"], item["offset"], item["length"], item["total"])
        if not 1 <= part.total <= MAX_PHOTO_BYTES or part.offset + part.length > part.total:
            errors.append({"path": where, "reason": f"offset+length must fit in total (1 to {MAX_PHOTO_BYTES})"})
        elif (part.inspection_id, part.sha256) in seen:
            errors.append({"path": where, "reason": "the same photo twice in one batch"})
        else:
            seen.add((part.inspection_id, part.sha256))
            parts.append(part)
    if errors:
        raise KoraError("invalid_request", "the photo batch manifest is not valid", errors=errors)
    if sum(p.length for p in parts) > MAX_PART_BYTES:
        raise KoraError("body_too_large", f"a photo batch may carry at most {MAX_PART_BYTES} photo bytes")
    return parts


def _store(couch: Couch, principal: Principal, index: int, part: Part, data: bytes) -> dict[str, Any]:
    """One part through the single-photo path; its refusal is its own result, not the request's."""
    head = {"index": index, "inspection_id": part.inspection_id, "sha256": part.sha256}
    try:
        status = service.put_chunk(couch, principal, part.inspection_id, part.sha256, part.offset, part.total, data)
    except KoraError as exc:
        if exc.code == "database_unavailable":
            raise
        return {**head, **exc.extra, "code": exc.code, "detail": exc.detail}
    return {**head, **status}


class _Worker:
    """Stores parts in order, in a thread, while the request keeps reading the next one."""

    def __init__(self, couch: Couch, principal: Principal) -> None:
        self.couch, self.principal = couch, principal
        self.results: list[dict[str, Any]] = []
        self.unavailable: KoraError | None = None
        self.queue: asyncio.Queue[tuple[int, Part, bytes] | None] = asyncio.Queue()
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while (job := await self.queue.get()) is not None:
            index, part, data = job
            if self.unavailable is not None:  # CouchDB is gone: do not try the rest
                self.results.append({"index": index, "inspection_id": part.inspection_id, "sha256": part.sha256,
                                     "code": "database_unavailable", "detail": self.unavailable.detail})
                continue
            try:
                self.results.append(await run_in_threadpool(_store, self.couch, self.principal, index, part, data))
            except KoraError as exc:
                self.unavailable = exc
                self.results.append({"index": index, "inspection_id": part.inspection_id, "sha256": part.sha256,
                                     "code": exc.code, "detail": exc.detail})

    async def finish(self) -> list[dict[str, Any]]:
        self.queue.put_nowait(None)
        await self.task
        if self.unavailable is not None and all("code" in r for r in self.results):
            raise self.unavailable  # nothing was stored: 503, the phone retries the whole request
        return self.results


async def receive(request: Request, couch: Couch, principal: Principal) -> dict[str, Any] | None:
    """Read and store a photo batch as it arrives; the answer, or None when the link dropped."""
    refuse_before_reading(request, MAX_BODY_BYTES, "A photo batch")
    buffer = bytearray()
    parts: list[Part] | None = None
    worker: _Worker | None = None
    current = 0  # the part being received
    cut = False
    try:
        async for chunk in request.stream():
            buffer += chunk
            if parts is None:
                newline = buffer.find(b"\n")
                if newline < 0:
                    if len(buffer) > MAX_MANIFEST_BYTES:
                        raise KoraError(
                            "body_too_large", f"the manifest line may have at most {MAX_MANIFEST_BYTES} bytes"
                        )
                    continue
                parts = parse_manifest(bytes(buffer[:newline]))
                del buffer[:newline + 1]
                worker = _Worker(couch, principal)
            while worker is not None and current < len(parts) and len(buffer) >= parts[current].length:
                size = parts[current].length
                worker.queue.put_nowait((current, parts[current], bytes(buffer[:size])))
                del buffer[:size]
                current += 1
            if worker is not None and current == len(parts) and buffer:
                raise KoraError("invalid_request", "the body is longer than its manifest's parts",
                                errors=[{"path": "/parts", "reason": "bytes after the last part"}])
    except ClientDisconnect:
        cut = True
    except KoraError:
        if worker is not None:
            await worker.finish()
        raise
    if parts is None or worker is None:
        if cut:
            return None
        raise KoraError("malformed_json", "a photo batch starts with its JSON manifest and a newline")
    if current < len(parts) and buffer:  # the part in flight: keep the bytes that arrived
        worker.queue.put_nowait((current, parts[current], bytes(buffer)))
    results = await worker.finish()
    if cut:
        return None
    if current < len(parts):
        raise KoraError("invalid_request", f"the body ended inside part {current}; its bytes that arrived are kept",
                        errors=[{"path": f"/parts/{current}", "reason": "fewer bytes than its length"}])
    return {"parts": results}
