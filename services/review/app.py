"""The review service: supervisors' web pages and API, statistics, exports, administration."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from services.catalog.router import router as templates_router
from services.common.app_factory import create_service
from services.common.errors import KoraError
from services.common.settings import Settings
from services.review.admin.router import router as admin_pages_router
from services.review.auth.router import router as auth_router
from services.review.auth.session import LoginRequired
from services.review.deadlines.router import router as deadlines_router
from services.review.inspection.router import router as inspection_router
from services.review.pages import router as pages_router
from services.review.queue.router import router as queue_router
from services.review.stats.router import router as stats_router
from services.review.web import error_page, to_login
from services.users import revocation
from services.users.router import admin_router
from services.venues.router import router as venues_router

STATIC = Path(__file__).parent / "static"
CHART_JS = STATIC / "node_modules" / "chart.js" / "dist"  # installed by `make setup` (npm ci)


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_service(
        title="Kora review",
        description="Supervisors review synced inspections; administrators manage users, venues and templates.",
        routers=[
            admin_router,
            pages_router,
            auth_router,
            queue_router,
            inspection_router,
            stats_router,
            deadlines_router,
            admin_pages_router,
            venues_router,
            templates_router,
        ],
        settings=settings,
    )
    revocation.install(app)
    app.mount("/vendor/chart.js", StaticFiles(directory=CHART_JS, check_dir=False), name="chart.js")
    app.mount("/static", StaticFiles(directory=STATIC / "js"), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired):
        return to_login(request)

    @app.exception_handler(KoraError)
    async def _kora(request: Request, exc: KoraError):
        return error_page(request, exc)

    return app
