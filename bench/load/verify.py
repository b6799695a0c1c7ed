"""After a round: is every inspection the phones sent stored exactly once, as sent?

Exactly once: each id is present, not deleted, at its first revision (``1-``: nothing was written
twice, which a re-sent request that the server had already applied would show as ``already_had``,
never as a second write), with the phone's content unchanged; and the database holds no other
inspection than those sent so far.
"""

from __future__ import annotations

from bench.couch_server import BenchError
from schemas.rules.inspection import phone_content
from services.common.couch import Couch
from services.sync import store


def _count(couch: Couch, db: str) -> int:
    response = store.call(couch, "GET", f"/{db}")
    store.expect(response, 200, f"reading {db}")
    return int(response.json()["doc_count"])


def exactly_once(couch: Couch, db: str, sent: list[dict], total_expected: int, kora: bool) -> dict:
    """Raise BenchError on the first difference; return what was checked."""
    ids = [d["_id"] for d in sent]
    if len(set(ids)) != len(ids):
        raise BenchError("the round sent the same id twice; the check would mean nothing")
    short = db.removeprefix(couch.settings.kora_db_prefix)
    stored = store.all_docs(couch, short, ids)
    missing = [i for i, doc in stored.items() if doc is None]
    if missing:
        raise BenchError(f"{db}: {len(missing)} inspections missing, e.g. {missing[:3]}")
    for doc in sent:
        got = stored[doc["_id"]]
        if not got["_rev"].startswith("1-"):
            raise BenchError(f"{db}: {doc['_id']} was written more than once ({got['_rev']})")
        body = phone_content(got) if kora else {k: v for k, v in got.items() if k != "_rev"}
        if body != doc:
            raise BenchError(f"{db}: {doc['_id']} is not the inspection sent")
    count = _count(couch, db) - (1 if kora else 0) * _design_docs(couch, db)
    if count != total_expected:
        raise BenchError(f"{db}: holds {count} documents, {total_expected} were sent")
    return {"checked": len(ids), "stored_once": True, "documents_in_database": count}


def _design_docs(couch: Couch, db: str) -> int:
    response = store.call(couch, "GET", f"/{db}/_all_docs", params={"startkey": '"_design/"', "endkey": '"_design0"'})
    store.expect(response, 200, f"reading {db} design documents")
    return len(response.json()["rows"])
