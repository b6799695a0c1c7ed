"""Runs the authorization matrix (tests/authz/matrix.py) against the three services, live."""

from __future__ import annotations

import httpx
import pytest

from tests.authz.live import live_services
from tests.authz.matrix import COLUMNS, MATRIX


@pytest.fixture(scope="module")
def suite(couchdb_url, tmp_path_factory):
    with live_services(couchdb_url, tmp_path_factory.mktemp("authz")) as live:
        yield live


def test_the_matrix_covers_every_documented_operation(suite):
    documented = set()
    for service, url in suite.urls.items():
        for path, operations in httpx.get(f"{url}/openapi.json", timeout=30).json()["paths"].items():
            documented |= {(service, method.upper(), path) for method in operations}
    assert documented - set(MATRIX) == set(), "add these operations to tests/authz/matrix.py"
    assert set(MATRIX) - documented == set(), "these rows name operations the services do not document"


def test_every_cell_of_the_matrix(suite):
    differ = []
    # Administrators last: their calls change things (a user created, a draft published).
    for column in sorted(COLUMNS, key=lambda c: c == "administrator"):
        for (service, method, path), row in MATRIX.items():
            request = row.request(suite)
            url = suite.urls[service] + request.pop("url", path)
            headers = {**request.pop("headers", {}), **suite.headers[column]}
            answer = httpx.request(method, url, headers=headers, timeout=60, **request)
            expected = row.expected[COLUMNS.index(column)]
            if answer.status_code != expected:
                differ.append(f"{method} {path} [{service}] as {column}: expected {expected}, "
                              f"got {answer.status_code} {answer.text[:120]}")
    assert differ == [], "\n".join(differ)
