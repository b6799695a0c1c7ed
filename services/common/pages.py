"""Server-rendered pages: Jinja2 with autoescaping, shared by the review and notices services."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

COMMON_TEMPLATES = Path(__file__).parent / "templates"


def templates_for(service_dir: Path) -> Jinja2Templates:
    """Templates of one service, able to extend the common base layout."""
    templates = Jinja2Templates(directory=[service_dir / "templates", COMMON_TEMPLATES])
    templates.env.autoescape = True
    return templates
