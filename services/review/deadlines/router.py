"""Rectification deadlines: open notices of the reach, overdue and due soon, per venue and county."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.common.auth import Principal
from services.notices import store as notices
from services.review.auth.session import ApiReviewer, Reviewer
from services.review.web import render
from services.venues import service as venues

router = APIRouter(tags=["review: deadlines"])
DUE_SOON_DAYS = 7


def deadlines(request: Request, principal: Principal, now: datetime | None = None) -> dict[str, Any]:
    couch = request.app.state.couch
    now = now or datetime.now(UTC)
    today, soon = now.strftime("%Y-%m-%dT%H:%M:%S"), (now + timedelta(days=DUE_SOON_DAYS)).strftime("%Y-%m-%dT%H:%M:%S")
    rows = notices.open_in_reach(couch, principal)
    names = venues.get_many(couch, list({n["venue_id"] for n in rows}))
    per_county: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "due_soon": 0, "overdue": 0})
    for notice in rows:
        deadline = notice.get("deadline", "")
        notice["state"] = "overdue" if deadline < today else "due_soon" if deadline < soon else "open"
        notice["venue_name"] = ((names.get(notice["venue_id"]) or {}).get("name") or {}).get("zh", notice["venue_id"])
        notice["reinspect"] = notice["state"] == "overdue"
        counts = per_county[notice["county_code"]]
        counts["open"] += 1
        if notice["state"] != "open":
            counts[notice["state"]] += 1
    return {"notices": rows, "counties": dict(sorted(per_county.items())), "due_soon_days": DUE_SOON_DAYS}


@router.get("/deadlines", response_class=HTMLResponse, include_in_schema=False)
def deadlines_page(request: Request, principal: Reviewer) -> HTMLResponse:
    return render(request, "deadlines.html", principal, **deadlines(request, principal))


@router.get("/api/review/deadlines")
def deadlines_api(request: Request, principal: ApiReviewer) -> dict[str, Any]:
    """Open notices (state open, due_soon within 7 days, overdue; overdue venues are to be inspected again)
    and the counts per county."""
    return deadlines(request, principal)
