"""The business portal: with the number and access code printed on its notice, a business sees
that notice, downloads its PDF and answers each finding with what it did and a photo.

There is no session: every form carries the number and code (POST only, never in an address) and
every request checks them again, under the rate limit of guesses.py. Nothing but the notice the
code opens is ever shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from services.catalog import policy
from services.common.errors import KoraError
from services.common.image_check import MAX_PHOTO_BYTES
from services.common.pages import templates_for
from services.notices import answers, guesses, store
from services.notices.lookup import NUMBER, find_notice

router = APIRouter(tags=["portal"])
templates = templates_for(Path(__file__).parent)

STATUSES = {
    "issued": {"zh": "已签发，待整改", "bo": "བཏང་ཟིན། ལེགས་བཅོས་སྒུག་བཞིན་པ།"},
    "answered": {"zh": "已答复，待复查", "bo": "ལན་བཏབ་ཟིན། བསྐྱར་ཞིབ་སྒུག་བཞིན་པ།"},
    "closed": {"zh": "已复查，已结案", "bo": "བསྐྱར་ཞིབ་བྱས་ཟིན། མཇུག་བསྒྲིལ་ཟིན།"},
    "overdue": {"zh": "已逾期", "bo": "དུས་ཚོད་ཡོལ་ཟིན།"},
    "superseded": {"zh": "已被更正通知书取代", "bo": "བཅོས་པའི་བརྡ་ཐོས་ཚབ་བྱས་ཟིན།"},
}
# What the business reads when an answer is not taken; the detail follows in smaller print.
ANSWER_ERRORS = {
    "not_an_image": {"zh": "照片无法识别：请上传 JPEG、PNG 或 WebP 格式的照片。",
                     "bo": "པར་ངོས་འཛིན་མ་ཐུབ། JPEG དང་ PNG ཡང་ན་ WebP ཡི་པར་སྐུར་རོགས།"},
    "photo_too_large": {"zh": "照片太大：请缩小后再上传（不超过 8 MB）。",
                        "bo": "པར་ཆེ་དྲགས་འདུག ཆུང་དུ་བཏང་རྗེས་སྐུར་རོགས།"},
    "invalid_request": {"zh": "未能提交答复：请填写整改情况并选择照片。",
                        "bo": "ལན་འབུལ་མ་ཐུབ། ལེགས་བཅོས་གནས་ཚུལ་འབྲི་བ་དང་པར་འདེམས་རོགས།"},
}
OUTCOMES = {
    "fixed": {"zh": "复查：已整改", "bo": "བསྐྱར་ཞིབ། ལེགས་བཅོས་བྱས་ཟིན།"},
    "failing": {"zh": "复查：仍未整改", "bo": "བསྐྱར་ཞིབ། ད་དུང་ལེགས་བཅོས་མ་བྱས།"},
}


def _opened(request: Request, number: str, code: str) -> dict[str, Any] | HTMLResponse:
    """The notice these credentials open, or the page to answer instead (404 or 429)."""
    couch = request.app.state.couch
    address = request.client.host if request.client else "unknown"
    number = number.strip()
    counted = number if NUMBER.fullmatch(number) else None
    now = datetime.now(UTC)
    if guesses.blocked(couch, address, counted, now):
        return templates.TemplateResponse(request, "too_many_guesses.html", {}, status_code=429)
    notice = find_notice(couch, number, code.strip())
    if notice is None:
        guesses.record_failure(couch, address, counted, now)
        return templates.TemplateResponse(request, "notice_not_found.html", {"number": number[:40]},
                                          status_code=404)
    return notice


def _notice_page(request: Request, notice: dict[str, Any], code: str, *, message: str = "",
                 error: KoraError | None = None, typed: dict[str, str] | None = None,
                 status_code: int = 200) -> HTMLResponse:
    given = {a["item_id"]: a for a in store.answers_of(request.app.state.couch, notice["number"])}
    context = {"notice": notice, "code": code.strip(), "documents": policy.TITLES,
               "status": STATUSES[notice["status"]], "answers": given, "outcomes": OUTCOMES,
               "answerable": notice["status"] in answers.ANSWERABLE,
               "superseded_by": (notice.get("superseded_by") or "").removeprefix("notice:"),
               "message": message, "error": error, "typed": typed or {},
               "error_text": ANSWER_ERRORS.get(error.code, ANSWER_ERRORS["invalid_request"]) if error else None}
    return templates.TemplateResponse(request, "notice.html", context, status_code=status_code)


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
    notice = _opened(request, number, code)
    if isinstance(notice, HTMLResponse):
        return notice
    return _notice_page(request, notice, code)


@router.post("/notice/pdf", include_in_schema=False)
def download_pdf(
    request: Request,
    number: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> Response:
    notice = _opened(request, number, code)
    if isinstance(notice, HTMLResponse):
        return notice
    pdf = store.pdf(request.app.state.couch, notice["number"])
    if pdf is None:
        raise KoraError("not_found", "the notice has no PDF")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{notice["number"]}.pdf"'})


@router.post("/notice/answer", response_class=HTMLResponse, include_in_schema=False)
async def answer_finding(
    request: Request,
    photo: Annotated[UploadFile, File()],
    number: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    item_id: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> HTMLResponse:
    notice = _opened(request, number, code)
    if isinstance(notice, HTMLResponse):
        return notice
    data = await photo.read(MAX_PHOTO_BYTES + 1)
    try:
        answers.submit_answer(request.app.state.couch, notice, item_id, text, data, datetime.now(UTC))
    except KoraError as exc:
        if exc.code == "database_unavailable":
            raise
        return _notice_page(request, notice, code, error=exc, typed={item_id: text}, status_code=exc.status)
    fresh = store.by_number(request.app.state.couch, notice["number"]) or notice
    return _notice_page(request, fresh, code, message="已收到您的答复。 ལན་འབྱོར་སོང་།")
