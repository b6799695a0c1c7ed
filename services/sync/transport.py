"""Bodies on the wire for the sync service: answers gzipped when the phone accepts it.

A phone on GPRS gzips what it sends (``Content-Encoding: gzip``; read by services/common/json_body.py
with a cap on the inflated size) and accepts gzip back.
"""

from __future__ import annotations

import gzip
from typing import Any

from fastapi import Request, Response

from services.common.responses import json_bytes

GZIP_MIN_BYTES = 512  # below this, gzip's header costs more than it saves


def json_response(request: Request, payload: Any, status_code: int = 200) -> Response:
    """JSON, gzipped when the caller accepts it and it is worth it."""
    body = json_bytes(payload)
    headers = {"vary": "accept-encoding"}
    if len(body) >= GZIP_MIN_BYTES and "gzip" in request.headers.get("accept-encoding", "").lower():
        body = gzip.compress(body, compresslevel=6)
        headers["content-encoding"] = "gzip"
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)
