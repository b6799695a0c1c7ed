"""Re-inspections from the app record per-failure outcomes on the notice; a notice closes when all
its failures are fixed; the overdue job marks notices past a deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.inspections import store as inspections
from services.notices import store
from services.notices.tests.helpers import COUNTY, VENUE, issue_one, world
from tests.support.sync_data import make_inspection


def reinspect(couch, template, notice, answers, finished_at="2026-06-01T10:00:00+08:00"):
    doc = make_inspection(VENUE, COUNTY, "dawa", template)
    doc["answers"] = {k: {"value": v} for k, v in answers.items()}
    doc["reinspection_of"] = notice["_id"]
    doc["finished_at"] = finished_at
    [result] = inspections.write_many(couch, [doc])
    assert result.get("rev"), result
    return doc


def test_a_notice_closes_when_every_failure_is_fixed(couch, make_worker):
    made = world(couch)
    worker = make_worker(couch)
    notice, _ = issue_one(couch, worker, made["inspection"])
    first = reinspect(couch, made["template"], notice, {"item-01": "yes", "item-02": "no"})
    worker.run_once()
    held = store.by_number(couch, notice["number"])
    assert held["status"] == "issued"
    assert held["outcomes"] == {
        "item-01": {"result": "fixed", "inspection_id": first["_id"], "at": first["finished_at"]},
        "item-02": {"result": "failing", "inspection_id": first["_id"], "at": first["finished_at"]}}
    reinspect(couch, made["template"], notice, {"item-02": "yes"}, "2026-06-20T10:00:00+08:00")
    worker.run_once()
    closed = store.by_number(couch, notice["number"])
    assert closed["status"] == "closed" and "closed_at" in closed
    assert {k: v["result"] for k, v in closed["outcomes"].items()} == {"item-01": "fixed", "item-02": "fixed"}


def test_an_older_reinspection_arriving_late_does_not_undo_a_newer_one(couch, make_worker):
    made = world(couch)
    worker = make_worker(couch)
    notice, _ = issue_one(couch, worker, made["inspection"])
    reinspect(couch, made["template"], notice, {"item-01": "yes"}, "2026-06-20T10:00:00+08:00")
    worker.run_once()
    reinspect(couch, made["template"], notice, {"item-01": "no"}, "2026-06-01T10:00:00+08:00")
    worker.run_once()
    assert store.by_number(couch, notice["number"])["outcomes"]["item-01"]["result"] == "fixed"


def test_a_reinspection_of_another_venue_or_no_notice_changes_nothing(couch, make_worker):
    made = world(couch)
    worker = make_worker(couch)
    notice, _ = issue_one(couch, worker, made["inspection"])
    doc = make_inspection("another-venue", COUNTY, "dawa", made["template"])
    doc["answers"] = {"item-01": {"value": "yes"}, "item-02": {"value": "yes"}}
    doc["reinspection_of"] = notice["_id"]
    inspections.write_many(couch, [doc])
    reinspect(couch, made["template"], {"_id": "notice:5401-2026-0999"}, {"item-01": "yes"})
    worker.run_once()
    held = store.by_number(couch, notice["number"])
    assert held["status"] == "issued" and "outcomes" not in held


def test_the_overdue_job_marks_notices_past_a_deadline_not_fixed(couch, make_worker):
    made = world(couch)
    notice, _ = issue_one(couch, make_worker(couch), made["inspection"])
    deadline = datetime.fromisoformat(notice["findings"][0]["deadline"])
    make_worker(couch, clock=lambda: deadline - timedelta(seconds=1)).run_once()
    assert store.by_number(couch, notice["number"])["status"] == "issued"
    later = deadline + timedelta(seconds=1)
    make_worker(couch, clock=lambda: later).run_once()
    overdue = store.by_number(couch, notice["number"])
    assert overdue["status"] == "overdue" and datetime.fromisoformat(overdue["overdue_at"]) == later.replace(
        microsecond=0
    )


def test_a_closed_notice_is_never_overdue(couch, make_worker):
    made = world(couch)
    worker = make_worker(couch)
    notice, _ = issue_one(couch, worker, made["inspection"])
    reinspect(couch, made["template"], notice, {"item-01": "yes", "item-02": "yes"})
    worker.run_once()
    make_worker(couch, clock=lambda: datetime.now(UTC) + timedelta(days=400)).run_once()
    assert store.by_number(couch, notice["number"])["status"] == "closed"
