"""Pull: everything the phone needs for days offline, and nothing outside the user's reach.

From a checkpoint (see checkpoint.py) the phone receives what changed since it last pulled:

    full             true when this is a whole new picture (no checkpoint, or the user's jurisdiction
                     changed): the phone replaces its templates, regions, venues and notices

    templates        current checklist templates (highest published version per template id), from
                     services/catalog ``templates_changed_since`` (its own position in the checkpoint)
    regions          prefecture and county names
    venues           venues of the user's jurisdiction; venues_removed: ids to drop (deleted or moved away;
                     may name ids the phone never had, which it ignores)
    notices          the state of notices issued to venues in the jurisdiction (summary fields only)
    returned         the user's own inspections a supervisor returned, with the comment; sent whole
                     whenever that set changed (null when it did not), so the phone replaces its set
    assignments      always empty: Kora has no assignment documents yet

A first pull reads with Mango queries (``_find``); later pulls read each database's ``_changes``
since the sequence kept in the checkpoint and keep only what the user reaches. At most
CHANGES_LIMIT changes per database are read per request; ``more`` tells the phone to pull again.

Templates come from the catalog's own function (one source of truth for "current" and "published");
regions, venues and notices are read here directly by the agreed document shapes.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from services.catalog.changes import templates_changed_since
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.reach import county_selector
from services.sync import store
from services.sync.pull.checkpoint import Checkpoint

CHANGES_LIMIT = 2000
NOTICE_FIELDS = ("_id", "number", "venue_id", "county_code", "inspection_id", "status", "deadline",
                 "issued_at", "answered_at", "closed_at")
DROPPED_FIELDS = ("_rev", "_attachments", "_conflicts")


def _slim(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in DROPPED_FIELDS}


def _notice_summary(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in NOTICE_FIELDS if k in doc}


def _reaches(principal: Principal, doc: dict[str, Any]) -> bool:
    county = doc.get("county_code")
    return isinstance(county, str) and principal.can_reach(county)


def _pull_templates(couch: Couch, cp: Checkpoint, out: dict) -> tuple[str, bool]:
    """Current templates that changed since the checkpoint, from services/catalog: published versions
    only, so a draft saved or replaced sends nothing."""
    changed = templates_changed_since(couch, cp.templates, CHANGES_LIMIT)
    out["templates"] = changed.templates
    return changed.seq, changed.more


def _pull_regions(couch: Couch, cp: Checkpoint, out: dict) -> tuple[str, bool]:
    if cp.catalog is None:
        seq = store.update_seq(couch, "catalog")
        out["regions"] = [_slim(d) for d in store.find(couch, "catalog", {"type": "region"})]
        return seq, False
    # Filtered by CouchDB: template versions live in the same database and are pulled apart.
    rows, seq, more = store.changes(couch, "catalog", cp.catalog, CHANGES_LIMIT, selector={"type": "region"})
    out["regions"] = [_slim(r["doc"]) for r in rows if r.get("doc") and not r.get("deleted")]
    return seq, more


def _pull_scoped(couch: Couch, principal: Principal, short: str, doc_type: str, since: str | None,
                 shape) -> tuple[list[dict], list[str], str, bool]:
    """Documents of one type within the user's reach: (docs, removed ids, new seq, more)."""
    if since is None:
        seq = store.update_seq(couch, short)
        docs = store.find(couch, short, {"type": doc_type, **county_selector(principal.jurisdiction)})
        return [shape(d) for d in docs if _reaches(principal, d)], [], seq, False
    rows, seq, more = store.changes(couch, short, since, CHANGES_LIMIT)
    docs, removed = [], []
    prefix = f"{doc_type}:"
    for row in rows:
        doc = row.get("doc")
        if row.get("deleted") or doc is None:
            if row.get("id", "").startswith(prefix):
                removed.append(row["id"])
        elif doc.get("type") == doc_type:
            if _reaches(principal, doc):
                docs.append(shape(doc))
            elif not doc.get("_rev", "").startswith("1-"):
                # An edited document now outside the reach may have been inside it before: the phone
                # drops it if it holds it. A new one outside the reach was never sent: say nothing.
                removed.append(doc["_id"])
    return docs, removed, seq, more


def _returned_digest(docs: list[dict[str, Any]]) -> str:
    marks = sorted(f"{d['_id']}@{d.get('_rev', '')}" for d in docs)
    return hashlib.sha256("\n".join(marks).encode()).hexdigest()[:32]


def pull(couch: Couch, principal: Principal, checkpoint: Checkpoint) -> tuple[dict[str, Any], Checkpoint, bool]:
    """What changed for this user since ``checkpoint``: (payload, next checkpoint, more waiting)."""
    out: dict[str, Any] = {"full": checkpoint.is_first, "templates": [], "regions": [], "venues": [], "venues_removed": [],
                           "notices": [], "notices_removed": [], "returned": None, "assignments": []}
    templates_seq, more_templates = _pull_templates(couch, checkpoint, out)
    catalog_seq, more_catalog = _pull_regions(couch, checkpoint, out)
    out["venues"], removed, venues_seq, more_venues = _pull_scoped(couch, principal, "venues", "venue", checkpoint.venues, _slim)
    out["venues_removed"] = [r.removeprefix("venue:") for r in removed]
    out["notices"], out["notices_removed"], notices_seq, more_notices = _pull_scoped(
        couch, principal, "notices", "notice", checkpoint.notices, _notice_summary)

    returned = store.find(couch, "inspections", {"type": "inspection", "inspector": principal.name, "status": "returned"})
    returned = [d for d in returned if _reaches(principal, d)]
    digest = _returned_digest(returned)
    if digest != checkpoint.returned:
        out["returned"] = [{k: v for k, v in d.items() if k not in ("_attachments", "content_digest")} for d in returned]

    following = replace(checkpoint, templates=templates_seq, catalog=catalog_seq, venues=venues_seq,
                        notices=notices_seq, returned=digest)
    return out, following, more_templates or more_catalog or more_venues or more_notices
