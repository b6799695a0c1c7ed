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


def _get(couch: Couch, path: str, **params: str) -> dict:
    response = couch.http.get(path, params=params)
    if response.status_code != 200:
        raise BenchError(f"GET {path}: CouchDB answered {response.status_code}")
    return response.json()


def stored_docs(couch: Couch, db: str, ids: list[str]) -> dict[str, dict | None]:
    """The current documents of ``ids`` in ``db`` (full name), None where missing or deleted."""
    response = couch.http.post(f"/{db}/_all_docs", params={"include_docs": "true"}, json={"keys": ids})
    if response.status_code != 200:
        raise BenchError(f"reading {db}: CouchDB answered {response.status_code}")
    return {row["key"]: row.get("doc") for row in response.json()["rows"]}


def _count(couch: Couch, db: str) -> int:
    return int(_get(couch, f"/{db}")["doc_count"])


def exactly_once(couch: Couch, db: str, sent: list[dict], total_expected: int, kora: bool) -> dict:
    """Raise BenchError on the first difference; return what was checked."""
    ids = [d["_id"] for d in sent]
    if len(set(ids)) != len(ids):
        raise BenchError("the round sent the same id twice; the check would mean nothing")
    stored = stored_docs(couch, db, ids)
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
    return len(_get(couch, f"/{db}/_all_docs", startkey='"_design/"', endkey='"_design0"')["rows"])
