"""The queue: submitted inspections of the reviewer's jurisdiction, newest first, with filters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.catalog.regions import regions
from services.common.auth import Principal
from services.inspections import queries, statuses
from services.review.auth.session import ApiReviewer, Reviewer
from services.review.web import render
from services.venues import service as venues
from services.venues.csv_import import VENUE_TYPES

router = APIRouter(tags=["review: queue"])
FILTER_PARAMS = ("county", "venue_type", "date_from", "date_to", "status", "critical", "inspector", "cursor")


def _read(request: Request, principal: Principal) -> dict[str, Any]:
    params = {k: request.query_params.get(k) for k in FILTER_PARAMS}
    filters = queries.parse_filters(params)
    couch = request.app.state.couch
    page = queries.queue_page(couch, principal.jurisdiction, filters, params.get("cursor") or None)
    counts = queries.status_counts(couch, principal.jurisdiction, filters.county)
    names = venues.get_many(couch, list({r["venue_id"] for r in page.rows}))
    for row in page.rows:
        venue = names.get(row["venue_id"]) or {}
        row["venue_name"] = (venue.get("name") or {}).get("zh", row["venue_id"])
    return {"filters": filters, "rows": page.rows, "next_cursor": page.next_cursor, "counts": counts}


def counties_in_reach(principal: Principal) -> list[dict[str, Any]]:
    return [r for r in regions() if r["level"] == "county" and principal.can_reach(r["code"])]


@router.get("/queue", response_class=HTMLResponse, include_in_schema=False)
def queue_page(request: Request, principal: Reviewer) -> HTMLResponse:
    data = _read(request, principal)
    return render(request, "queue.html", principal, **data, counties=counties_in_reach(principal),
                  venue_types=sorted(VENUE_TYPES), statuses=statuses.ALL, params=data["filters"].as_params())


@router.get("/api/review/queue")
def queue_api(request: Request, principal: ApiReviewer) -> dict[str, Any]:
    """One page of the queue (25 rows): filters county, venue_type, date_from, date_to (YYYY-MM-DD),
    status, critical=1, inspector; ``cursor`` from the previous page's ``next_cursor``."""
    data = _read(request, principal)
    return {**data, "filters": data["filters"].as_params()}
