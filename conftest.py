"""Fixtures shared by every test: settings and a bootstrapped CouchDB on the real local server.

`make test` starts a throwaway CouchDB-protocol server and sets COUCHDB_URL. Each test that asks
for ``couch`` gets its own database prefix, so tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(scope="session")
def couchdb_url() -> str:
    url = os.environ.get("COUCHDB_URL")
    if not url:
        pytest.fail("COUCHDB_URL is not set: run the tests with `make test`, which starts a CouchDB-protocol server")
    return url


@pytest.fixture
def settings(couchdb_url: str) -> Settings:
    # Followers' long-polls end within 2 s, so those of a test's apps do not outlive it long.
    return Settings(couchdb_url=couchdb_url, kora_db_prefix=f"t{uuid.uuid4().hex[:10]}_",
                    kora_secret_key=TEST_SECRET, kora_longpoll_seconds=2)


@pytest.fixture
def couch(settings: Settings):
    couch = Couch(settings)
    bootstrap(couch)
    yield couch
    for name in couch.http.get("/_all_dbs").json():
        if name.startswith(settings.kora_db_prefix):
            couch.http.delete(f"/{name}")
    couch.close()


@pytest.fixture
def raw_couch(couchdb_url: str):
    """An httpx client on the CouchDB server root, with the admin credentials."""
    from urllib.parse import urlsplit

    parts = urlsplit(couchdb_url)
    with httpx.Client(base_url=f"{parts.scheme}://{parts.hostname}:{parts.port}",
                      auth=(parts.username or "", parts.password or ""), timeout=30) as client:
        yield client
