"""The one CouchDB access layer, on the real server: outcomes, escaping, and outages as 503."""

import socket

import pytest

from services.common.couch import Couch, doc_path, opaque
from services.common.errors import KoraError
from services.common.settings import Settings


def test_put_get_conflict_and_range(couch):
    db = couch.db("catalog")
    first = db.put({"_id": "template:a@1", "n": 1})
    assert first["_rev"].startswith("1-")
    assert db.put({"_id": "template:a@1", "n": 2}) is None  # no _rev: conflict
    assert db.get("template:a@1")["n"] == 1
    assert db.get("template:a@2") is None
    db.put({"_id": "template:ab@1"})
    db.put({"_id": "region:540102"})
    assert [d["_id"] for d in db.id_range("template:a@", "template:a@\ufff0")] == ["template:a@1"]
    assert len(db.id_range("template:", "template:\ufff0")) == 2


def test_all_docs_bulk_and_delete(couch):
    db = couch.db("venues")
    results = db.bulk([{"_id": "venue:a", "n": 1}, {"_id": "venue:b", "n": 2}])
    assert {r["id"] for r in results if "rev" in r} == {"venue:a", "venue:b"}
    conflict = db.bulk([{"_id": "venue:a", "n": 3}])
    assert conflict[0]["error"] == "conflict"
    a = db.get("venue:a")
    assert db.delete(a) and not db.delete(a)
    found = db.all_docs(["venue:a", "venue:b", "venue:c"])
    assert found["venue:a"] is None and found["venue:b"]["n"] == 2 and found["venue:c"] is None
    assert db.all_docs(["venue:a"], tombstones=True)["venue:a"]["_deleted"] is True


def test_find_pages_with_bookmarks(couch):
    db = couch.db("venues")
    db.bulk([{"_id": f"venue:{i:03d}", "type": "venue", "county_code": "540102"} for i in range(25)])
    first = db.find({"type": "venue"}, limit=10)
    assert len(first.docs) == 10 and first.bookmark
    second = db.find({"type": "venue"}, limit=10, bookmark=first.bookmark)
    assert not {d["_id"] for d in first.docs} & {d["_id"] for d in second.docs}
    assert len(db.find_all({"type": "venue"})) == 25


def test_changes_from_a_position(couch):
    db = couch.db("venues")
    start = db.update_seq()
    db.put({"_id": "venue:x", "type": "venue"})
    db.put({"_id": "other:y", "type": "other"})
    rows, seq, more = db.changes(start, 100)
    assert {r["id"] for r in rows} == {"venue:x", "other:y"} and not more and isinstance(seq, str)
    rows, _, _ = db.changes(start, 100, selector={"type": "venue"})
    assert [r["id"] for r in rows] == ["venue:x"]


def test_attachments_round_trip(couch):
    db = couch.db("sync")
    doc = db.put({"_id": "upload:x"})
    rev = db.put_attachment("upload:x", doc["_rev"], "o000000000000", b"\x00\x01bytes", "application/octet-stream")
    assert rev and rev.startswith("2-")
    assert db.put_attachment("upload:x", doc["_rev"], "o1", b"x", "application/octet-stream") is None  # stale rev
    assert db.get_attachment("upload:x", "o000000000000") == b"\x00\x01bytes"
    assert db.get_attachment("upload:x", "missing") is None


@pytest.mark.parametrize("hostile", [
    "x/../../kora_catalog/some-doc", "../_all_dbs", "a?rev=1", "a#b", "%2F..%2F", "a/_security",
    "lockout:addr:x/../../other_db",
])
def test_an_id_never_leaves_its_database(couch, hostile):
    db = couch.db("users")
    stored = db.put({"_id": hostile, "n": 1})
    assert stored is not None
    assert db.get(hostile)["_id"] == hostile
    assert couch.db("catalog").get("some-doc") is None
    names = couch.http.get("/_all_dbs").json()
    assert not [n for n in names if n.startswith(couch.settings.kora_db_prefix) and "some" in n]


def test_reserved_ids_are_refused_before_any_request():
    assert doc_path("_design/kora") == "_design/kora"
    assert doc_path("_design/../x") == "_design/..%2Fx"
    assert doc_path("_local/a/b") == "_local/a%2Fb"
    for reserved in ("_security", "_all_docs", "_design/", "_users", "", None):
        with pytest.raises(KoraError) as caught:
            doc_path(reserved)
        assert caught.value.code == "not_found"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("call", [
    lambda db: db.get("a"), lambda db: db.put({"_id": "a"}), lambda db: db.all_docs(["a"]),
    lambda db: db.bulk([{"_id": "a"}]), lambda db: db.find({"type": "x"}), lambda db: db.update_seq(),
    lambda db: db.changes("0", 1), lambda db: db.get_attachment("a", "b"),
    lambda db: db.put_attachment("a", None, "b", b"x", "image/jpeg"),
])
def test_an_unreachable_database_is_database_unavailable(call):
    down = Couch(Settings(couchdb_url=f"http://admin:x@127.0.0.1:{_closed_port()}",
                          kora_secret_key="k" * 40))
    with pytest.raises(KoraError) as caught:
        call(down.db("users"))
    assert caught.value.code == "database_unavailable" and caught.value.status == 503


def test_sequences_are_passed_on_as_strings():
    assert opaque(12) == "12" and opaque("12-g1AAAA") == "12-g1AAAA"
