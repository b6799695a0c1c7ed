"""Sign-in over the sync service: ``POST /auth/login`` (the token every other call carries).

The phone's one other request besides SyncClient's, in the same package so that the app still
talks to the server through kora_app.sync only.
"""

from __future__ import annotations

from typing import Any

import httpx

from .client import SyncClient, SyncError


def sign_in(base_url: str, name: str, password: str, *, device_cookie: str | None = None,
            timeout: float = 30.0, transport: httpx.BaseTransport | None = None) -> dict[str, Any]:
    """``{token, expires_at, user: {name, role, jurisdiction, ...}, device_cookie}``; SyncError on
    refusal (``bad_credentials``, ``too_many_attempts``) or ``network`` when the server cannot be
    reached. ``device_cookie``, from an earlier sign-in on this phone, lets the server tell the
    phone from a stranger guessing the password (docs/accounts.md)."""
    with httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport) as http:
        try:
            body = {"name": name, "password": password}
            if device_cookie:
                body["device_cookie"] = device_cookie
            response = http.post("/auth/login", json=body,
                                 headers={"user-agent": "kora-app-sync/1"})
        except httpx.TransportError as exc:
            raise SyncError("network", f"{type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise SyncClient.problem(response)
    return response.json()
