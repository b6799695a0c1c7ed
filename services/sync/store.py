"""The few CouchDB 3 HTTP calls sync makes, each for a whole batch: _all_docs, _bulk_docs, _find, _changes.

pycouchdb has no call for ``_all_docs`` with keys in a POST body nor for ``_changes`` with
``since`` as an opaque string, so this goes through ``Couch.http`` (httpx). Sequences are
passed through untouched: never parsed, compared or incremented.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import httpx

from services.common.couch import Couch, unavailable
from services.common.errors import KoraError

FIND_PAGE = 2000


def call(couch: Couch, method: str, path: str, **kwargs: Any) -> httpx.Response:
    try:
        response = couch.http.request(method, path, **kwargs)
    except httpx.TransportError as exc:
        raise unavailable(exc) from None
    if response.status_code >= 500:
        raise KoraError("database_unavailable", f"CouchDB answered {response.status_code} on {method} {path.split('?')[0]}")
    return response


def doc_path(couch: Couch, short: str, doc_id: str) -> str:
    return f"/{couch.name(short)}/{quote(doc_id, safe='')}"


def all_docs(couch: Couch, short: str, ids: Iterable[str], tombstones: bool = False) -> dict[str, dict | None]:
    """Current documents by id, in one request; None for missing ones, and for deleted ones unless
    ``tombstones`` asks for ``{"_id", "_rev", "_deleted": True}`` instead."""
    keys = list(dict.fromkeys(ids))
    if not keys:
        return {}
    response = call(couch, "POST", f"/{couch.name(short)}/_all_docs", params={"include_docs": "true"},
                     json={"keys": keys})
    expect(response, 200, f"reading {short}")
    found: dict[str, dict | None] = dict.fromkeys(keys)
    for row in response.json()["rows"]:
        if row.get("doc") and not row.get("value", {}).get("deleted"):
            found[row["key"]] = row["doc"]
        elif tombstones and row.get("value", {}).get("deleted"):
            found[row["key"]] = {"_id": row["key"], "_rev": row["value"]["rev"], "_deleted": True}
    return found


def bulk_docs(couch: Couch, short: str, docs: list[dict]) -> list[dict]:
    """Write many documents in one request; one result per document, {id, rev} or {id, error}.

    Match results by id: the local CouchDB-protocol server does not always answer in request order.
    """
    if not docs:
        return []
    response = call(couch, "POST", f"/{couch.name(short)}/_bulk_docs", json={"docs": docs})
    expect(response, 201, f"writing {short}", also=(200,))
    return response.json()


def find(couch: Couch, short: str, selector: dict, fields: list[str] | None = None) -> list[dict]:
    """Every document matching a Mango selector, page by page with bookmarks."""
    docs: list[dict] = []
    bookmark = None
    while True:
        body: dict[str, Any] = {"selector": selector, "limit": FIND_PAGE}
        if fields:
            body["fields"] = fields
        if bookmark:
            body["bookmark"] = bookmark
        response = call(couch, "POST", f"/{couch.name(short)}/_find", json=body)
        expect(response, 200, f"querying {short}")
        page = response.json()
        docs.extend(page.get("docs", []))
        bookmark = page.get("bookmark")
        if len(page.get("docs", [])) < FIND_PAGE or not bookmark:
            return docs


def update_seq(couch: Couch, short: str) -> str:
    response = call(couch, "GET", f"/{couch.name(short)}")
    expect(response, 200, f"reading {short} info")
    return _opaque(response.json()["update_seq"])


def changes(couch: Couch, short: str, since: str, limit: int,
            selector: dict[str, Any] | None = None) -> tuple[list[dict], str, bool]:
    """Changes after ``since`` with their documents: (rows, last_seq, whether more are waiting).
    With ``selector``, only documents matching it (CouchDB's ``_selector`` filter)."""
    params = {"since": since, "limit": str(limit), "include_docs": "true"}
    if selector is None:
        response = call(couch, "GET", f"/{couch.name(short)}/_changes", params=params)
    else:
        response = call(couch, "POST", f"/{couch.name(short)}/_changes",
                        params={**params, "filter": "_selector"}, json={"selector": selector})
    if response.status_code in (400, 404) and since != "0":
        raise KoraError("bad_checkpoint", f"CouchDB does not know the {short} position in this checkpoint")
    expect(response, 200, f"reading {short} changes")
    body = response.json()
    rows = body.get("results", [])
    return rows, _opaque(body.get("last_seq", since)), len(rows) >= limit


def _opaque(seq: Any) -> str:
    # CouchDB 3 answers strings; a single-node server may answer a number. Either way the value is
    # only ever handed back to CouchDB as `since`.
    return seq if isinstance(seq, str) else str(seq)


def expect(response: httpx.Response, status: int, what: str, also: tuple[int, ...] = ()) -> None:
    if response.status_code != status and response.status_code not in also:
        raise KoraError("database_unavailable", f"{what}: CouchDB answered {response.status_code}")
