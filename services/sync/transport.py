"""Bodies on the wire for the sync service: size caps per route, gzip both ways.

A phone on GPRS gzips what it sends (``Content-Encoding: gzip``) and accepts gzip back. The request
body is read with a cap on its size as sent and a second cap on its size once inflated, so a small
gzip bomb is refused with ``body_too_large`` before it can fill memory.
"""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

from fastapi import Request, Response
from starlette.requests import ClientDisconnect

from services.common.errors import KoraError

GZIP_MIN_BYTES = 512  # below this, gzip's header costs more than it saves


async def read_body(request: Request, max_bytes: int, max_inflated_bytes: int | None = None) -> bytes:
    """The request body, inflated when gzip, refused when over either cap."""
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip"):
        raise KoraError("unsupported_media_type", f"Content-Encoding {encoding[:40]!r} is not accepted; use gzip or none")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise KoraError("body_too_large", f"The body is larger than {max_bytes} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise KoraError("body_too_large", f"The body is larger than {max_bytes} bytes.")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if encoding == "gzip":
        return inflate(raw, max_inflated_bytes or max_bytes)
    return raw


def refuse_encoded_or_declared_too_large(request: Request, max_bytes: int, what: str) -> None:
    """Photo bytes travel as they are: refuse a compressed body, and one whose declared length is
    over the limit, before reading any of it."""
    if request.headers.get("content-encoding", "identity").lower() != "identity":
        raise KoraError("unsupported_media_type", f"{what} are sent as they are (JPEG does not gzip)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise KoraError("body_too_large", f"{what} may have at most {max_bytes} bytes")


def inflate(data: bytes, limit: int) -> bytes:
    """Gunzip ``data``, refusing anything that inflates beyond ``limit`` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise KoraError("malformed_json", f"The body says gzip but does not inflate: {exc}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise KoraError("body_too_large", f"The body inflates to more than {limit} bytes.")
    if not inflater.eof:
        raise KoraError("malformed_json", "The gzip body is cut short.")
    return out


def parse_json_object(body: bytes) -> dict[str, Any]:
    if not body:
        raise KoraError("malformed_json", "The body is empty; send a JSON object.")
    try:
        value = json.loads(body)
    except UnicodeDecodeError:
        raise KoraError("malformed_json", "The body is not UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise KoraError("malformed_json", f"The body is not valid JSON: {exc.msg} at position {exc.pos}") from None
    if not isinstance(value, dict):
        raise KoraError("invalid_request", "The body must be a JSON object.", errors=[{"path": "/", "reason": "not an object"}])
    return value


def json_response(request: Request, payload: Any, status_code: int = 200) -> Response:
    """JSON, gzipped when the caller accepts it and it is worth it."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"vary": "accept-encoding"}
    if len(body) >= GZIP_MIN_BYTES and "gzip" in request.headers.get("accept-encoding", "").lower():
        body = gzip.compress(body, compresslevel=6)
        headers["content-encoding"] = "gzip"
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)


__all__ = ["ClientDisconnect", "inflate", "json_response", "parse_json_object", "read_body"]
