"""Asking for a rectification notice: a supervisor picks failures of a decided inspection.

The request is a ``notice_request`` document in the notices database; the notices service picks
it up from ``_changes`` and issues the notice. Contract (issue #12):

    {"_id": "notice_request:<uuid4>", "type": "notice_request", "inspection_id", "venue_id",
     "county_code", "item_ids": [...], "requested_by", "requested_at", "status": "pending"}
"""

from __future__ import annotations

import uuid

from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError

DB = "notices"
DECIDED = ("approved", "corrected")


def request_notice(couch: Couch, principal: Principal, inspection: dict, item_ids: list[str], now: str) -> dict:
    """Validate and store a pending notice request; the stored document."""
    county = inspection.get("county_code")
    if not isinstance(county, str) or not principal.can_reach(county):
        raise KoraError("forbidden", f"outside your jurisdiction: {county}")
    if inspection.get("status") not in DECIDED:
        raise KoraError("notice_request_refused",
                        f"approve or correct the inspection first; it is {inspection.get('status')}")
    if not isinstance(item_ids, list) or not item_ids or not all(isinstance(i, str) for i in item_ids):
        raise KoraError("notice_request_refused", "choose at least one failed item")
    findings = set((inspection.get("summary") or {}).get("findings", []))
    not_findings = [i for i in item_ids if i not in findings]
    if not_findings:
        raise KoraError("notice_request_refused", f"not failures of this inspection: {', '.join(not_findings)[:300]}")
    doc = {"_id": f"notice_request:{uuid.uuid4()}", "type": "notice_request",
           "inspection_id": inspection["_id"], "venue_id": inspection["venue_id"], "county_code": county,
           "item_ids": list(dict.fromkeys(item_ids)), "requested_by": principal.name, "requested_at": now,
           "status": "pending"}
    saved = couch.db(DB).put(doc)
    if saved is None:
        raise KoraError("conflict", "a request with this id already exists; try again")
    return saved
