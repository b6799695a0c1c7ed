"""The CouchDB 3 calls the catalog makes, on db ``catalog``, through ``Couch.http`` (httpx).

pycouchdb cannot pass ``_changes`` a POST selector filter or an opaque ``since``, so every call
goes the same way here. Transport failures and 5xx answers become ``database_unavailable``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx

from services.common.couch import Couch, unavailable
from services.common.errors import KoraError

DB = "catalog"


def _call(couch: Couch, method: str, path: str, **kwargs: Any) -> httpx.Response:
    try:
        response = couch.http.request(method, f"/{couch.name(DB)}{path}", **kwargs)
    except httpx.TransportError as exc:
        raise unavailable(exc) from None
    if response.status_code >= 500:
        raise KoraError("database_unavailable", f"CouchDB answered {response.status_code}")
    return response


def _expect(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    if response.status_code not in statuses:
        raise KoraError("database_unavailable", f"CouchDB answered {response.status_code}")
    return response.json()


def get(couch: Couch, doc_id: str) -> dict[str, Any] | None:
    response = _call(couch, "GET", f"/{quote(doc_id, safe='')}")
    if response.status_code == 404:
        return None
    return _expect(response, 200)


def get_many(couch: Couch, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The documents of ``doc_ids`` that exist, by id, in one ``_all_docs`` request."""
    if not doc_ids:
        return {}
    response = _call(
        couch, "POST", "/_all_docs", params={"include_docs": "true"}, json={"keys": doc_ids}
    )
    rows = _expect(response, 200)["rows"]
    return {row["id"]: row["doc"] for row in rows if row.get("doc")}


def put(couch: Couch, doc: dict[str, Any]) -> dict[str, Any] | None:
    """Write one document; the stored copy with its new ``_rev``, or None on a 409 conflict."""
    response = _call(couch, "PUT", f"/{quote(doc['_id'], safe='')}", json=doc)
    if response.status_code == 409:
        return None
    answer = _expect(response, 201, 202)
    return {**doc, "_rev": answer["rev"]}


def id_range(couch: Couch, start: str, end: str) -> list[dict[str, Any]]:
    """Every document whose id lies in [start, end], from ``_all_docs`` (no index needed)."""
    params = {"include_docs": "true", "startkey": json.dumps(start), "endkey": json.dumps(end)}
    rows = _expect(_call(couch, "GET", "/_all_docs", params=params), 200)["rows"]
    return [row["doc"] for row in rows if row.get("doc")]


def update_seq(couch: Couch) -> str:
    return opaque(_expect(_call(couch, "GET", ""), 200)["update_seq"])


def changes(
    couch: Couch, since: str, selector: dict[str, Any], limit: int
) -> tuple[list[dict], str, bool]:
    """Changed documents matching ``selector`` after ``since``: (docs, last_seq, more waiting)."""
    response = _call(
        couch,
        "POST",
        "/_changes",
        params={"since": since, "limit": str(limit), "include_docs": "true", "filter": "_selector"},
        json={"selector": selector},
    )
    if response.status_code in (400, 404):
        raise KoraError("bad_checkpoint", "CouchDB does not know this catalog position")
    body = _expect(response, 200)
    rows = body.get("results", [])
    docs = [row["doc"] for row in rows if row.get("doc") and not row.get("deleted")]
    return docs, opaque(body.get("last_seq", since)), len(rows) >= limit


def opaque(seq: Any) -> str:
    # CouchDB 3 answers strings; a single-node server may answer a number. Either way the value is
    # only handed back to CouchDB as ``since``.
    return seq if isinstance(seq, str) else str(seq)
