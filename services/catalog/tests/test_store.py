"""The catalog's CouchDB calls, on the real server."""

from services.catalog import store


def test_put_get_conflict_and_range(couch):
    first = store.put(couch, {"_id": "template:a@1", "n": 1})
    assert first["_rev"].startswith("1-")
    assert store.put(couch, {"_id": "template:a@1", "n": 2}) is None  # no _rev: conflict
    assert store.get(couch, "template:a@1")["n"] == 1
    assert store.get(couch, "template:a@2") is None
    store.put(couch, {"_id": "template:ab@1"})
    store.put(couch, {"_id": "region:540102"})
    ids = [d["_id"] for d in store.id_range(couch, "template:a@", "template:a@\ufff0")]
    assert ids == ["template:a@1"]
    assert len(store.id_range(couch, "template:", "template:\ufff0")) == 2


def test_sequences_are_passed_on_as_strings():
    assert store.opaque(12) == "12" and store.opaque("12-g1AAAA") == "12-g1AAAA"
