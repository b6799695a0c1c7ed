"""The review bench's generated load: stored like pushed inspections, visible to the queue and views."""

from __future__ import annotations

from bench import review_indexes
from bench.review import timed
from bench.review_load import counties, load, template, venues_for
from schemas.rules.jurisdiction import Jurisdiction
from services.inspections import queries, statistics
from tests.support.sync_data import seed


def test_the_generated_inspections_fill_the_queue_and_the_statistics(couch):
    codes = counties()
    assert len(codes) == 74
    venues = venues_for(codes[:3], 2)
    seed(couch, "venues", venues)
    assert load(couch, 120, venues, template()) == 120
    region = Jurisdiction("region", ())
    assert sum(queries.status_counts(couch, region).values()) == 120
    page = queries.queue_page(couch, region, queries.Filters())
    assert len(page.rows) == queries.PAGE_SIZE and page.next_cursor
    figures = statistics.compliance(couch, region)
    assert sum(t.inspections for t in figures.counties.values()) == 120 and set(figures.counties) <= set(codes[:3])


def test_timed_reports_median_and_p95():
    figures = timed(lambda: None, 5)
    assert set(figures) == {"median_ms", "p95_ms", "runs"} and figures["runs"] == 5


def test_the_design_documents_are_withheld_during_the_load_and_built_and_timed_after(couch):
    assert "_design/review" in review_indexes.withhold(couch, "inspections")
    assert review_indexes.design_docs(couch, "inspections") == {}
    venues = venues_for(counties()[:2], 1)
    seed(couch, "venues", venues)
    assert load(couch, 10, venues, template()) == 10
    total, by_ddoc = review_indexes.restore_and_build(couch)
    assert "inspections/_design/review" in by_ddoc and "venues/_design/review" in by_ddoc
    assert all(0 <= seconds <= total for seconds in by_ddoc.values())
    assert sum(queries.status_counts(couch, Jurisdiction("region", ())).values()) == 10
