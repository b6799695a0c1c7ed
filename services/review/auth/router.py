"""Sign-in and sign-out pages of the review service."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.errors import KoraError
from services.review.auth import accounts
from services.review.auth.session import (
    COOKIE,
    REVIEWER_ROLES,
    ApiReviewer,
    Reviewer,
    check_csrf,
    csrf_token,
)
from services.review.web import render
from services.users import service as users

router = APIRouter(tags=["review pages"], include_in_schema=False)


def _safe_next(value: str | None) -> str:
    # Only a path on this site: never an absolute URL an attacker could send a supervisor to.
    if not value or not value.startswith("/") or value.startswith("//") or urlsplit(value).netloc:
        return "/queue"
    return value


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", None, next=_safe_next(next))


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/queue")) -> Response:
    settings = request.app.state.settings
    try:
        answer = accounts.sign_in(request, name, password)
        if answer["user"]["role"] not in REVIEWER_ROLES:
            raise KoraError("forbidden", "the review pages are for supervisors and administrators")
    except KoraError as exc:
        return render(
            request, "login.html", None, status_code=exc.status, error=exc, user_name=name, next=_safe_next(next)
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    max_age = max(0, int(answer["expires_at"] - time.time()))
    response.set_cookie(COOKIE, answer["token"], max_age=max_age, httponly=True, samesite="lax",
                        secure=settings.kora_secure_cookies, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, principal: Reviewer) -> Response:
    await check_csrf(request, principal)
    users.revoke(request.app.state.couch, principal.name, jti=principal.token_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response



@router.get("/api/review/session", include_in_schema=True, tags=["review: session"])
def session_api(request: Request, principal: ApiReviewer) -> dict:
    """Who is signed in, and the CSRF token a cookie-signed change must send (X-CSRF-Token)."""
    return {"name": principal.name, "role": principal.role, "jurisdiction": principal.jurisdiction.as_dict(),
            "csrf": csrf_token(request, principal)}
