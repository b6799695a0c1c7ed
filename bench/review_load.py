"""Generated inspections for the review bench: every county, two years, written with _bulk_docs
in the shape the sync push stores (the same summary function, services/inspections/summary.py)."""

from __future__ import annotations

import random
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.rules.inspection import content_digest
from services.catalog.regions import regions
from services.common.couch import Couch
from services.inspections.summary import summarize
from services.review.demo.generate import inspection
from tests.support.sync_data import VENUE_TYPES, make_venue
from tests.support.templates import make_template

BATCH = 2000
STATUSES = ["submitted"] * 3 + ["approved"] * 5 + ["returned", "corrected"]


def counties() -> list[str]:
    return sorted(r["code"] for r in regions() if r["level"] == "county")


def venues_for(county_codes: list[str], per_county: int) -> list[dict[str, Any]]:
    out = []
    for county in county_codes:
        for n in range(per_county):
            venue = make_venue(f"b-{county}-{n:03d}", county, random.Random(f"{county}{n}"))
            venue["venue_type"] = VENUE_TYPES[n % len(VENUE_TYPES)]
            out.append(venue)
    return out


def template() -> dict[str, Any]:
    doc = make_template("bench", 1, items=24, venue_types=list(VENUE_TYPES))
    for section in doc["sections"]:
        section["items"][0]["severity"] = "critical"
        section["items"][-1]["severity"] = "minor"
    return doc


def inspection_for(n: int, venue: dict[str, Any], tpl: dict[str, Any], finished: datetime,
                   rng: random.Random) -> dict[str, Any]:
    """Inspection ``bench-<n>`` of ``venue``, stored as the sync push stores one (summary included)."""
    doc = inspection(tpl, venue, f"jc{venue['county_code']}", finished, rng.choice([0.0, 0.02, 0.08, 0.2]),
                     rng, f"bench-{n}", None)
    doc["status"] = rng.choice(STATUSES)
    doc["received_at"] = (finished + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc["content_digest"] = content_digest(doc)
    doc["summary"] = summarize(doc, tpl, venue)
    return doc


def _generate(n: int, venues: list[dict[str, Any]], tpl: dict[str, Any], now: datetime,
              rng: random.Random) -> dict[str, Any]:
    venue = venues[rng.randrange(len(venues))]
    return inspection_for(n, venue, tpl, now - timedelta(days=rng.uniform(0, 730)), rng)


def load(couch: Couch, count: int, venues: list[dict[str, Any]], tpl: dict[str, Any],
         now: datetime | None = None, progress=None) -> int:
    """Write ``count`` inspections spread over the two years before ``now``; how many were stored.

    One batch is generated while the one before it is being written (one request at a time)."""
    now = now or datetime.now(UTC)
    rng = random.Random(12)
    db = couch.db("inspections")
    stored = 0
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future | None = None
        for start in range(0, count, BATCH):
            docs = [_generate(n, venues, tpl, now, rng) for n in range(start, min(count, start + BATCH))]
            if pending is not None:
                stored += _stored(pending.result())
                if progress:
                    progress(stored)
            pending = writer.submit(db.bulk, docs)
        if pending is not None:
            stored += _stored(pending.result())
            if progress:
                progress(stored)
    return stored


def _stored(results: list[dict[str, Any]]) -> int:
    return sum(1 for r in results if not r.get("error"))
