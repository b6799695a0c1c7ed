"""The notices service: rectification notices, their PDFs, the business portal and verification."""

from __future__ import annotations

from fastapi import FastAPI

from services.common.app_factory import create_service
from services.common.settings import Settings
from services.notices.portal import router as portal_router


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service(
        title="Kora notices",
        description="Rectification notices in Tibetan and Chinese, the business portal and notice verification.",
        routers=[portal_router],
        settings=settings,
    )
