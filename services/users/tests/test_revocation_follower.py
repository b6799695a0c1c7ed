"""A sync worker that follows the users database lets tokens through without reading the account,
and a revocation written anywhere takes effect as soon as its follower has seen it (the refusal is
confirmed by one read of the account)."""

import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from services.sync.app import create_app as sync_app
from services.users import service
from tests.support import couch_requests, followers

PASSWORD = "Chengguan2026"


@pytest.fixture
def sync(settings, couch):
    service.create_user(couch, {"name": "dawa", "password": PASSWORD, "role": "inspector",
                                "jurisdiction": {"level": "county", "codes": ["540102"]}})
    with TestClient(sync_app(settings)) as client:
        yield client


def _quiet_sync(sync, token):
    return sync.post("/sync", json={"push": [], "pull": False}, headers={"Authorization": f"Bearer {token}"})


def test_a_deactivation_by_another_process_refuses_the_token_without_reading_the_account(
        sync, settings, raw_couch, monkeypatch):
    token = sync.post("/auth/login", json={"name": "dawa", "password": PASSWORD}).json()["token"]
    followers.settle(sync.app)
    seen = couch_requests.record(monkeypatch)
    assert _quiet_sync(sync, token).status_code == 200

    path = f"/{quote(settings.db_name('users'), safe='')}/user%3Adawa"
    account = raw_couch.get(path).json()
    assert raw_couch.put(path, json={**account, "active": False}).status_code == 201  # not through Kora
    assert [r for r in seen if r[0] == "users"] == []
    deadline = time.monotonic() + 5  # half the fallback cache's 10 s: only the follower can be this quick
    answer = _quiet_sync(sync, token)
    while answer.status_code == 200 and time.monotonic() < deadline:
        answer = _quiet_sync(sync, token)
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"
    assert [r for r in seen if r[0] == "users"] == [("users", "GET", "user%3Adawa")]


def test_a_reactivation_the_follower_has_not_seen_yet_is_let_through_after_a_read(sync, settings, raw_couch,
                                                                                 monkeypatch):
    token = sync.post("/auth/login", json={"name": "dawa", "password": PASSWORD}).json()["token"]
    path = f"/{quote(settings.db_name('users'), safe='')}/user%3Adawa"
    account = raw_couch.get(path).json()
    assert raw_couch.put(path, json={**account, "active": False}).status_code == 201
    follower = sync.app.state.couch.followers["users"]
    deadline = time.monotonic() + 10
    while follower.held.get("user:dawa", {}).get("active") is not False:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    monkeypatch.setattr(follower, "_hold", lambda rows: None)  # from now on it sees, but holds nothing new
    account = raw_couch.get(path).json()
    assert raw_couch.put(path, json={**account, "active": True}).status_code == 201
    followers.settle(sync.app)
    assert follower.held["user:dawa"]["active"] is False
    assert _quiet_sync(sync, token).status_code == 200
