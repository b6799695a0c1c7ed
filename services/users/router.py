"""HTTP: sign-in and refresh (sync service), user administration (review service)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.common.client_address import client_address
from services.common.json_body import json_object_body, optional_json_object_body
from services.common.roles import Administrator, SignedIn, SupervisorOrAdministrator
from services.users import service
from services.users.lockout import Thresholds

MAX_BODY_BYTES = 64 * 1024  # a user, a password or a token id: a few hundred bytes
JsonBody = Annotated[dict[str, Any], Depends(json_object_body(MAX_BODY_BYTES))]
OptionalBody = Annotated[dict[str, Any] | None, Depends(optional_json_object_body(MAX_BODY_BYTES))]

auth_router = APIRouter(prefix="/auth", tags=["sign-in"])
admin_router = APIRouter(prefix="/api/users", tags=["users"])


def _documented(properties: dict[str, Any], required: tuple[str, ...] = (), optional_body: bool = False
                ) -> dict[str, Any]:
    """``openapi_extra`` describing a JSON object body (the body itself is read by json_body)."""
    schema = {"type": "object", "properties": properties, "required": list(required)}
    return {"requestBody": {"required": not optional_body,
                            "content": {"application/json": {"schema": schema}}}}


TEXT = {"type": "string"}
USER_FIELDS = {"role": {"enum": ["inspector", "supervisor", "administrator"]},
               "jurisdiction": {"type": "object"}, "display_name": TEXT}


@auth_router.post("/login", openapi_extra=_documented(
    {"name": TEXT, "password": TEXT, "device_cookie": TEXT}, ("name", "password")))
def login(request: Request, body: JsonBody) -> dict:
    return service.login(request.app.state.couch, request.app.state.settings, body.get("name"),
                         body.get("password"), client_address(request),
                         Thresholds.from_settings(request.app.state.settings),
                         device_cookie=body.get("device_cookie"))


@auth_router.post("/refresh")
def refresh(request: Request, principal: SignedIn) -> dict:
    return service.refresh(request.app.state.couch, request.app.state.settings, principal)


@admin_router.get("")
def list_users(request: Request, principal: SupervisorOrAdministrator,
               role: Annotated[str | None, Query(pattern="^(inspector|supervisor|administrator)$")] = None,
               county: Annotated[str | None, Query(pattern=r"^54\d{4}$")] = None) -> dict:
    return {"users": service.list_users(request.app.state.couch, principal, role, county)}


@admin_router.post("", status_code=201, openapi_extra=_documented(
    {"name": TEXT, "password": TEXT, **USER_FIELDS}, ("name", "password", "role", "jurisdiction")))
def create_user(request: Request, _: Administrator, body: JsonBody) -> dict:
    service.create_user(request.app.state.couch, body)
    return service.public(service.get_user(request.app.state.couch, body["name"]))


@admin_router.get("/{name}")
def get_user(name: str, request: Request, _: Administrator) -> dict:
    return service.public(service.get_user(request.app.state.couch, name))


@admin_router.patch("/{name}", openapi_extra=_documented({**USER_FIELDS, "_rev": TEXT}))
def update_user(name: str, request: Request, _: Administrator, body: JsonBody) -> dict:
    service.update_user(request.app.state.couch, name, body)
    return service.public(service.get_user(request.app.state.couch, name))


@admin_router.post("/{name}/password", openapi_extra=_documented({"password": TEXT}, ("password",)))
def reset_password(name: str, request: Request, _: Administrator, body: JsonBody) -> dict:
    service.reset_password(request.app.state.couch, name, body.get("password"))
    return {"ok": True}


@admin_router.post("/{name}/deactivate")
def deactivate(name: str, request: Request, _: Administrator) -> dict:
    return service.public(service.deactivate(request.app.state.couch, name))


@admin_router.post("/{name}/revoke", openapi_extra=_documented({"jti": TEXT}, optional_body=True))
def revoke(name: str, request: Request, _: Administrator, body: OptionalBody) -> dict:
    jti = body.get("jti") if body is not None else None
    service.revoke(request.app.state.couch, name, jti)
    return {"ok": True}


@admin_router.post("/{name}/unlock")
def unlock(name: str, request: Request, _: Administrator) -> dict:
    service.get_user(request.app.state.couch, name)
    return {"unlocked": service.lockout.clear_account(request.app.state.couch, name)}
