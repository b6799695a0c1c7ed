"""The notices service: rectification notices, their PDFs, the business portal and verification.

Its process also runs the notices worker (worker.py), started and stopped with the app.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.common.app_factory import create_service
from services.common.settings import Settings
from services.notices.api import router as api_router
from services.notices.pdf import NoticeRenderer
from services.notices.portal import router as portal_router
from services.notices.verification import router as verification_router
from services.notices.worker import NoticeWorker
from services.users import revocation


def create_app(settings: Settings | None = None, *, run_worker: bool = True) -> FastAPI:
    app = create_service(
        title="Kora notices",
        description="Rectification notices in Tibetan and Chinese, the business portal and notice verification.",
        routers=[portal_router, verification_router, api_router],
        settings=settings,
    )
    revocation.install(app)  # its API is for signed-in supervisors: revoked or absent accounts stay out
    settings = app.state.settings
    worker = NoticeWorker(app.state.couch, lambda: NoticeRenderer(public_url=settings.kora_public_url))
    app.state.worker = worker
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app_: FastAPI):
        async with inner(app_):
            if run_worker:
                worker.start()
            try:
                yield
            finally:
                worker.stop()

    app.router.lifespan_context = lifespan
    return app
