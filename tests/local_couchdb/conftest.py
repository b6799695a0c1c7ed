"""Which server answers: the local CouchDB-protocol server or Apache CouchDB 3 (COUCHDB_URL).

Tests of the local server's own corrections assert what it does; where Apache CouchDB 3 does
otherwise (docs/couchdb.md), they assert what CouchDB 3 does instead, so the suite passes on both.
"""

from __future__ import annotations

import pytest

from deploy.local_suite.couch_server import is_local_server


@pytest.fixture(scope="session")
def local_server(couchdb_url: str) -> bool:
    return is_local_server(couchdb_url)
