"""HTTP: sign-in and refresh (sync service), user administration (review service)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request

from services.common.errors import KoraError
from services.common.roles import Administrator, SignedIn, SupervisorOrAdministrator
from services.users import service
from services.users.lockout import Thresholds

JsonBody = Annotated[Any, Body()]
OptionalBody = Annotated[Any, Body()]

auth_router = APIRouter(prefix="/auth", tags=["sign-in"])
admin_router = APIRouter(prefix="/api/users", tags=["users"])


def _object(body: Any) -> dict:
    if not isinstance(body, dict):
        raise KoraError("invalid_request", "the body must be a JSON object")
    return body


@auth_router.post("/login")
def login(request: Request, body: JsonBody) -> dict:
    data = _object(body)
    address = request.client.host if request.client else "unknown"
    settings = request.app.state.settings
    limits = Thresholds(settings.kora_login_slowdown_after, settings.kora_login_lock_after,
                        settings.kora_login_lock_minutes * 60)
    return service.login(request.app.state.couch, settings, data.get("name"),
                         data.get("password"), address, limits)


@auth_router.post("/refresh")
def refresh(request: Request, principal: SignedIn) -> dict:
    return service.refresh(request.app.state.couch, request.app.state.settings, principal)


@admin_router.get("")
def list_users(request: Request, principal: SupervisorOrAdministrator,
               role: Annotated[str | None, Query(pattern="^(inspector|supervisor|administrator)$")] = None,
               county: Annotated[str | None, Query(pattern=r"^54\d{4}$")] = None) -> dict:
    return {"users": service.list_users(request.app.state.couch, principal, role, county)}


@admin_router.post("", status_code=201)
def create_user(request: Request, body: JsonBody,
                _: Administrator) -> dict:
    service.create_user(request.app.state.couch, _object(body))
    return service.public(service.get_user(request.app.state.couch, body["name"]))


@admin_router.get("/{name}")
def get_user(name: str, request: Request, _: Administrator) -> dict:
    return service.public(service.get_user(request.app.state.couch, name))


@admin_router.patch("/{name}")
def update_user(name: str, request: Request, body: JsonBody,
                _: Administrator) -> dict:
    service.update_user(request.app.state.couch, name, _object(body))
    return service.public(service.get_user(request.app.state.couch, name))


@admin_router.post("/{name}/password")
def reset_password(name: str, request: Request, body: JsonBody,
                   _: Administrator) -> dict:
    service.reset_password(request.app.state.couch, name, _object(body).get("password"))
    return {"ok": True}


@admin_router.post("/{name}/deactivate")
def deactivate(name: str, request: Request, _: Administrator) -> dict:
    return service.public(service.deactivate(request.app.state.couch, name))


@admin_router.post("/{name}/revoke")
def revoke(name: str, request: Request, _: Administrator, body: OptionalBody = None) -> dict:
    jti = _object(body).get("jti") if body is not None else None
    service.revoke(request.app.state.couch, name, jti)
    return {"ok": True}


@admin_router.post("/{name}/unlock")
def unlock(name: str, request: Request, _: Administrator) -> dict:
    service.get_user(request.app.state.couch, name)
    return {"unlocked": service.lockout.clear(request.app.state.couch, "name", name)}
