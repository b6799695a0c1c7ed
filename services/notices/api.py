"""The notices API for supervisors: how a request went, and a notice's answers.

A refused request answers ``notice_request_refused`` (422) with the reason the worker recorded, so
a caller following its request learns why in the same shape as any other Kora error.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from services.common.auth import ensure_reach
from services.common.couch import Couch
from services.common.dependencies import get_couch
from services.common.errors import KoraError
from services.common.roles import SupervisorOrAdministrator
from services.notices import answers, store

router = APIRouter(prefix="/api", tags=["notices"])
CouchDep = Annotated[Couch, Depends(get_couch)]
SHOWN = ("_id", "status", "inspection_id", "item_ids", "requested_by", "requested_at", "notice_id",
         "number", "issued_at")


@router.get("/notice-requests/{request_id}", summary="Where a notice request stands")
def request_status(request_id: str, principal: SupervisorOrAdministrator, couch: CouchDep) -> dict[str, Any]:
    doc = store.get(couch, f"notice_request:{request_id}")
    if doc is None or doc.get("type") != "notice_request":
        raise KoraError("not_found", "no such notice request")
    ensure_reach(principal, [doc.get("county_code", "")])
    if doc["status"] == "refused":
        raise KoraError("notice_request_refused", doc.get("reason"), request_id=doc["_id"])
    return {k: doc[k] for k in SHOWN if k in doc}


@router.get("/notices/{number}/answers", summary="A notice's findings with the business's answers")
def notice_answers(number: str, principal: SupervisorOrAdministrator, couch: CouchDep) -> list[dict[str, Any]]:
    notice = store.by_number(couch, number)
    if notice is None:
        raise KoraError("not_found", "no such notice")
    ensure_reach(principal, [notice["county_code"]])
    return answers.answers_for(couch, notice["_id"])
