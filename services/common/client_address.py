"""The address a request came from, as a validated IP address.

uvicorn puts the peer's address in the request, or the one an ``X-Forwarded-For`` header names
when the peer is one of the proxies it was told to trust (``forwarded_allow_ips``, which
services/common/serve.py sets from ``KORA_TRUSTED_PROXIES``; empty by default: no header is
trusted, whatever uvicorn's own default). Whatever
the header said, only a well-formed IP address reaches Kora's counters and logs.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

UNKNOWN = "unknown"


def client_address(request: Request) -> str:
    host = request.client.host if request.client else None
    try:
        return str(ipaddress.ip_address(host))
    except (TypeError, ValueError):
        return UNKNOWN


def proxy_options(trusted_proxies: str) -> dict:
    """uvicorn's options for ``KORA_TRUSTED_PROXIES`` (comma-separated addresses or networks)."""
    trusted = trusted_proxies.strip()
    return {"proxy_headers": True, "forwarded_allow_ips": trusted} if trusted else {"proxy_headers": False}
