import pytest

from bench.couch_server import BenchError, CouchServer


def test_the_url_gives_address_and_credentials() -> None:
    server = CouchServer.from_url("http://admin:pw@127.0.0.1:5999")
    assert server.base_url == "http://127.0.0.1:5999" and server.auth == ("admin", "pw")


def test_docs_leave_out_design_documents_and_attachments_come_back_as_bytes(server, namespace):
    db = f"bench_{namespace}_x"
    server.create_db(db)
    server.create_db(db)  # a second time is fine
    with server.client() as http:
        http.put(f"/{db}/_design/d", json={"views": {}})
        rev = http.put(f"/{db}/a", json={"n": 1}).json()["rev"]
        http.put(
            f"/{db}/a/p.bin",
            params={"rev": rev},
            content=b"\x00\xff",
            headers={"content-type": "application/octet-stream"},
        )
    assert list(server.docs(db)) == ["a"]
    assert server.attachment(db, "a", "p.bin") == b"\x00\xff"
    with pytest.raises(BenchError):
        server.attachment(db, "a", "missing.bin")
