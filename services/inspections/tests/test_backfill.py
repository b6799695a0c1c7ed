"""Inspections stored before the push wrote a summary get one, and then show in the queue."""

from __future__ import annotations

from schemas.rules.jurisdiction import Jurisdiction
from services.inspections import queries
from services.inspections.backfill import add_missing_summaries
from tests.support.sync_data import make_inspection, make_venue, seed
from tests.support.templates import make_template


def test_old_inspections_get_a_summary_once(couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v-1", "540102")])
    old = make_inspection("v-1", "540102", "dawa", template)
    old["answers"]["item-01"] = {"value": "no"}
    seed(couch, "inspections", [old])
    region = Jurisdiction("region", ())
    assert queries.queue_page(couch, region, queries.Filters()).rows == []
    assert add_missing_summaries(couch) == {"written": 1, "conflicts": 0, "without_template": 0}
    rows = queries.queue_page(couch, region, queries.Filters(critical=False)).rows
    assert [(r["id"], r["findings"]) for r in rows] == [(old["_id"], 1)]
    assert add_missing_summaries(couch)["written"] == 0
