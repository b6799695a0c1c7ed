"""A busy server: 503 (or 429) with Retry-After means nothing was done and when to come back.

The client waits Retry-After times a jitter of 1 to 1.5, so that a thousand phones told "30 s"
do not all come back in the same second, and sends the same request again (see client._send).
"""

from __future__ import annotations

import httpx

MAX_RETRY_AFTER_SECONDS = 600.0  # a server asking for longer is waited on for this long
BUSY_RETRIES = 8  # busy answers waited out, per request, before giving up


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The delay a busy server asks for (Retry-After in whole seconds), or None."""
    value = response.headers.get("retry-after", "").strip()
    if not value.isdigit():
        return None
    return min(float(value), MAX_RETRY_AFTER_SECONDS)
