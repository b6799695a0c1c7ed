"""Administration pages on the existing admin operations: users, venues (CSV import with a dry
run first), checklist templates (versions, publishing, Tibetan review export and import).
Every change is a form with the session's CSRF token; only administrators reach these pages."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.catalog import service as catalog
from services.catalog import tibetan_review
from services.common.errors import KoraError
from services.review.auth import accounts
from services.review.auth.session import Reviewer, admin_only, check_csrf
from services.review.web import render
from services.users import service as users
from services.venues import service as venues

router = APIRouter(tags=["review: administration"], include_in_schema=False)
MAX_CSV = 5 * 1024 * 1024


def _jurisdiction(level: str, codes: str) -> dict:
    return {"level": level, "codes": [c.strip() for c in codes.replace("，", ",").split(",") if c.strip()]}


@router.get("/admin/users-page", response_class=HTMLResponse)
def users_page(request: Request, principal: Reviewer, done: str | None = None) -> HTMLResponse:
    admin_only(principal)
    listed = users.list_users(request.app.state.couch, principal)
    return render(request, "admin_users.html", principal, users=listed, done=done)


@router.post("/admin/users-page/{action}")
async def users_action(action: str, request: Request, principal: Reviewer) -> Response:
    admin_only(principal)
    await check_csrf(request, principal)
    form = await request.form()
    couch = request.app.state.couch
    name = str(form.get("name", ""))
    if action == "create":
        users.create_user(couch, {"name": name, "password": form.get("password"), "role": form.get("role"),
                                  "display_name": form.get("display_name") or None,
                                  "jurisdiction": _jurisdiction(str(form.get("level")), str(form.get("codes", "")))})
    elif action == "update":
        users.update_user(
            couch,
            name,
            {
                "role": form.get("role"),
                "jurisdiction": _jurisdiction(str(form.get("level")), str(form.get("codes", ""))),
            },
        )
    elif action == "password":
        users.reset_password(couch, name, form.get("password"))
    elif action == "deactivate":
        users.deactivate(couch, name)
    elif action == "revoke":
        users.revoke(couch, name)
    elif action == "unlock":
        accounts.unlock(request, name)
    else:
        raise KoraError("not_found", f"no action {action}")
    return RedirectResponse(f"/admin/users-page?done={action}:{name}", status_code=303)


@router.get("/admin/venues-page", response_class=HTMLResponse)
def venues_page(request: Request, principal: Reviewer) -> HTMLResponse:
    admin_only(principal)
    return render(request, "admin_venues.html", principal, report=None)


@router.post("/admin/venues-page", response_class=HTMLResponse)
async def venues_import(request: Request, principal: Reviewer) -> HTMLResponse:
    """First a dry run of the uploaded file (nothing written); its page offers to commit the same text."""
    admin_only(principal)
    await check_csrf(request, principal)
    form = await request.form()
    upload = form.get("file")
    if upload is not None and hasattr(upload, "read"):
        raw = await upload.read(MAX_CSV + 1)
    else:
        raw = str(form.get("csv_text", "")).encode("utf-8")
    if len(raw) > MAX_CSV:
        raise KoraError("body_too_large", "the venue file is larger than 5 MB")
    commit = form.get("commit") == "1"
    only_good = form.get("only_good_rows") == "1"
    report = venues.import_csv(request.app.state.couch, raw, dry_run=not commit, only_good_rows=only_good)
    return render(request, "admin_venues.html", principal, report=report,
                  csv_text=raw.decode("utf-8", errors="replace"), committed=commit)


@router.get("/admin/templates-page", response_class=HTMLResponse)
def templates_page(request: Request, principal: Reviewer, done: str | None = None) -> HTMLResponse:
    admin_only(principal)
    versions = catalog.list_versions(request.app.state.couch)
    return render(request, "admin_templates.html", principal, versions=versions, done=done)


@router.post("/admin/templates-page/publish")
async def templates_publish(request: Request, principal: Reviewer) -> Response:
    admin_only(principal)
    await check_csrf(request, principal)
    form = await request.form()
    version = str(form.get("version", ""))
    catalog.publish(request.app.state.couch, str(form.get("template_id", "")), int(version) if version.isdigit() else 0)
    return RedirectResponse(
        f"/admin/templates-page?done=published:{form.get('template_id')}@{version}", status_code=303
    )


@router.get("/admin/templates-page/tibetan-review.po")
def tibetan_export(request: Request, principal: Reviewer) -> Response:
    """The draft Tibetan strings of the catalog as a PO file for the reviewers (docs/tibetan-review.md)."""
    admin_only(principal)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tibetan-review.po"
        tibetan_review.export(path)
        data = path.read_bytes()
    return Response(data, media_type="text/x-gettext-translation",
                    headers={"Content-Disposition": 'attachment; filename="tibetan-review.po"'})


@router.post("/admin/templates-page/tibetan-review", response_class=HTMLResponse)
async def tibetan_import(request: Request, principal: Reviewer) -> HTMLResponse:
    """Reviewed strings back into the catalog files: all or nothing (review_import_refused lists why)."""
    admin_only(principal)
    await check_csrf(request, principal)
    upload = (await request.form()).get("file")
    if upload is None or not hasattr(upload, "read"):
        raise KoraError("invalid_request", "choose the reviewed .po file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviewed.po"
        path.write_bytes(await upload.read(MAX_CSV))
        report = tibetan_review.import_po(path)
    versions = catalog.list_versions(request.app.state.couch)
    return render(request, "admin_templates.html", principal, versions=versions, import_report=report)
