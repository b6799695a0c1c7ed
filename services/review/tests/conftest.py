from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.review.app import create_app
from services.review.tests.world import PASSWORDS, build


@pytest.fixture
def world(couch):
    return build(couch)


@pytest.fixture
def client(settings, couch):
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def sign_in(client: TestClient, name: str) -> str:
    """Sign in through the page; the CSRF token of the session."""
    answer = client.post("/login", data={"name": name, "password": PASSWORDS[name], "next": "/queue"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client.get("/api/review/session").json()["csrf"]
