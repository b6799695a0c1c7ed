"""The business portal: a business opens its notice with the number and access code printed on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from services.catalog import policy
from services.common.pages import templates_for
from services.notices.lookup import find_notice

router = APIRouter(tags=["portal"])
templates = templates_for(Path(__file__).parent)

STATUSES = {
    "issued": {"zh": "已签发，待整改", "bo": "བཏང་ཟིན། ལེགས་བཅོས་སྒུག་བཞིན་པ།"},
    "answered": {"zh": "已答复，待复查", "bo": "ལན་བཏབ་ཟིན། བསྐྱར་ཞིབ་སྒུག་བཞིན་པ།"},
    "closed": {"zh": "已复查，已结案", "bo": "བསྐྱར་ཞིབ་བྱས་ཟིན། མཇུག་བསྒྲིལ་ཟིན།"},
    "overdue": {"zh": "已逾期", "bo": "དུས་ཚོད་ཡོལ་ཟིན།"},
}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def portal_home(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "portal_home.html", {})


@router.post("/notice", response_class=HTMLResponse, include_in_schema=False)
def open_notice(
    request: Request,
    number: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """The notice page, or one answer for an unknown number and a wrong code alike (404)."""
    notice = find_notice(request.app.state.couch, number.strip(), code.strip())
    if notice is None:
        return templates.TemplateResponse(
            request, "notice_not_found.html", {"number": number[:40]}, status_code=404
        )
    context = {"notice": notice, "documents": policy.TITLES, "status": STATUSES[notice["status"]]}
    return templates.TemplateResponse(request, "notice.html", context)
