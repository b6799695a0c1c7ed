"""Who is looking at the review pages: a session cookie holding the sign-in token, and CSRF.

The cookie carries the same signed token the sync service issues (services/users ``login``), so
lockout, revocation and deactivation apply unchanged. It is HttpOnly and SameSite=Lax, and Secure
when ``KORA_SECURE_COOKIES`` is set (behind TLS). The JSON API also takes the token as a bearer.

Every form that changes something carries a CSRF token: an HMAC of the session's token id under
the service's secret, so it is worthless without the session and changes with each sign-in.
A request signed in by cookie that changes something must send it (form field ``csrf`` or the
``X-CSRF-Token`` header); a bearer-token request needs none, since browsers never add it by themselves.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request

from services.common.auth import Principal, read_token
from services.common.errors import KoraError

COOKIE = "kora_session"
REVIEWER_ROLES = ("supervisor", "administrator")


class LoginRequired(Exception):
    """A page asked for a signed-in reviewer and there is none: the app redirects to /login."""


def csrf_token(request: Request, principal: Principal) -> str:
    key = request.app.state.settings.kora_secret_key.encode()
    return hmac.new(key, f"csrf:{principal.token_id}".encode(), hashlib.sha256).hexdigest()


def _from_token(request: Request, token: str) -> Principal:
    principal = read_token(request.app.state.settings, token)
    check = getattr(request.app.state, "revocation_check", None)
    if check is not None:
        check(request, principal)
    if principal.role not in REVIEWER_ROLES:
        raise KoraError("forbidden", "the review pages are for supervisors and administrators")
    return principal


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def api_reviewer(request: Request) -> Principal:
    """The reviewer behind an API call: bearer token, or the session cookie."""
    bearer = _bearer(request)
    if bearer:
        return _from_token(request, bearer)
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise KoraError("not_authenticated")
    principal = _from_token(request, cookie)
    request.state.by_cookie = True
    return principal


def page_reviewer(request: Request) -> Principal:
    """The reviewer behind a page; without a valid session, off to the sign-in page."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise LoginRequired()
    try:
        principal = _from_token(request, cookie)
    except KoraError as exc:
        if exc.code == "forbidden":
            raise
        raise LoginRequired() from None
    request.state.by_cookie = True
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    """Refuse a cookie-signed change without the session's CSRF token (nothing is changed)."""
    if not getattr(request.state, "by_cookie", False):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, csrf_token(request, principal)):
        raise KoraError("csrf_failed")


Reviewer = Annotated[Principal, Depends(page_reviewer)]
ApiReviewer = Annotated[Principal, Depends(api_reviewer)]


def admin_only(principal: Principal) -> None:
    if principal.role != "administrator":
        raise KoraError("forbidden", "this needs the role administrator")
