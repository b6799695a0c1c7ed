"""A sync worker that follows the users database checks tokens without reading the account, and a
revocation written anywhere takes effect as soon as its follower has seen it."""

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
    for _ in range(500):
        answer = _quiet_sync(sync, token)
        if answer.status_code != 200:
            break
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"
    assert [r for r in seen if r[0] == "users"] == []
