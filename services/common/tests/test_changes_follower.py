"""Followers on the real server: live at the database's position, never trusted past a write of
their own process, quick to see another's, and out of the way when CouchDB is not there."""

from __future__ import annotations

import time
from urllib.parse import quote

import httpx
import pytest

from services.common.changes_follower import ChangesFollower
from services.common.couch import Couch
from services.common.errors import KoraError
from tests.support import couch_requests


def _until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.01)


def _as_a_phone_holds_it(couch, short):
    """Where the database stands, spelled as a phone's checkpoint spells it: a first pull's
    update_seq, then a read of the feed from there (CouchDB 3 spells positions by their history)."""
    db = couch.db(short)
    return db.changes(db.update_seq(), 1000)[1]


@pytest.fixture
def app_couch(settings, couch):
    """A second access layer on the same databases, as a service worker holds one."""
    worker = Couch(settings)
    yield worker
    worker.close()


def test_a_live_follower_answers_changes_since_its_position_without_a_request(app_couch, couch, monkeypatch):
    venues = app_couch.follow("venues")
    _until(lambda: venues.live)
    position = _as_a_phone_holds_it(couch, "venues")
    assert venues.is_at(position)

    seen = couch_requests.record(monkeypatch)
    assert app_couch.db("venues").changes(position, 1000) == ([], position, False)
    assert seen == []


def test_a_whole_read_starts_from_a_live_followers_position_and_its_next_read_needs_no_request(
        app_couch, couch, monkeypatch):
    venues = app_couch.follow("venues")
    _until(lambda: venues.live)
    seen = couch_requests.record(monkeypatch)
    start = app_couch.db("venues").update_seq()  # what a first pull keeps in the phone's checkpoint
    assert app_couch.db("venues").changes(start, 1000) == ([], start, False)
    assert seen == []

    couch.db("venues").put({"_id": "venue:v1", "type": "venue", "county_code": "540102"})
    rows, _, _ = app_couch.db("venues").changes(start, 1000)
    assert [r["id"] for r in rows] == ["venue:v1"]


def test_a_follower_not_live_leaves_the_position_to_couchdb(app_couch, couch, monkeypatch):
    venues = app_couch.follow("venues")
    _until(lambda: venues.live)
    venues.stop()
    seen = couch_requests.record(monkeypatch)
    start = app_couch.db("venues").update_seq()
    assert [r[0] for r in seen] == ["venues"]
    assert app_couch.db("venues").changes(start, 1000)[0] == []


def test_after_a_write_of_its_own_process_it_is_not_trusted_until_it_has_seen_it(app_couch, couch):
    venues = app_couch.follow("venues")
    _until(lambda: venues.live)
    before = _as_a_phone_holds_it(couch, "venues")
    couch.db("venues").put({"_id": "venue:v1", "type": "venue", "county_code": "540102"})
    assert not venues.is_at(before)  # at once: the write went through this process
    rows, after, _ = app_couch.db("venues").changes(before, 1000)
    assert [r["id"] for r in rows] == ["venue:v1"]
    _until(lambda: venues.is_at(after))


def test_a_write_by_another_process_is_seen_when_the_long_poll_answers(app_couch, couch, settings, raw_couch):
    notices = app_couch.follow("notices")
    _until(lambda: notices.live)
    before = _as_a_phone_holds_it(couch, "notices")
    assert notices.is_at(before)
    name = quote(settings.db_name("notices"), safe="")
    assert raw_couch.put(f"/{name}/notice:1", json={"type": "notice"}).status_code == 201  # not through Kora
    _, now, _ = couch.db("notices").changes(before, 1000)
    _until(lambda: notices.is_at(now), seconds=5)
    assert now != before and not notices.is_at(before)


def test_a_follower_that_keeps_documents_holds_each_and_drops_the_deleted(app_couch, couch):
    couch.db("users").put({"_id": "user:dawa", "active": True})
    users = app_couch.follow("users", keep=lambda doc: doc.get("active") if doc["_id"].startswith("user:") else None)
    _until(lambda: users.live)
    assert users.held == {"user:dawa": True}
    stored = couch.db("users").put({"_id": "user:dolma", "active": False})
    _until(lambda: users.live and "user:dolma" in users.held)
    assert users.held == {"user:dawa": True, "user:dolma": False}
    assert couch.db("users").delete(stored)
    _until(lambda: users.live and "user:dolma" not in users.held)


def test_a_keeping_follower_loads_every_document_in_pages_and_stands_where_a_phone_does(
        app_couch, couch, monkeypatch):
    monkeypatch.setattr("services.common.changes_follower.BATCH", 3)
    couch.db("venues").bulk([{"_id": f"venue:v{n}", "county_code": "540102"} for n in range(7)])
    gone = couch.db("venues").put({"_id": "venue:gone", "county_code": "540102"})
    assert couch.db("venues").delete(gone)
    venues = app_couch.follow("venues", keep=lambda doc: doc.get("county_code"))
    _until(lambda: venues.live)
    assert venues.held == {f"venue:v{n}": "540102" for n in range(7)}
    assert venues.is_at(_as_a_phone_holds_it(couch, "venues"))


def test_with_couchdb_away_the_follower_is_not_live_and_reads_fail_as_unavailable(settings):
    away = Couch(settings.model_copy(update={"couchdb_url": "http://admin:pw@127.0.0.1:9"}))
    try:
        follower = away.follow("venues")
        time.sleep(0.5)
        assert not follower.live
        with pytest.raises(KoraError) as refused:
            away.db("venues").changes("0", 10)
        assert refused.value.code == "database_unavailable"
    finally:
        away.close()


def test_closing_the_access_layer_stops_its_followers(app_couch):
    follower = app_couch.follow("catalog")
    _until(lambda: follower.live)
    app_couch.close()
    _until(lambda: not follower.live)
    assert app_couch.followers == {}


def _unstarted() -> ChangesFollower:
    return ChangesFollower(httpx.Client(), "http://127.0.0.1:9", "kora_venues")


def test_a_write_the_follower_saw_before_it_was_reported_is_not_waited_for():
    follower = _unstarted()
    follower._saw([{"id": "venue:v1", "changes": [{"rev": "2-b"}]}], asked_at=time.monotonic())
    follower.expect([("venue:v1", "2-b")])
    assert follower.awaiting == set()


def test_a_later_revision_of_the_same_document_covers_an_earlier_write():
    follower = _unstarted()
    follower.expect([("venue:v1", "2-b"), ("venue:v2", "1-a")])
    follower._saw([{"id": "venue:v1", "changes": [{"rev": "3-c"}]}], asked_at=0.0)
    assert follower.awaiting == {"venue:v2"}


def test_an_answer_to_a_question_asked_after_the_write_covers_it_whatever_its_rows():
    follower = _unstarted()
    follower.expect([("venue:v1", "2-b")])
    follower._saw([], asked_at=time.monotonic())
    assert follower.awaiting == set()
