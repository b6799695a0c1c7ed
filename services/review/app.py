"""The review service: supervisors' web pages and API, statistics, exports, administration."""

from __future__ import annotations

from fastapi import FastAPI

from services.catalog.router import router as templates_router
from services.common.app_factory import create_service
from services.common.settings import Settings
from services.review.pages import router as pages_router
from services.users import revocation
from services.users.router import admin_router
from services.venues.router import router as venues_router


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_service(
        title="Kora review",
        description="Supervisors review synced inspections; administrators manage users, venues and templates.",
        routers=[admin_router, pages_router, venues_router, templates_router],
        settings=settings,
    )
    revocation.install(app)
    return app
