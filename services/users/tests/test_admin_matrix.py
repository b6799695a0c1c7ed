"""Every user-administration endpoint × every kind of caller."""

import time

import jwt
import pytest
from fastapi.testclient import TestClient

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import issue_token
from services.review.app import create_app as review_app
from services.users import service

ENDPOINTS = [
    ("get", "/api/users", None),
    ("post", "/api/users", {"name": "newbie", "password": "Shigatse2026", "role": "inspector",
                            "jurisdiction": {"level": "county", "codes": ["540102"]}}),
    ("get", "/api/users/dawa", None),
    ("patch", "/api/users/dawa", {"display_name": "Dawa T."}),
    ("post", "/api/users/dawa/password", {"password": "Another2026x"}),
    ("post", "/api/users/dawa/unlock", None),
    ("post", "/api/users/dawa/revoke", None),
    ("post", "/api/users/dawa/deactivate", None),
]
USERS = {
    "admin": ("administrator", {"level": "region", "codes": []}),
    "lhasa.sup": ("supervisor", {"level": "prefecture", "codes": ["540100"]}),
    "ngari.sup": ("supervisor", {"level": "prefecture", "codes": ["542500"]}),
    "dawa": ("inspector", {"level": "county", "codes": ["540102"]}),
    "pema": ("inspector", {"level": "county", "codes": ["542526"]}),
}


@pytest.fixture
def client(settings, couch):
    for name, (role, jurisdiction) in USERS.items():
        service.create_user(
            couch, {"name": name, "password": "Lhasa-2026-pw", "role": role, "jurisdiction": jurisdiction}
        )
    with TestClient(review_app(settings)) as review:
        yield review


def _token(settings, name, **kw):
    role, jurisdiction = USERS[name]
    return issue_token(settings, name, role, Jurisdiction.from_dict(jurisdiction), **kw)[0]


def _callers(settings, couch):
    revoked = _token(settings, "admin", now=time.time() - 100)
    return {
        "no token": (None, 401, "not_authenticated"),
        "expired": (_token(settings, "admin", lifetime_seconds=1, now=1_000_000), 401, "token_expired"),
        "forged": (
            jwt.encode({"sub": "admin", "role": "administrator"}, "x" * 40, algorithm="HS256"),
            401,
            "token_invalid",
        ),
        "revoked": (revoked, 401, "token_revoked"),
        "inspector": (_token(settings, "pema"), 403, "forbidden"),
        "supervisor": (_token(settings, "lhasa.sup"), 403, "forbidden"),
    }


@pytest.mark.parametrize("method, path, body", ENDPOINTS)
@pytest.mark.parametrize(
    "caller", ["no token", "expired", "forged", "revoked", "inspector", "supervisor", "administrator"]
)
def test_matrix(client, settings, couch, caller, method, path, body):
    if caller == "revoked":
        service.revoke(couch, "admin")
    if caller == "administrator":
        token, status, code = _token(settings, "admin"), None, None
    else:
        token, status, code = _callers(settings, couch)[caller]
    if caller == "supervisor" and (method, path) == ("get", "/api/users"):
        status, code = 200, None  # supervisors may list their inspectors
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = client.request(method.upper(), path, json=body, headers=headers)
    if status is None:
        assert answer.status_code in (200, 201), answer.text
    else:
        assert answer.status_code == status and (code is None or answer.json()["code"] == code), answer.text
    assert "password_hash" not in answer.text and "$argon2" not in answer.text


def test_supervisor_sees_only_inspectors_in_reach(client, settings):
    answer = client.get("/api/users", headers={"Authorization": f"Bearer {_token(settings, 'lhasa.sup')}"})
    assert [u["name"] for u in answer.json()["users"]] == ["dawa"]
    answer = client.get("/api/users", headers={"Authorization": f"Bearer {_token(settings, 'ngari.sup')}"})
    assert [u["name"] for u in answer.json()["users"]] == ["pema"]


def test_admin_filters_by_role_and_county(client, settings):
    headers = {"Authorization": f"Bearer {_token(settings, 'admin')}"}
    names = [u["name"] for u in client.get("/api/users?role=supervisor", headers=headers).json()["users"]]
    assert sorted(names) == ["lhasa.sup", "ngari.sup"]
    names = [u["name"] for u in client.get("/api/users?role=inspector&county=542526", headers=headers).json()["users"]]
    assert names == ["pema"]


def test_one_token_revoked_by_jti_and_deactivation(client, settings, couch):
    role, jur = USERS["dawa"]
    first, claims = issue_token(settings, "dawa", role, Jurisdiction.from_dict(jur))
    second, _ = issue_token(settings, "dawa", role, Jurisdiction.from_dict(jur))
    admin = {"Authorization": f"Bearer {_token(settings, 'admin')}"}
    assert client.post("/api/users/dawa/revoke", json={"jti": claims["jti"]}, headers=admin).status_code == 200
    sup = _token(settings, "lhasa.sup")
    assert client.get("/api/users", headers={"Authorization": f"Bearer {sup}"}).status_code == 200
    # inspectors get 403 on this list, so a revoked token shows as 401 first
    assert client.get("/api/users", headers={"Authorization": f"Bearer {first}"}).json()["code"] == "token_revoked"
    assert client.get("/api/users", headers={"Authorization": f"Bearer {second}"}).json()["code"] == "forbidden"
    client.post("/api/users/dawa/deactivate", headers=admin)
    assert client.get("/api/users", headers={"Authorization": f"Bearer {second}"}).json()["code"] == "token_revoked"


@pytest.mark.parametrize(
    "body, status",
    [
        (
            {
                "name": "x",
                "password": "Lhasa-2026-pw",
                "role": "inspector",
                "jurisdiction": {"level": "county", "codes": ["540102"]},
            },
            422,
        ),
        (
            {
                "name": "tsering",
                "password": "short1",
                "role": "inspector",
                "jurisdiction": {"level": "county", "codes": ["540102"]},
            },
            422,
        ),
        (
            {
                "name": "tsering",
                "password": "Lhasa-2026-pw",
                "role": "king",
                "jurisdiction": {"level": "county", "codes": ["540102"]},
            },
            422,
        ),
        (
            {
                "name": "tsering",
                "password": "Lhasa-2026-pw",
                "role": "inspector",
                "jurisdiction": {"level": "county", "codes": ["110101"]},
            },
            422,
        ),
        (
            {
                "name": "tsering",
                "password": "Lhasa-2026-pw",
                "role": "inspector",
                "jurisdiction": {"level": "county", "codes": ["549999"]},
            },
            422,
        ),
        ({"name": "tsering", "password": 12345, "role": "inspector", "jurisdiction": "all"}, 422),
        (
            {
                "name": "dawa",
                "password": "Lhasa-2026-pw",
                "role": "inspector",
                "jurisdiction": {"level": "county", "codes": ["540102"]},
            },
            409,
        ),
        ([1, 2], 422),
    ],
)
def test_hostile_create(client, settings, body, status):
    headers = {"Authorization": f"Bearer {_token(settings, 'admin')}"}
    answer = client.post("/api/users", json=body, headers=headers)
    assert answer.status_code == status, answer.text


def test_malformed_and_huge_bodies(client, settings):
    headers = {"Authorization": f"Bearer {_token(settings, 'admin')}", "Content-Type": "application/json"}
    assert client.post("/api/users", content=b"{not json", headers=headers).json()["code"] == "malformed_json"
    huge = b'{"name": "' + b"a" * (settings.kora_max_body_bytes + 10) + b'"}'
    assert client.post("/api/users", content=huge, headers=headers).status_code == 413


def test_script_in_display_name_is_kept_as_text(client, settings):
    headers = {"Authorization": f"Bearer {_token(settings, 'admin')}"}
    client.patch("/api/users/pema", json={"display_name": "<img src=x onerror=alert(1)>"}, headers=headers)
    answer = client.get("/api/users/pema", headers=headers)
    assert answer.json()["display_name"] == "<img src=x onerror=alert(1)>"
    assert answer.headers["content-type"].startswith("application/json")


def test_changing_role_or_reach_revokes_old_tokens(client, settings):
    old = _token(settings, "lhasa.sup", now=time.time() - 10)
    admin = {"Authorization": f"Bearer {_token(settings, 'admin')}"}
    assert (
        client.patch(
            "/api/users/lhasa.sup",
            json={"role": "inspector", "jurisdiction": {"level": "county", "codes": ["540102"]}},
            headers=admin,
        ).status_code
        == 200
    )
    assert client.get("/api/users", headers={"Authorization": f"Bearer {old}"}).json()["code"] == "token_revoked"
