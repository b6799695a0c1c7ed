import json

import pytest
from fastapi.testclient import TestClient

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import issue_token
from services.common.errors import KoraError
from services.review.app import create_app as review_app
from services.sync.app import create_app as sync_app
from services.users import service

PASSWORD = "Chengguan2026"


@pytest.fixture
def apps(settings, couch):
    service.create_user(couch, {"name": "admin", "password": "Potala12345x", "role": "administrator",
                                "jurisdiction": {"level": "region", "codes": []}})
    service.create_user(couch, {"name": "dawa", "password": PASSWORD, "role": "inspector",
                                "display_name": "<script>alert(1)</script>",
                                "jurisdiction": {"level": "county", "codes": ["540102"]}})
    with TestClient(sync_app(settings)) as sync, TestClient(review_app(settings)) as review:
        yield sync, review


def _login(sync, name, password):
    return sync.post("/auth/login", json={"name": name, "password": password})


def test_login_returns_token_and_profile_without_hash(apps):
    sync, _ = apps
    answer = _login(sync, "dawa", PASSWORD)
    assert answer.status_code == 200
    body = answer.json()
    assert body["user"]["role"] == "inspector" and "password_hash" not in str(body)
    assert body["user"]["display_name"] == "<script>alert(1)</script>"
    assert sync.post("/auth/refresh", headers={"Authorization": f"Bearer {body['token']}"}).status_code == 200


def test_unknown_name_and_wrong_password_look_the_same(apps):
    sync, _ = apps
    a, b = _login(sync, "dawa", "Wrong123456"), _login(sync, "nobody", "Wrong123456")
    assert a.status_code == b.status_code == 401
    assert a.json()["code"] == b.json()["code"] == "bad_credentials"


def test_revoking_all_tokens_refuses_old_token(apps, couch):
    sync, review = apps
    token = _login(sync, "dawa", PASSWORD).json()["token"]
    admin = _login(sync, "admin", "Potala12345x").json()["token"]
    assert review.post("/api/users/dawa/revoke", headers={"Authorization": f"Bearer {admin}"}).status_code == 200
    answer = sync.post("/auth/refresh", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"


def test_inspector_cannot_administer(apps, settings):
    _, review = apps
    token, _ = issue_token(settings, "dawa", "inspector", Jurisdiction("county", ("540102",)))
    answer = review.get("/api/users", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403
    assert review.get("/api/users").status_code == 401


def test_lockout_after_repeated_failures(apps, couch):
    sync, _ = apps
    codes = [_login(sync, "dawa", "Wrong123456").json()["code"] for _ in range(7)]
    assert codes[:5] == ["bad_credentials"] * 5
    assert "too_many_attempts" in codes[5:]


def test_malformed_json_is_400(apps):
    sync, _ = apps
    answer = sync.post("/auth/login", content=b'{"name":', headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert sync.post("/auth/login", json={"name": 5, "password": []}).status_code == 422


def test_login_rehashes_old_parameters(apps, couch):
    from argon2 import PasswordHasher

    sync, _ = apps
    doc = couch.db("users").get("user:dawa")
    doc["password_hash"] = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    couch.db("users").put(doc)
    assert _login(sync, "dawa", PASSWORD).status_code == 200
    rehashed = couch.db("users").get("user:dawa")["password_hash"]
    assert rehashed != doc["password_hash"] and "m=65536" in rehashed


def test_deactivated_user_cannot_sign_in(apps, couch):
    sync, _ = apps
    service.deactivate(couch, "dawa")
    assert _login(sync, "dawa", PASSWORD).json()["code"] == "bad_credentials"


@pytest.mark.parametrize("role", ["administrator", "supervisor", "inspector"])
def test_a_token_signed_with_our_key_for_an_account_that_does_not_exist_is_refused(apps, settings, role):
    sync, review = apps
    token, _ = issue_token(settings, "ghost", role, Jurisdiction("region"))
    headers = {"Authorization": f"Bearer {token}"}
    for answer in (review.get("/api/users", headers=headers), sync.post("/auth/refresh", headers=headers),
                   sync.post("/sync", json={"push": [], "pull": False}, headers=headers)):
        assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"


def test_a_stored_user_that_is_not_valid_unicode_does_not_take_the_list_down(apps, couch, settings):
    _, review = apps
    broken = couch.db("users").get("user:dawa")
    broken["display_name"] = "Dawa \ud800"
    with pytest.raises(KoraError) as refused:
        couch.db("users").put(broken)  # Kora never writes such text...
    assert refused.value.code == "invalid_request"
    # ...but a document written past Kora may hold it (the local server keeps it as sent).
    written = couch.http.put(f"/{couch.name('users')}/user:dawa", content=json.dumps(broken))
    if written.status_code >= 400:  # an engine that refuses it leaves nothing to show
        assert written.status_code == 400
        return
    token, _ = issue_token(settings, "admin", "administrator", Jurisdiction("region"))
    answer = review.get("/api/users", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    names = {u["name"]: u for u in answer.json()["users"]}
    assert set(names) == {"admin", "dawa"} and names["dawa"]["display_name"] == "Dawa \ufffd"
    one = review.get("/api/users/dawa", headers={"Authorization": f"Bearer {token}"})
    assert one.status_code == 200 and one.json()["display_name"] == "Dawa \ufffd"
