"""X-Forwarded-For against a real uvicorn: believed only from trusted proxies, never a path."""

import httpx
import pytest

from services.common.client_address import proxy_options
from services.common.serve import uvicorn_options
from services.sync.app import create_app
from tests.support.sync_data import running_service

HOSTILE = "x/../../kora_catalog/some-doc"


def _fail_sign_in(base: str, forwarded: str) -> httpx.Response:
    return httpx.post(f"{base}/auth/login", json={"name": "dawa", "password": "Wrong-guess-1"},
                      headers={"X-Forwarded-For": forwarded}, timeout=30)


def _counters(couch) -> set[str]:
    return {d["_id"] for d in couch.db("users").id_range("lockout:", "lockout:\ufff0")}


def _nothing_escaped(couch) -> None:
    assert couch.db("catalog").get("some-doc") is None
    names = couch.http.get("/_all_dbs").json()
    assert not [n for n in names if "some-doc" in n or n.startswith("x")]


@pytest.mark.parametrize("forwarded", [HOSTILE, "203.0.113.7", "_security", "../_users/org.couchdb.user:x"])
def test_without_trusted_proxies_the_header_is_ignored(settings, couch, forwarded):
    with running_service(create_app(settings)) as base:
        answer = _fail_sign_in(base, forwarded)
    assert answer.status_code == 401 and answer.json()["code"] == "bad_credentials"
    assert "lockout:address:127.0.0.1" in _counters(couch)
    _nothing_escaped(couch)


def test_from_a_trusted_proxy_only_an_address_is_believed(settings, couch):
    with running_service(create_app(settings), trusted_proxies="127.0.0.1") as base:
        assert _fail_sign_in(base, "203.0.113.7").status_code == 401
        assert _fail_sign_in(base, HOSTILE).status_code == 401
    counters = _counters(couch)
    assert {"lockout:address:203.0.113.7", "lockout:address:unknown"} <= counters
    assert not [c for c in counters if "some-doc" in c]
    _nothing_escaped(couch)


def test_the_launcher_trusts_no_header_unless_told():
    assert proxy_options("") == {"proxy_headers": False}
    assert uvicorn_options("")["proxy_headers"] is False
    assert uvicorn_options(" 10.0.0.5, 10.1.0.0/16")["forwarded_allow_ips"] == "10.0.0.5, 10.1.0.0/16"
