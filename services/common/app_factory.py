"""Every Kora service is built the same way: settings, logging, CouchDB, error handling, health."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline

from services.common.body_limit import BodyLimitMiddleware
from services.common.changes_follower import Keep
from services.common.couch import Couch
from services.common.health import router as health_router
from services.common.jobs import Job, JobRunner
from services.common.load_shedding import LoadSheddingMiddleware
from services.common.openapi import install as install_schema_components
from services.common.problems import install_problem_handlers
from services.common.request_context import RequestIdMiddleware, configure_logging
from services.common.responses import KoraJSONResponse
from services.common.settings import Settings, get_settings


def create_service(
    *,
    title: str,
    description: str,
    routers: Iterable[APIRouter],
    settings: Settings | None = None,
    max_body_bytes: int | None = None,
    jobs: Iterable[Job] = (),
    streaming_prefixes: Iterable[str] = (),
    follow: dict[str, Keep | None] | None = None,
    startup: Iterable[Callable[[Couch], object]] = (),
) -> FastAPI:
    """``follow``: databases each worker follows by long-poll (short name -> what to hold of each
    document, or None for the position only; services/common/changes_follower.py). ``startup``:
    steps each worker runs once as it starts; one that fails is logged and the worker starts anyway
    (a step must leave the service correct without it, only slower)."""
    settings = settings or get_settings()
    configure_logging(settings.kora_log_level)
    couch = Couch(settings)

    runner = JobRunner(couch, jobs)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        for step in startup:
            try:
                step(couch)
            except Exception:  # logged: the service works without the step
                logging.getLogger("kora.startup").exception("start-up step %s failed", step.__name__)
        for short, keep in (follow or {}).items():
            couch.follow(short, keep)
        runner.start()
        yield
        runner.stop()
        couch.close()

    # Swagger UI and ReDoc from files shipped in the wheel: supervisors' offices may have no CDN.
    app = FastAPIOffline(title=title, description=description, version="0.1.0", lifespan=lifespan,
                         default_response_class=KoraJSONResponse)
    app.state.settings = settings
    app.state.couch = couch
    app.state.jobs = runner
    install_problem_handlers(app)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    # Outermost last: request id, then the body limit (it also caps what load shedding buffers),
    # then load shedding, then the routes.
    app.add_middleware(LoadSheddingMiddleware, max_in_flight=settings.kora_max_in_flight,
                       queue_seconds=settings.kora_queue_seconds, streaming_prefixes=tuple(streaming_prefixes))
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes or settings.kora_max_body_bytes)
    app.add_middleware(RequestIdMiddleware)
    install_schema_components(app)
    return app
