"""Every failure is an application/problem+json response with a stable code; never a 500 for bad input."""

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel

from services.common.app_factory import create_service
from services.common.errors import CATALOGUE, KoraError


class Item(BaseModel):
    name: str
    count: int


router = APIRouter()


@router.post("/items")
def post_item(item: Item) -> dict:
    return {"name": item.name}


@router.get("/conflict")
def conflict() -> dict:
    raise KoraError("conflict", "venue changed", server_rev="2-abc")


@router.get("/boom")
def boom() -> dict:
    raise RuntimeError("unexpected")


@pytest.fixture
def client(settings):
    app = create_service(title="t", description="t", routers=[router], settings=settings, max_body_bytes=2048)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _problem(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code and body["status"] == status and body["detail"]
    return body


def test_domain_error_keeps_its_code_and_extra_fields(client):
    body = _problem(client.get("/conflict"), 409, "conflict")
    assert body["server_rev"] == "2-abc" and body["detail"] == "venue changed"


def test_malformed_json_is_a_400(client):
    response = client.post("/items", content=b'{"name": "a", ', headers={"content-type": "application/json"})
    _problem(response, 400, "malformed_json")


def test_wrong_types_name_the_field(client):
    body = _problem(client.post("/items", json={"name": "a", "count": "many"}), 422, "invalid_request")
    assert body["errors"][0]["path"] == "/count"


def test_huge_body_is_refused_before_it_is_read(client):
    _problem(client.post("/items", content=b"x" * 5000, headers={"content-type": "application/json"}), 413,
             "body_too_large")


def test_unknown_path_and_method(client):
    _problem(client.get("/nowhere"), 404, "not_found")
    _problem(client.delete("/items"), 405, "method_not_allowed")


def test_unexpected_exception_is_a_problem_not_a_trace(client):
    body = _problem(client.get("/boom"), 500, "internal_error")
    assert "unexpected" not in body["detail"]


def test_request_id_is_echoed_or_made(client):
    assert client.get("/health/live", headers={"x-request-id": "abc-123"}).headers["x-request-id"] == "abc-123"
    made = client.get("/health/live", headers={"x-request-id": "<script>"}).headers["x-request-id"]
    assert len(made) == 32 and made.isalnum()


def test_unknown_error_code_is_a_programming_error():
    with pytest.raises(KeyError):
        KoraError("no_such_code")


def test_catalogue_statuses_are_http_errors():
    assert all(400 <= kind.status < 600 for kind in CATALOGUE.values())
