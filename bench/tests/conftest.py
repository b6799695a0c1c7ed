"""Fixtures of the bench tests: the CouchDB-protocol server of `make test` as a CouchServer, a
namespace of databases of each test's own (deleted afterwards), a fast lossy link, a small day."""

from __future__ import annotations

import uuid

import pytest

from bench.couch_server import CouchServer
from bench.link import LinkProfile
from bench.workload import Day, make_day

# Fast enough that no test waits on it, lossy so that retransmission delays happen.
FAST = LinkProfile("fast", 100e6, 100e6, 0.002, loss=0.05)


@pytest.fixture
def server(couchdb_url: str) -> CouchServer:
    return CouchServer.from_url(couchdb_url)


@pytest.fixture
def namespace(server: CouchServer):
    name = f"t{uuid.uuid4().hex[:10]}"
    yield name
    with server.client() as http:
        for db in http.get("/_all_dbs").json():
            if db.startswith(f"bench_{name}_"):
                http.delete(f"/{db}")


@pytest.fixture(scope="session")
def two_inspections() -> Day:
    return make_day(seed=11, scale=2 / 12)
