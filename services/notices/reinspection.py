"""Venues to inspect again: every venue with a notice past its deadline and not closed.

The sync pull hands them to the inspectors of the venue's county as ``assignments``; the
deadlines page flags them.
"""

from __future__ import annotations

from typing import Any

from services.common.auth import Principal
from services.common.couch import Couch
from services.notices import store


def assignments_for(couch: Couch, principal: Principal, now: str, at: str | None = None) -> list[dict[str, Any]]:
    """One assignment per venue of the user's reach with an overdue notice (the oldest deadline).
    ``at``: where the caller has just seen the notices database (see ``store.open_in_reach``)."""
    out: dict[str, dict[str, Any]] = {}
    for notice in store.open_in_reach(couch, principal, at):
        if notice.get("deadline", "") < now and notice["venue_id"] not in out:
            out[notice["venue_id"]] = {"venue_id": notice["venue_id"], "county_code": notice["county_code"],
                                       "reason": "overdue_notice", "notice_number": notice.get("number"),
                                       "deadline": notice.get("deadline")}
    return list(out.values())
