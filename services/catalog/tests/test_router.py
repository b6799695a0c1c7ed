"""The templates API in the review service: roles, bad input, immutability, OpenAPI."""

import json

import jwt
import pytest
from fastapi.testclient import TestClient

from schemas.rules.jurisdiction import Jurisdiction
from services.catalog.router import MAX_TEMPLATE_BYTES
from services.review.app import create_app
from tests.support.sync_data import token_for
from tests.support.templates import template

REGION = Jurisdiction("region")
ONE = "/api/templates/bank/versions/1"


@pytest.fixture
def client(settings, couch):
    with TestClient(create_app(settings)) as c:
        yield c


def _auth(settings, role, **kwargs):
    return {"Authorization": f"Bearer {token_for(settings, f'{role}-1', role, 'region', (), **kwargs)}"}


def _headers(settings, who):
    if who == "none":
        return {}
    if who == "expired":
        return _auth(settings, "administrator", lifetime_seconds=60, now=1_000_000)
    if who == "forged":
        claims = {
            "iss": "kora",
            "sub": "x",
            "role": "administrator",
            "jur": REGION.as_dict(),
            "iat": 1,
            "exp": 4_000_000_000,
            "jti": "f",
        }
        return {
            "Authorization": "Bearer " + jwt.encode(claims, "another-key-" * 4, algorithm="HS256")
        }
    return _auth(settings, who)


def _problem(answer, status, code):
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == code
    return answer.json()


def _create_and_publish(client, admin, doc=None):
    created = client.post("/api/templates", json=doc or template(), headers=admin)
    assert created.status_code == 201, created.text
    return client.post(ONE + "/publish", headers=admin)


WHO = ["none", "expired", "forged", "inspector", "supervisor", "administrator"]
READ = {
    "none": 401,
    "expired": 401,
    "forged": 401,
    "inspector": 200,
    "supervisor": 200,
    "administrator": 200,
}
WRITE = {"none": 401, "expired": 401, "forged": 401, "inspector": 403, "supervisor": 403}


@pytest.mark.parametrize("who", WHO)
def test_role_matrix(client, settings, who):
    admin = _auth(settings, "administrator")
    client.post("/api/templates", json=template(), headers=admin)
    headers = _headers(settings, who)
    assert client.get("/api/templates", headers=headers).status_code == READ[who]
    assert client.get(ONE, headers=headers).status_code == READ[who]
    stored = client.get(ONE, headers=admin).json()
    calls = [
        ("POST", "/api/templates", template(version=2)),
        ("PUT", ONE, stored),
        ("POST", ONE + "/publish", None),
    ]
    for method, path, body in calls:
        answer = client.request(method, path, json=body, headers=headers)
        if who == "administrator":
            assert answer.status_code in (200, 201), answer.text
        else:
            code = {
                401: (
                    "token_expired"
                    if who == "expired"
                    else "token_invalid"
                    if who == "forged"
                    else "not_authenticated"
                ),
                403: "forbidden",
            }[WRITE[who]]
            _problem(answer, WRITE[who], code)
    expected = "published" if who == "administrator" else "draft"
    assert client.get(ONE, headers=admin).json()["status"] == expected


def test_admin_lists_creates_publishes_and_staff_read(client, settings):
    admin, inspector = _auth(settings, "administrator"), _auth(settings, "inspector")
    assert client.get("/api/templates", headers=inspector).json() == {"templates": []}
    published = _create_and_publish(client, admin)
    assert published.status_code == 200 and published.json()["status"] == "published"
    listed = client.get("/api/templates", headers=inspector).json()["templates"]
    assert [(t["template_id"], t["version"], t["status"], t["items"]) for t in listed] == [
        ("bank", 1, "published", 4)
    ]
    draft = {k: v for k, v in template().items() if k not in ("_id", "version")}
    assert client.post("/api/templates", json=draft, headers=admin).json()["version"] == 2
    only = client.get("/api/templates", params={"template_id": "bank"}, headers=inspector)
    assert [t["version"] for t in only.json()["templates"]] == [1, 2]
    assert (
        client.get("/api/templates", params={"template_id": "<x>"}, headers=inspector).status_code
        == 422
    )


def test_publish_twice_and_edit_published_are_409(client, settings):
    admin = _auth(settings, "administrator")
    _create_and_publish(client, admin)
    body = _problem(client.post(ONE + "/publish", headers=admin), 409, "template_published")
    assert "cannot change" in body["detail"]
    stored = client.get(ONE, headers=admin).json()
    edited = stored | {"title": stored["title"] | {"zh": "改"}}
    _problem(client.put(ONE, json=edited, headers=admin), 409, "template_published")
    _problem(
        client.post("/api/templates", json=template(), headers=admin), 409, "template_published"
    )
    assert client.get(ONE, headers=admin).json() == stored


def test_unknown_ids_are_clear_404s(client, settings):
    admin = _auth(settings, "administrator")
    for path in (
        "/api/templates/nothing/versions/1",
        "/api/templates/bank/versions/99999999999",
        "/api/templates/%3Cscript%3E/versions/1",
        "/api/templates/nothing/versions/1/publish",
    ):
        method = "POST" if path.endswith("publish") else "GET"
        body = _problem(client.request(method, path, headers=admin), 404, "template_not_found")
        assert "no version" in body["detail"]
    _problem(
        client.put("/api/templates/nothing/versions/1", json=template(), headers=admin),
        404,
        "template_not_found",
    )
    _problem(client.get("/api/templates/bank/versions/one", headers=admin), 422, "invalid_request")


@pytest.mark.parametrize("raw, code", [(b"{", "malformed_json"), (b"\x00\xff\xfe junk", "malformed_json"),
                                       (b'{"a": 1,}', "malformed_json"), (b"[" * 100000, "json_too_deep"),
                                       (b"", "malformed_json")])
def test_malformed_json_is_400(client, settings, raw, code):
    admin = _auth(settings, "administrator")
    answer = client.post(
        "/api/templates", content=raw, headers=admin | {"content-type": "application/json"}
    )
    _problem(answer, 400, code)
    assert client.get("/api/templates", headers=admin).json()["templates"] == []


def test_wrong_types_are_422_with_exact_paths(client, settings):
    admin = _auth(settings, "administrator")
    doc = template()
    doc["version"] = "one"
    doc["sections"][0]["items"][0]["rectification_days"] = "7"
    doc["title"] = {"zh": "标题"}
    body = _problem(client.post("/api/templates", json=doc, headers=admin), 422, "invalid_document")
    paths = {e["path"] for e in body["errors"]}
    assert {"/version", "/sections/0/items/0/rectification_days", "/title"} <= paths
    for junk in (b"[1, 2]", b'"text"', b"42", b"null"):
        answer = client.post("/api/templates", content=junk, headers=admin)
        _problem(answer, 422, "invalid_request")


def test_huge_bodies_are_413_and_nothing_is_written(client, settings):
    admin = _auth(settings, "administrator")
    doc = template()
    doc["sections"][0]["items"][0]["guidance"]["zh"] = "长" * MAX_TEMPLATE_BYTES
    _problem(client.post("/api/templates", json=doc, headers=admin), 413, "body_too_large")
    streamed = client.post(
        "/api/templates",
        content=iter([b" " * 65536] * 40),
        headers=admin | {"content-type": "application/json"},
    )
    _problem(streamed, 413, "body_too_large")
    assert client.get("/api/templates", headers=admin).json()["templates"] == []


def test_html_and_script_in_strings_are_kept_as_data_and_answered_as_json(client, settings):
    admin = _auth(settings, "administrator")
    doc = template()
    doc["title"]["zh"] = "<script>alert('x')</script>银行"
    created = client.post("/api/templates", json=doc, headers=admin)
    assert created.status_code == 201
    read = client.get(ONE, headers=admin)
    assert read.headers["content-type"] == "application/json"
    assert read.json()["title"]["zh"] == "<script>alert('x')</script>银行"
    doc["sections"][0]["id"] = "<img src=x onerror=alert(1)>"
    body = _problem(
        client.post(
            "/api/templates",
            json=template(version=2) | {"sections": doc["sections"]},
            headers=admin,
        ),
        422,
        "invalid_document",
    )
    assert body["errors"][0]["path"] == "/sections/0/id"
    assert json.loads(json.dumps(body))  # a JSON answer, never an HTML page


def test_put_replaces_a_draft_and_a_stale_rev_is_409(client, settings):
    admin = _auth(settings, "administrator")
    client.post("/api/templates", json=template(), headers=admin)
    stored = client.get(ONE, headers=admin).json()
    changed = client.put(ONE, json=stored | {"venue_types": ["bank", "shop"]}, headers=admin)
    assert changed.status_code == 200 and changed.json()["venue_types"] == ["bank", "shop"]
    _problem(client.put(ONE, json=stored, headers=admin), 409, "conflict")
    wrong = client.put(ONE, json=changed.json() | {"version": 2}, headers=admin)
    _problem(wrong, 422, "invalid_document")


def test_openapi_documents_the_template_endpoints_with_the_bundled_schema(client):
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    assert set(paths["/api/templates"]) == {"get", "post"}
    assert set(paths["/api/templates/{template_id}/versions/{version}"]) == {"get", "put"}
    assert "post" in paths["/api/templates/{template_id}/versions/{version}/publish"]
    schema = paths["/api/templates"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/checklist_template"}
    assert "checklist_template" in document["components"]["schemas"]
