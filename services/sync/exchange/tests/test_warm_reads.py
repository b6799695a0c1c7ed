"""An evening sync on a warm worker: the venue checks and the assignments are not read again while
their databases have not changed, and are read again as soon as they have (counted on the real server)."""

import pytest

from tests.support import couch_requests, followers
from tests.support.sync_data import bearer, make_inspection, make_venue, seed
from tests.support.templates import make_template

COUNTY, OTHER_COUNTY = "540102", "540103"


@pytest.fixture
def field(couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", COUNTY), make_venue("v2", COUNTY)])
    return template


def _sync(client, settings, docs, checkpoint, headers=None):
    body = {"push": [{"doc": d, "base_rev": None} for d in docs], "checkpoint": checkpoint}
    answer = client.post("/sync", json=body, headers=headers or bearer(settings, "dolma"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _notice(number, venue_id, deadline):
    return {"_id": f"notice:{number}", "type": "notice", "number": number, "venue_id": venue_id,
            "county_code": COUNTY, "inspection_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "status": "issued",
            "deadline": deadline}


def _warm_evening(client, settings, couch, field, monkeypatch):
    """A second sync of the evening, the requests it made to CouchDB."""
    seed(couch, "notices", [_notice("2026-0001", "v1", "2026-01-31")])
    morning = _sync(client, settings, [], None)
    first = _sync(client, settings, [make_inspection("v1", COUNTY, "dolma", field)], morning["checkpoint"])
    assert [r["result"] for r in first["push"]] == ["accepted"]

    if client.app.state.couch.followers:
        followers.settle(client.app)
    headers = bearer(settings, "dolma")  # the test's own account write, before counting
    seen = couch_requests.record(monkeypatch)
    # v2 was not named by the first push, but the first push read dolma's whole county.
    second = _sync(client, settings, [make_inspection("v1", COUNTY, "dolma", field),
                                      make_inspection("v2", COUNTY, "dolma", field)], first["checkpoint"], headers)
    assert [r["result"] for r in second["push"]] == ["accepted", "accepted"]
    assert [a["venue_id"] for a in second["pull"]["assignments"]] == ["v1"]
    assert second["pull"]["venues"] == [] and second["pull"]["notices"] == []
    return seen


def test_a_warm_evening_sync_reads_no_venue_and_no_open_notice(client, settings, couch, field, monkeypatch):
    followers.stop(client.app)
    seen = _warm_evening(client, settings, couch, field, monkeypatch)
    assert [r for r in seen if r[0] == "venues"] == [("venues", "GET", "_changes")]
    assert [r for r in seen if r[0] == "notices"] == [("notices", "GET", "_changes")]


def test_with_live_followers_a_sync_of_new_inspections_makes_only_its_read_and_write(client, settings, couch, field,
                                                                               monkeypatch):
    seen = _warm_evening(client, settings, couch, field, monkeypatch)
    # The current versions and the write, and nothing else.
    assert sorted(seen) == [("inspections", "POST", "_all_docs"), ("inspections", "POST", "_bulk_docs")]


def test_a_venue_outside_the_county_read_is_read_by_id(client, settings, couch, field, monkeypatch):
    seed(couch, "venues", [make_venue("far", OTHER_COUNTY)])
    morning = _sync(client, settings, [], None)
    followers.stop(client.app)  # the venues' _changes is read, and shows where they stand
    seen = couch_requests.record(monkeypatch)
    answer = _sync(client, settings, [make_inspection("v1", COUNTY, "dolma", field),
                                      make_inspection("far", COUNTY, "dolma", field)], morning["checkpoint"])
    assert [r["result"] for r in answer["push"]] == ["accepted", "refused"]
    assert [r for r in seen if r[0] == "venues"] == [("venues", "GET", "_changes"), ("venues", "POST", "_find"),
                                                     ("venues", "POST", "_all_docs")]


def test_a_venue_moved_meanwhile_is_judged_as_it_is_now(client, settings, couch, field):
    morning = _sync(client, settings, [], None)
    before = _sync(client, settings, [make_inspection("v2", COUNTY, "dolma", field)], morning["checkpoint"])
    assert [r["result"] for r in before["push"]] == ["accepted"]

    stored = couch.db("venues").all_docs(["venue:v2"])["venue:v2"]
    seed(couch, "venues", [{**stored, "county_code": OTHER_COUNTY}])
    after = _sync(client, settings, [make_inspection("v2", COUNTY, "dolma", field)], before["checkpoint"])
    assert [r["result"] for r in after["push"]] == ["refused"]
    assert after["pull"]["venues_removed"] == ["v2"]


def test_a_notice_past_its_deadline_since_the_last_sync_is_assigned_at_once(client, settings, couch, field):
    morning = _sync(client, settings, [], None)
    quiet = _sync(client, settings, [make_inspection("v1", COUNTY, "dolma", field)], morning["checkpoint"])
    assert quiet["pull"]["assignments"] == []

    seed(couch, "notices", [_notice("2026-0002", "v2", "2026-01-31")])
    later = _sync(client, settings, [], quiet["checkpoint"])
    assert [(a["venue_id"], a["notice_number"]) for a in later["pull"]["assignments"]] == [("v2", "2026-0002")]


def test_with_live_followers_the_venues_come_from_memory_and_an_unknown_one_is_read(client, settings, couch, field,
                                                                                    monkeypatch):
    seed(couch, "venues", [make_venue("far", OTHER_COUNTY)])
    followers.settle(client.app)
    morning = _sync(client, settings, [], None)  # its positions are the followers'
    seen = couch_requests.record(monkeypatch)
    answer = _sync(client, settings, [make_inspection("v1", COUNTY, "dolma", field),
                                      make_inspection("far", COUNTY, "dolma", field),
                                      make_inspection("nowhere", COUNTY, "dolma", field)], morning["checkpoint"])
    assert [r["result"] for r in answer["push"]] == ["accepted", "refused", "invalid"]
    assert "no venue nowhere" in answer["push"][2]["reason"]
    # The push reads only the venue no follower holds, by its id; the county is not read, and the
    # pull reads no feed.
    assert [r for r in seen if r[0] == "venues" or r[2] == "_changes"] == [("venues", "POST", "_all_docs")]
