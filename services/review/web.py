"""Rendering the review pages: one Jinja2 environment (autoescaping on), the signed-in context,
and errors as pages rather than JSON for people in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from services.catalog.regions import regions
from services.common.auth import Principal
from services.common.errors import KoraError
from services.common.pages import templates_for
from services.common.problems import problem_response
from services.review.auth.session import csrf_token

templates = templates_for(Path(__file__).parent)

# An inspection's status as the pages say it (services/inspections/statuses.py has the codes).
STATUS_WORDS = {"submitted": "待审核", "returned": "已退回", "approved": "已通过", "corrected": "已更正"}


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


templates.env.filters["status_word"] = status_word


def region_names() -> dict[str, str]:
    return {r["code"]: r["name"]["zh"] for r in regions()}


def render(request: Request, template_name: str, principal: Principal | None, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    extra = {"principal": principal, "names": region_names()}
    if principal is not None:
        extra["csrf"] = csrf_token(request, principal)
    return templates.TemplateResponse(request, template_name, {**extra, **context}, status_code=status_code)


def wants_page(request: Request) -> bool:
    """A person in a browser (an HTML page asked for), not a program calling the JSON API."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def error_page(request: Request, exc: KoraError) -> HTMLResponse | JSONResponse:
    if not wants_page(request):
        return problem_response(request, exc.code, exc.detail, **exc.extra)
    return render(request, "error.html", None, status_code=exc.status, error=exc)


def to_login(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
