"""One inspection: everything it says, its photos, and the supervisor's decisions on it."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from schemas.rules.inspection import referenced_photos
from schemas.rules.template import items_by_id
from schemas.rules.timestamps import utc_stamp
from services.catalog import service as catalog
from services.common.auth import Principal
from services.common.errors import KoraError
from services.common.json_body import read_json_object
from services.inspections import decisions, history
from services.inspections import store as inspections
from services.notices import answers as notice_answers
from services.notices import requests as notice_requests
from services.notices import store as notices
from services.review.auth.session import ApiReviewer, Reviewer, check_csrf
from services.review.inspection.view import answer_rows, diff_rows, signature_svg
from services.review.web import render
from services.venues import service as venues

router = APIRouter(tags=["review: inspections"])
SHA256 = re.compile(r"^[0-9a-f]{64}\Z")
MAX_DECISION_BYTES = 64 * 1024  # a comment, a reason, a value, some item ids


def now() -> str:
    return utc_stamp()


def _context(request: Request, principal: Principal, inspection_id: str) -> dict[str, Any]:
    couch = request.app.state.couch
    doc = decisions.load_for(couch, principal, inspection_id)
    template = catalog.get_version(couch, doc["template"]["id"], doc["template"]["version"])
    venue = venues.get_many(couch, [doc["venue_id"]]).get(doc["venue_id"])
    failures, sections = answer_rows(template, doc.get("answers", {}))
    requested, issued = notices.for_inspection(couch, doc["_id"])
    for notice in issued:  # what the business answered to each finding, and the re-inspection's outcome
        notice["answers"] = notice_answers.answers_for(couch, notice["_id"])
    return {"doc": doc, "template": template, "venue": venue, "failures": failures, "sections": sections,
            "signature": signature_svg(doc.get("signature", {})),
            "history": [{**e, "diff": diff_rows(e)} for e in history.entries(doc)],
            "notice_requests": requested, "notices": issued}


@router.get("/inspections/{inspection_id}", response_class=HTMLResponse, include_in_schema=False)
def inspection_page(inspection_id: str, request: Request, principal: Reviewer, done: str | None = None) -> HTMLResponse:
    return render(request, "inspection.html", principal, done=done, **_context(request, principal, inspection_id))


@router.get("/api/review/inspections/{inspection_id}")
def inspection_api(inspection_id: str, request: Request, principal: ApiReviewer) -> dict[str, Any]:
    """The inspection with its failures (and their legal basis), history and notice requests."""
    ctx = _context(request, principal, inspection_id)
    doc = {k: v for k, v in ctx["doc"].items() if k != "_attachments"}
    return {"inspection": doc, "failures": [{"item_id": r["item"]["id"], "value": r["answer"]["value"],
                                             "severity": r["item"].get("severity"), "legal_basis": r["basis"]}
                                            for r in ctx["failures"]],
            "history": history.entries(ctx["doc"]), "notice_requests": ctx["notice_requests"],
            "notices": ctx["notices"]}


def _photo(request: Request, principal: Principal, inspection_id: str, sha256: str) -> Response:
    couch = request.app.state.couch
    doc = decisions.load_for(couch, principal, inspection_id)
    stub = doc.get("_attachments", {}).get(sha256)
    if not SHA256.fullmatch(sha256) or sha256 not in referenced_photos(doc) or stub is None:
        raise KoraError("not_found", "this inspection has no such photo")
    data = inspections.photo(couch, inspection_id, sha256)
    if data is None:
        raise KoraError("not_found", "this inspection has no such photo")
    return Response(data, media_type=stub.get("content_type", "application/octet-stream"),
                    headers={"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"})


@router.get("/inspections/{inspection_id}/photos/{sha256}", include_in_schema=False)
def photo_page(inspection_id: str, sha256: str, request: Request, principal: Reviewer) -> Response:
    return _photo(request, principal, inspection_id, sha256)


@router.get("/inspections/{inspection_id}/notices/{number}/answers/{item_id}/{sha256}", include_in_schema=False)
def answer_photo_page(inspection_id: str, number: str, item_id: str, sha256: str, request: Request,
                      principal: Reviewer) -> Response:
    """A photo a business sent with its answer, to the reviewers who reach the inspection."""
    couch = request.app.state.couch
    decisions.load_for(couch, principal, inspection_id)
    notice = notices.by_number(couch, number)
    data = None
    if notice is not None and notice.get("inspection_id") == inspection_id and SHA256.fullmatch(sha256):
        data = notice_answers.answer_photo(couch, notice["_id"], item_id, sha256)
    if data is None:
        raise KoraError("not_found", "this notice has no such answer photo")
    return Response(data, media_type="image/jpeg" if data[:3] == b"\xff\xd8\xff" else "application/octet-stream",
                    headers={"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"})


@router.get("/api/review/inspections/{inspection_id}/photos/{sha256}")
def photo_api(inspection_id: str, sha256: str, request: Request, principal: ApiReviewer) -> Response:
    """A photo of the inspection, full size."""
    return _photo(request, principal, inspection_id, sha256)


async def _fields(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        return await read_json_object(request, MAX_DECISION_BYTES)
    form = await request.form()
    return {"rev": form.get("rev"), "comment": form.get("comment"), "reason": form.get("reason"),
            "item_id": form.get("item_id"), "value": form.get("value"), "item_ids": form.getlist("item_ids")}


def _decide(request: Request, principal: Principal, inspection_id: str, action: str, fields: dict[str, Any]) -> dict:
    couch = request.app.state.couch
    if action == "approve":
        return decisions.approve(couch, principal, inspection_id, fields.get("rev"), fields.get("comment"), now())
    if action == "return":
        return decisions.return_to_inspector(couch, principal, inspection_id, fields.get("rev"),
                                             fields.get("comment"), now())
    if action == "correct":
        doc = decisions.load_for(couch, principal, inspection_id)
        template = catalog.get_version(couch, doc["template"]["id"], doc["template"]["version"])
        venue = venues.get_many(couch, [doc["venue_id"]]).get(doc["venue_id"])
        value = _value(template, fields.get("item_id"), fields.get("value"))
        return decisions.correct(couch, principal, inspection_id, fields.get("rev"), fields.get("item_id"),
                                 value, fields.get("reason"), template, venue, now())
    if action == "notice":
        doc = decisions.load_for(couch, principal, inspection_id)
        return notice_requests.request_notice(couch, principal, doc, fields.get("item_ids"), now())
    raise KoraError("not_found", f"no action {action}")


def _value(template: dict[str, Any], item_id: Any, raw: Any) -> Any:
    """A form sends text: a count becomes a number, a choice or free text its object."""
    if not isinstance(raw, str):
        return raw
    kind = items_by_id(template).get(item_id, {}).get("answer", {}).get("kind")
    if kind == "count" and raw.strip().isdigit():
        return int(raw.strip())
    if kind == "choice":
        return {"choice": raw.strip()}
    if kind == "text":
        return {"text": raw.strip()}
    return raw.strip()


ACTIONS = ("approve", "return", "correct", "notice")


@router.post("/inspections/{inspection_id}/{action}", include_in_schema=False)
async def decide_page(inspection_id: str, action: str, request: Request, principal: Reviewer) -> Response:
    await check_csrf(request, principal)
    if action not in ACTIONS:
        raise KoraError("not_found", f"no action {action}")
    _decide(request, principal, inspection_id, action, await _fields(request))
    return RedirectResponse(f"/inspections/{inspection_id}?done={action}", status_code=303)


@router.post("/api/review/inspections/{inspection_id}/{action}")
async def decide_api(inspection_id: str, action: str, request: Request, principal: ApiReviewer) -> dict[str, Any]:
    """``approve`` {rev, comment?}, ``return`` {rev, comment}, ``correct`` {rev, item_id, value,
    reason}, ``notice`` {item_ids}: the stored inspection (or notice request). A stale ``rev`` is 409."""
    await check_csrf(request, principal)
    if action not in ACTIONS:
        raise KoraError("not_found", f"no action {action}")
    saved = _decide(request, principal, inspection_id, action, await _fields(request))
    return {k: v for k, v in saved.items() if k != "_attachments"}
