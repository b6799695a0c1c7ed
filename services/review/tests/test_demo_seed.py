"""The demo seed goes through the push and the decisions, and a second run changes nothing."""

from __future__ import annotations

from schemas.rules.jurisdiction import Jurisdiction
from services.catalog.regions import seed_regions
from services.catalog.seed import seed_templates
from services.inspections import queries
from services.review.demo.seed import seed_demo_inspections
from services.users.seed import seed_demo_accounts
from services.venues.seed import seed_demo_venues


def test_demo_inspections_are_pushed_decided_and_seeded_once(couch):
    for step in (seed_regions, seed_demo_venues, seed_templates, seed_demo_accounts):
        step(couch)
    line = seed_demo_inspections(couch, count=60)
    assert line.startswith("demo inspections: 60 pushed"), line
    counts = queries.status_counts(couch, Jurisdiction("region", ()))
    assert sum(counts.values()) == 60 and counts["approved"] > 0 and counts["returned"] > 0
    page = queries.queue_page(couch, Jurisdiction("region", ()), queries.Filters(critical=True))
    assert page.rows and all(r["critical"] > 0 for r in page.rows)
    requests = couch.db("notices").find_all({"type": "notice_request"})
    assert requests and all(r["status"] == "pending" for r in requests)
    assert seed_demo_inspections(couch, count=60) == "demo inspections: 60 already there"
