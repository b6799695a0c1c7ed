"""A request whose handler crashes is answered (or closed), never left hanging, and the server goes on.

Starts its own local server with KORA_COUCH_TEST_CRASH_ROUTES=1, which adds routes that throw.
"""

from __future__ import annotations

import httpx
import pytest

from deploy.local_suite.couch_server import start_local_couch
from deploy.local_suite.ports import HOST, free_port
from deploy.local_suite.processes import Children


@pytest.fixture
def crashable_server(tmp_path, monkeypatch):
    monkeypatch.setenv("KORA_COUCH_TEST_CRASH_ROUTES", "1")
    children = Children()
    port = free_port()
    try:
        child, _ = start_local_couch(children, port, tmp_path / "couchdb", "admin:pw", tmp_path / "couchdb.log")
        with httpx.Client(base_url=f"http://{HOST}:{port}", auth=("admin", "pw"), timeout=10) as client:
            yield client, child
    finally:
        children.stop_all()


def test_a_crash_before_the_answer_gets_a_500(crashable_server):
    client, child = crashable_server
    answer = client.get("/_kora_test/crash")
    assert answer.status_code == 500
    assert answer.json()["error"] == "internal_server_error"
    assert child.alive()
    assert client.get("/").status_code == 200
    assert "test crash" in child.log_path.read_text()


def test_a_crash_mid_answer_closes_the_connection(crashable_server):
    client, child = crashable_server
    # Closed by the server (a protocol error on the client), not left to run into the client's timeout.
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/_kora_test/crash-mid-body")
    assert child.alive()
    assert client.put("/after_crash").status_code == 201
    assert client.get("/after_crash").status_code == 200
