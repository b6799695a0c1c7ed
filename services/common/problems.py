"""Turn every error into an ``application/problem+json`` response (RFC 9457)."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common.errors import CATALOGUE, KoraError
from services.common.request_context import current_request_id
from services.common.responses import KoraJSONResponse

log = logging.getLogger("kora.problems")

PROBLEM_MEDIA_TYPE = "application/problem+json"

_STATUS_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 415: "unsupported_media_type"}


def problem_response(request: Request, code: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    kind = CATALOGUE[code]
    body: dict[str, Any] = {
        "type": f"/errors/{code}",
        "title": kind.title,
        "status": kind.status,
        "code": code,
        "detail": detail or kind.title,
        "instance": request.url.path,
        "request_id": current_request_id(),
    }
    body.update(extra)
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
    return KoraJSONResponse(body, status_code=kind.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return "/" + "/".join(parts) if parts else "/"


def _validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(err.get("type") == "json_invalid" for err in errors):
        reason = next(err.get("ctx", {}).get("error", "") for err in errors if err.get("type") == "json_invalid")
        return problem_response(request, "malformed_json", f"The body is not valid JSON: {reason}".strip())
    listed = [{"path": _location(tuple(err.get("loc", ()))), "reason": err.get("msg", "")} for err in errors]
    detail = "; ".join(f"{e['path']}: {e['reason']}" for e in listed[:5])
    return problem_response(request, "invalid_request", detail, errors=listed)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(KoraError)
    async def _kora_error(request: Request, exc: KoraError) -> JSONResponse:
        return problem_response(request, exc.code, exc.detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_problem(request, exc)

    @app.exception_handler(json.JSONDecodeError)
    async def _json(request: Request, exc: json.JSONDecodeError) -> JSONResponse:
        return problem_response(
            request, "malformed_json", f"The body is not valid JSON: {exc.msg} at position {exc.pos}"
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "internal_error" if exc.status_code >= 500 else "invalid_request")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found",) else None
        return problem_response(request, code, detail)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(request, "internal_error")
