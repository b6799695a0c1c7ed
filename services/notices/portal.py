"""The business portal: a business opens its notice with the number and access code printed on it."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.common.pages import templates_for

router = APIRouter(tags=["portal"])
templates = templates_for(Path(__file__).parent)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def portal_home(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "portal_home.html", {})
