"""What a push batch refers to, read at once: its venues, its template versions and the server's
current version of each inspection.

The three reads do not depend on one another, so they are in flight together (two threads of a
small per-process pool beside the request's own) instead of one after the other; a sync then
waits for the slowest read, not for their sum. Each still goes through its owning module.
"""

from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from services.common.couch import Couch
from services.inspections import store as inspections
from services.sync.push.template_check import TemplateKey, load_templates
from services.venues import service as venues_service

_reads = ThreadPoolExecutor(max_workers=8, thread_name_prefix="push-reads")


@dataclass(frozen=True)
class References:
    venues: dict[str, dict[str, Any]]  # by venue id, the existing ones
    templates: dict[TemplateKey, dict[str, Any] | None]
    servers: dict[str, dict[str, Any] | None]  # current inspections by id; deleted ones as tombstones


def read_references(couch: Couch, venue_ids: list[str], template_keys: list[TemplateKey],
                    inspection_ids: list[str], venues_at: str | None = None, county: str | None = None) -> References:
    """``venues_at``: a position the caller has just seen the venues database at; the venues this
    worker read at that position are not read again (services/common/position_cache.py); ``county``:
    the inspector's one county, read whole when a venue must be read (venues_service.get_many)."""
    if not inspection_ids:
        return References({}, {}, {})
    venues = _reads.submit(contextvars.copy_context().run, venues_service.get_many, couch, venue_ids, venues_at,
                           county)
    servers = _reads.submit(contextvars.copy_context().run, inspections.get_many, couch, inspection_ids,
                            tombstones=True)
    try:
        templates = load_templates(couch, template_keys)
        return References(venues.result(), templates, servers.result())
    finally:
        venues.cancel()
        servers.cancel()
