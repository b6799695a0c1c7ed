"""Pull: everything the phone needs for days offline, and nothing outside the user's reach.

From a checkpoint (see checkpoint.py) the phone receives what changed since it last pulled:

    full             true when this is a whole new picture (no checkpoint, or the user's jurisdiction
                     changed): the phone replaces its templates, regions, venues and notices

    templates        current checklist templates (highest published version per template id), from
                     services/catalog ``catalog_changed_since`` (its own position in the checkpoint)
    regions          prefecture and county names (one ``_changes`` with the templates when both
                     positions are the same)
    venues           venues of the user's jurisdiction; venues_removed: ids to drop (deleted or moved away;
                     may name ids the phone never had, which it ignores)
    notices          the state of notices issued to venues in the jurisdiction (summary fields only)
    returned         the user's own inspections a supervisor returned, with the comment; sent whole
                     whenever that set changed (null when it did not), so the phone replaces its set
    assignments      venues of the reach to inspect again: each has a notice past its deadline
                     (services/notices/reinspection.py)

A first pull reads with Mango queries (``_find``); later pulls read each database's ``_changes``
since the sequence kept in the checkpoint and keep only what the user reaches. At most
CHANGES_LIMIT changes per database are read per request; ``more`` tells the phone to pull again.

Each kind comes from the domain that owns its database: templates and regions from services/catalog,
venues from services/venues, notices from services/notices, returned inspections from
services/inspections. Each keeps its own position in the checkpoint.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from schemas.rules.timestamps import utc_stamp
from services.catalog.changes import catalog_changed_since
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.reach import ScopedChanges
from services.inspections import returns
from services.notices import reinspection
from services.notices import store as notices
from services.sync.pull.checkpoint import Checkpoint
from services.venues import service as venues

CHANGES_LIMIT = 2000


def _now() -> str:
    return utc_stamp()


def _returned_digest(docs: list[dict[str, Any]]) -> str:
    marks = sorted(f"{d['_id']}@{d.get('_rev', '')}" for d in docs)
    return hashlib.sha256("\n".join(marks).encode()).hexdigest()[:32]


def venues_since(couch: Couch, principal: Principal, checkpoint: Checkpoint) -> ScopedChanges:
    """The venue part of the pull; the exchange reads it before the push, whose venue checks then
    reuse what this worker read at the position it shows (services/common/position_cache.py)."""
    return venues.in_reach_since(couch, principal, checkpoint.venues, CHANGES_LIMIT)


def pull(couch: Couch, principal: Principal, checkpoint: Checkpoint, venue_changes: ScopedChanges | None = None
         ) -> tuple[dict[str, Any], Checkpoint, bool]:
    """What changed for this user since ``checkpoint``: (payload, next checkpoint, more waiting).
    ``venue_changes``: ``venues_since`` of the same checkpoint, when already read."""
    catalog = catalog_changed_since(couch, checkpoint.templates, checkpoint.catalog, CHANGES_LIMIT)
    templates, regions, catalog_seq, more_regions = catalog
    if venue_changes is None:
        venue_changes = venues_since(couch, principal, checkpoint)
    notice_changes = notices.in_reach_since(couch, principal, checkpoint.notices, CHANGES_LIMIT)
    returned = [d for d in returns.returned_to(couch, principal.name, _now())
                if isinstance(d.get("county_code"), str) and principal.can_reach(d["county_code"])]
    digest = _returned_digest(returned)
    out: dict[str, Any] = {
        "full": checkpoint.is_first,
        "templates": templates.templates,
        "regions": regions,
        "venues": venue_changes.docs,
        "venues_removed": [r.removeprefix("venue:") for r in venue_changes.removed],
        "notices": notice_changes.docs,
        "notices_removed": notice_changes.removed,
        "returned": None if digest == checkpoint.returned else [
            {k: v for k, v in d.items() if k not in ("_attachments", "content_digest")} for d in returned],
        "assignments": reinspection.assignments_for(couch, principal, _now(), at=notice_changes.position),
    }
    following = replace(checkpoint, templates=templates.seq, catalog=catalog_seq, venues=venue_changes.seq,
                        notices=notice_changes.seq, returned=digest)
    more = templates.more or more_regions or venue_changes.more or notice_changes.more
    return out, following, more
