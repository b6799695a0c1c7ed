"""Liveness (the process answers) and readiness (CouchDB is reachable) for every service."""

from __future__ import annotations

from fastapi import APIRouter, Request

from services.common.errors import KoraError

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live", summary="Liveness: the process answers")
def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: CouchDB is reachable", responses={503: {"description": "CouchDB down"}})
def ready(request: Request) -> dict[str, str]:
    if not request.app.state.couch.is_reachable():
        raise KoraError("database_unavailable", "CouchDB is not reachable")
    return {"status": "ok", "couchdb": "reachable"}
