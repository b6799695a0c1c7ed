"""The sync service: the app's only door (sign-in, pull, push, photo upload)."""

from __future__ import annotations

from fastapi import FastAPI

from services.common.app_factory import create_service
from services.common.jobs import Job
from services.common.settings import Settings
from services.inspections import returns
from services.sync.exchange.router import router as exchange_router
from services.sync.photos import service as photos
from services.sync.photos.router import router as photos_router
from services.users import revocation
from services.users.router import auth_router
from services.venues import service as venues


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_service(
        title="Kora sync",
        description="The mobile app's only door: sign-in, pull of templates and venues, push of inspections, photos.",
        routers=[auth_router, exchange_router, photos_router],
        settings=settings,
        streaming_prefixes=["/sync/photos"],  # photos are stored as their bytes arrive
        jobs=[Job("drop_abandoned_uploads", photos.drop_abandoned_uploads, every_seconds=24 * 3600,
                  first_after_seconds=15 * 60),
              Job("make_return_markers_complete", returns.make_markers_complete,
                  every_seconds=returns.ENSURE_EVERY_SECONDS, first_after_seconds=returns.ENSURE_EVERY_SECONDS)],
        # The pull's _changes of these and the sign-in check need no request while nothing moved.
        follow={"catalog": None, "notices": None, **venues.FOLLOW, **revocation.FOLLOW, **returns.FOLLOW},
        startup=[returns.make_markers_complete],
    )
    revocation.install(app)
    return app
