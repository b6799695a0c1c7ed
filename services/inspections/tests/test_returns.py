"""Return markers on the real server: a pull finds returned inspections without a query, reads
nothing for an inspector with none, and a marker that no longer applies goes away."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from schemas.rules.jurisdiction import Jurisdiction
from schemas.rules.timestamps import utc_stamp
from services.common.auth import Principal
from services.common.couch import Couch
from services.inspections import decisions, returns
from tests.support import couch_requests
from tests.support.sync_data import make_inspection, seed
from tests.support.templates import make_template

SUPERVISOR = Principal("pema", "supervisor", Jurisdiction("county", ("540102",)))
# Markers are stamped with the time they are written: the pulls here are dated now, or a day on.
NOW = utc_stamp()
MUCH_LATER = (datetime.fromisoformat(NOW) + timedelta(days=1)).isoformat()


def _until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.01)


@pytest.fixture
def worker(settings, couch):
    """A sync worker's access layer: following the returns, its markers made complete."""
    worker = Couch(settings)
    returns.ensure_markers(worker, NOW)
    follower = worker.follow(returns.DB, returns.FOLLOW[returns.DB])
    _until(lambda: follower.live)
    yield worker
    worker.close()


def _submitted(couch, inspector="dolma"):
    doc = {**make_inspection("v1", "540102", inspector, make_template()), "received_at": NOW}
    seed(couch, "inspections", [doc])
    return couch.db("inspections").get(doc["_id"])


def test_an_inspector_with_nothing_returned_costs_no_request(worker, couch, monkeypatch):
    _submitted(couch)
    seen = couch_requests.record(monkeypatch)
    assert returns.returned_to(worker, "dolma", NOW) == []
    assert seen == []


def test_a_supervisors_return_reaches_its_inspector_by_id_and_nobody_else(worker, couch, monkeypatch):
    doc = _submitted(couch)
    _submitted(couch, inspector="tashi")
    decisions.return_to_inspector(couch, SUPERVISOR, doc["_id"], doc["_rev"], "请补拍", NOW)
    _until(lambda: not worker.followers[returns.DB].awaiting and worker.followers[returns.DB].live)
    seen = couch_requests.record(monkeypatch)
    found = returns.returned_to(worker, "dolma", NOW)
    assert [(d["_id"], d["review"]["comment"]) for d in found] == [(doc["_id"], "请补拍")]
    assert seen == [("inspections", "POST", "_all_docs")]
    assert returns.returned_to(worker, "tashi", NOW) == []


def test_inspections_returned_without_a_marker_get_one_at_the_start(settings, couch):
    doc = _submitted(couch)
    seed(couch, "inspections", [{**doc, "status": "returned"}])
    worker = Couch(settings)
    try:
        returns.ensure_markers(worker, NOW)
        follower = worker.follow(returns.DB, returns.FOLLOW[returns.DB])
        _until(lambda: follower.live)
        assert [d["_id"] for d in returns.returned_to(worker, "dolma", NOW)] == [doc["_id"]]
    finally:
        worker.close()


def test_a_marker_that_no_longer_applies_is_dropped_once_old_and_kept_while_fresh(worker, couch):
    doc = _submitted(couch)
    returned = decisions.return_to_inspector(couch, SUPERVISOR, doc["_id"], doc["_rev"], "请补拍", NOW)
    seed(couch, "inspections", [{**returned, "status": "submitted"}])  # the phone re-sent it
    follower = worker.followers[returns.DB]
    _until(lambda: follower.live)
    assert returns.returned_to(worker, "dolma", NOW) == []
    assert couch.db(returns.DB).get(f"return:{doc['_id']}") is not None  # fresh: a return may be under way
    assert returns.returned_to(worker, "dolma", MUCH_LATER) == []
    assert couch.db(returns.DB).get(f"return:{doc['_id']}") is None


def test_without_a_live_follower_the_inspections_are_asked(couch, monkeypatch):
    doc = _submitted(couch)
    decisions.return_to_inspector(couch, SUPERVISOR, doc["_id"], doc["_rev"], "请补拍", NOW)
    seen = couch_requests.record(monkeypatch)
    assert [d["_id"] for d in returns.returned_to(couch, "dolma", NOW)] == [doc["_id"]]
    assert seen == [("inspections", "POST", "_find")]
