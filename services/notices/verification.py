"""The verification page the QR code on every notice leads to: ``/v/<number>``.

It says whether a notice with this number was issued, by whom and when, whether it is current or
was replaced by a correction, and the SHA-256 of its PDF. Anyone holding a PDF can upload it (or
give its SHA-256) to learn whether it is exactly the PDF issued. Nothing private is shown: no
venue, no findings, no answers, no access code.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse

from services.common.pages import templates_for
from services.notices import store
from services.notices.lookup import NUMBER

router = APIRouter(tags=["verification"])
templates = templates_for(Path(__file__).parent)
SHA256 = re.compile(r"^[0-9a-f]{64}\Z")
MAX_PDF_BYTES = 8 * 1024 * 1024


def public_facts(notice: dict[str, Any]) -> dict[str, Any]:
    """What anyone may know of a notice."""
    return {"number": notice["number"], "issuer": notice.get("issuer", {}), "issued_at": notice["issued_at"],
            "status": notice["status"], "current": notice["status"] != "superseded",
            "superseded_by": (notice.get("superseded_by") or "").removeprefix("notice:"),
            "pdf_sha256": notice.get("pdf_sha256", "")}


def verdict(notice: dict[str, Any] | None, sha256: str | None) -> str | None:
    """genuine / not_genuine for a PDF's hash, None when no hash was given."""
    if not sha256:
        return None
    return "genuine" if notice is not None and sha256 == notice.get("pdf_sha256") else "not_genuine"


def _page(request: Request, number: str, sha256: str | None) -> HTMLResponse:
    notice = store.by_number(request.app.state.couch, number) if NUMBER.fullmatch(number) else None
    if notice is None:
        return templates.TemplateResponse(request, "verify.html", {"number": number[:40], "facts": None,
                                                                   "verdict": None}, status_code=404)
    context = {"number": number, "facts": public_facts(notice), "verdict": verdict(notice, sha256)}
    return templates.TemplateResponse(request, "verify.html", context)


@router.get("/v/{number}", response_class=HTMLResponse, include_in_schema=False)
def verify_page(request: Request, number: str, sha256: str = "") -> HTMLResponse:
    given = sha256.strip().lower()
    return _page(request, number, given if SHA256.fullmatch(given) else ("bad" if given else None))


@router.post("/v/{number}", response_class=HTMLResponse, include_in_schema=False)
async def verify_upload(request: Request, number: str, pdf: Annotated[UploadFile, File()]) -> HTMLResponse:
    data = await pdf.read(MAX_PDF_BYTES + 1)
    return _page(request, number, hashlib.sha256(data).hexdigest())
