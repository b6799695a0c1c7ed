"""HTTP (review service): staff read template versions; administrators write drafts and publish."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from schemas.rules import template as template_model
from services.catalog import service
from services.common.json_body import json_object_body
from services.common.openapi import request_body
from services.common.roles import Administrator, SignedIn

router = APIRouter(prefix="/api/templates", tags=["templates"])

# A whole checklist of a few dozen bilingual items is tens of kilobytes; this leaves ample room.
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
VERSION_PATH = "/{template_id}/versions/{version}"


TemplateBody = Annotated[dict[str, Any], Depends(json_object_body(MAX_TEMPLATE_BYTES))]


@router.get("", summary="Template versions, drafts included (any signed-in staff)")
def list_versions(
    request: Request,
    principal: SignedIn,
    template_id: Annotated[str | None, Query(pattern=r"^[a-z0-9_-]{1,60}$")] = None,
) -> dict:
    docs = service.list_versions(request.app.state.couch, template_id)
    return {"templates": [template_model.summary(d) for d in docs]}


@router.get(VERSION_PATH, summary="One template version, whole, with its _rev")
def get_version(template_id: str, version: int, request: Request, principal: SignedIn) -> dict:
    return service.get_version(request.app.state.couch, template_id, version)


@router.post(
    "",
    status_code=201,
    summary="Create a new draft version (administrator)",
    description="Without `version` the next number is taken; `_id`, `type` and "
    "`status: draft` are filled in when absent. Publish it with `.../publish`.",
    openapi_extra=request_body(template_model.SCHEMA),
)
async def create_draft(request: Request, principal: Administrator, body: TemplateBody) -> dict:
    return await run_in_threadpool(service.create_draft, request.app.state.couch, body)


@router.put(
    VERSION_PATH,
    summary="Replace a draft version (administrator; send its _rev)",
    openapi_extra=request_body(template_model.SCHEMA),
)
async def replace_draft(
    template_id: str, version: int, request: Request, principal: Administrator, body: TemplateBody
) -> dict:
    return await run_in_threadpool(
        service.replace_draft, request.app.state.couch, template_id, version, body
    )


@router.post(
    VERSION_PATH + "/publish", summary="Publish a draft; it never changes again (administrator)"
)
def publish(template_id: str, version: int, request: Request, principal: Administrator) -> dict:
    return service.publish(request.app.state.couch, template_id, version)
