"""FastAPI dependencies shared by every service."""

from __future__ import annotations

from fastapi import Request

from services.common.couch import Couch
from services.common.settings import Settings


def get_couch(request: Request) -> Couch:
    return request.app.state.couch


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings
