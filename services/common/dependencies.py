"""FastAPI dependencies shared by every service.

They only read app state, so they are ``async``: FastAPI runs a plain ``def`` dependency in its
thread pool, a hand-off that costs more than the lookup.
"""

from __future__ import annotations

from fastapi import Request

from services.common.couch import Couch
from services.common.settings import Settings


async def get_couch(request: Request) -> Couch:
    return request.app.state.couch


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings
