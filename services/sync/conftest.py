"""The sync app under FastAPI's test client, on the real local CouchDB, for every sync test."""

import pytest
from fastapi.testclient import TestClient

from services.sync.app import create_app


@pytest.fixture
def client(settings, couch):
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c
