"""The one way Kora talks to CouchDB.

Documents, ``_all_docs``, ``_bulk_docs``, ``_find`` and ``_changes`` go through pycouchdb's
resource (its session, credentials and timeout); attachments go through httpx, which streams
raw bodies where pycouchdb does not. Both build their URLs from :func:`doc_path`, the one place a
document id becomes part of a URL: it is percent-encoded there, so no id can walk into another
database, a ``_design/`` or ``_local/`` document, or a server endpoint.

Every failure of CouchDB (no answer, a 5xx, or any status a call does not expect) becomes
``KoraError("database_unavailable")``, which the services answer as 503. Callers only ever see
the outcomes they can act on: a document or None, stored or a conflict. Only the HTTP API that
Apache CouchDB 3 documents is used; ``_changes`` sequences are opaque strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import orjson
import pycouchdb
import pycouchdb.exceptions
import requests

from services.common import changes_follower
from services.common.changes_follower import ChangesFollower, Keep
from services.common.errors import KoraError
from services.common.settings import Settings

TIMEOUT_SECONDS = 30.0
FIND_PAGE = 2000
SPECIAL_PREFIXES = ("_design/", "_local/")
# Requests other than GET that change no document, so no follower needs to see them.
NO_CHANGE_PATHS = ("_find", "_all_docs", "_changes", "_explain", "_security", "")


def doc_path(doc_id: str) -> str:
    """A document id as one URL path segment (``_design/`` and ``_local/`` keep their slash)."""
    if not isinstance(doc_id, str) or not doc_id:
        raise KoraError("not_found", "no such document")
    for prefix in SPECIAL_PREFIXES:
        if doc_id.startswith(prefix) and len(doc_id) > len(prefix):
            return prefix + quote(doc_id[len(prefix):], safe="")
    if doc_id.startswith("_"):
        # CouchDB reserves every other leading underscore for its own endpoints.
        raise KoraError("not_found", "no such document")
    return quote(doc_id, safe="")


def _encoded(body: Any) -> bytes:
    try:
        return orjson.dumps(body)
    except TypeError:
        pass  # a lone surrogate or an integer beyond 64 bits: the standard library says which
    try:
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise KoraError("invalid_request", "the text holds characters that are not valid Unicode "
                        "(a lone surrogate); nothing was stored") from None


def unavailable(what: str) -> KoraError:
    return KoraError("database_unavailable", f"CouchDB failed while {what}")


@dataclass(frozen=True)
class FindPage:
    docs: list[dict[str, Any]]
    bookmark: str | None


class Database:
    """One of Kora's databases. Built by :meth:`Couch.db`; never by domain code."""

    def __init__(self, couch: Couch, short: str) -> None:
        self.couch = couch
        self.short = short
        self.name = couch.name(short)
        self._resource = couch.server(quote(self.name, safe=""))
        self.url = f"{couch.base_url}/{quote(self.name, safe='')}"

    # -- the one request path ------------------------------------------------------------------

    def request(self, method: str, path: str = "", *, params: dict[str, Any] | None = None,
                body: Any = None, allow: tuple[int, ...] = (), what: str = "") -> tuple[int, Any]:
        """(status, parsed JSON) of one call; ``path`` is already escaped. Statuses in ``allow``
        (404, 409, 400…) come back to the caller; any other failure is ``database_unavailable``."""
        what = what or f"{method} {self.short}"
        data = None if body is None else _encoded(body)
        resource = self._resource(path) if path else self._resource
        try:
            response, result = resource.request(method, params=params, data=data)
        except pycouchdb.exceptions.NotFound:
            return self._allowed(404, allow, what)
        except pycouchdb.exceptions.Conflict:
            return self._allowed(409, allow, what)
        except pycouchdb.exceptions.BadRequest:
            return self._allowed(400, allow, what)
        except (pycouchdb.exceptions.Error, requests.RequestException, ValueError):
            raise unavailable(what) from None
        if response.status_code >= 300:
            return self._allowed(response.status_code, allow, what)
        if method != "GET" and path not in NO_CHANGE_PATHS:
            self._wrote([result])
        return response.status_code, result

    def _wrote(self, answers: Any) -> None:
        # After the write, never before, with the revisions it made: this worker's followers of the
        # database are not trusted until they have seen them (changes_follower.py).
        # _local documents are not in _changes: no follower could ever show them.
        written = [(a["id"], a["rev"]) for a in answers if isinstance(a, dict) and isinstance(a.get("id"), str)
                   and isinstance(a.get("rev"), str) and not a.get("error") and not a["id"].startswith("_local/")
                   ] if isinstance(answers, list) else []
        if written:
            changes_follower.moved(self.url, written)

    @staticmethod
    def _allowed(status: int, allow: tuple[int, ...], what: str) -> tuple[int, None]:
        if status in allow:
            return status, None
        raise KoraError("database_unavailable", f"CouchDB answered {status} while {what}")

    # -- documents -----------------------------------------------------------------------------

    def get(self, doc_id: str) -> dict[str, Any] | None:
        status, doc = self.request("GET", doc_path(doc_id), allow=(404,), what=f"reading {self.short}")
        return doc if status == 200 else None

    def put(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Write one document; the stored copy with its new ``_rev``, or None on a conflict."""
        status, answer = self.request("PUT", doc_path(doc["_id"]), body=doc, allow=(409,),
                                      what=f"writing {self.short}")
        return None if status == 409 else {**doc, "_rev": answer["rev"]}

    def delete(self, doc: dict[str, Any]) -> bool:
        """Delete the revision given; False if it changed or is gone meanwhile."""
        status, _ = self.request("DELETE", doc_path(doc["_id"]), params={"rev": doc["_rev"]},
                                 allow=(404, 409), what=f"deleting from {self.short}")
        return status < 300

    def all_docs(self, ids: Iterable[str], tombstones: bool = False) -> dict[str, dict | None]:
        """Current documents by id, in one request; None for missing ones, and for deleted ones
        unless ``tombstones`` asks for ``{"_id", "_rev", "_deleted": True}`` instead."""
        keys = list(dict.fromkeys(ids))
        if not keys:
            return {}
        _, body = self.request("POST", "_all_docs", params={"include_docs": "true"},
                               body={"keys": keys}, what=f"reading {self.short}")
        found: dict[str, dict | None] = dict.fromkeys(keys)
        for row in body["rows"]:
            value = row.get("value") or {}
            if row.get("doc") and not value.get("deleted"):
                found[row["key"]] = row["doc"]
            elif tombstones and value.get("deleted"):
                found[row["key"]] = {"_id": row["key"], "_rev": value["rev"], "_deleted": True}
        return found

    def id_range(self, start: str, end: str) -> list[dict[str, Any]]:
        """Every document whose id lies in [start, end], from ``_all_docs`` (no index needed)."""
        params = {"include_docs": "true", "startkey": json.dumps(start), "endkey": json.dumps(end)}
        _, body = self.request("GET", "_all_docs", params=params, what=f"reading {self.short}")
        return [row["doc"] for row in body["rows"] if row.get("doc")]

    def bulk(self, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Write many documents in one request; one result per document, {id, rev} or {id, error}.

        Match results by id: the local CouchDB-protocol server does not always keep request order.
        """
        if not docs:
            return []
        _, results = self._bulk_request(docs)
        return results

    def _bulk_request(self, docs: list[dict[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
        # pycouchdb raises Conflict for a whole batch when one document conflicts, so _bulk_docs
        # goes through the session of the same resource, which answers every result.
        what = f"writing {self.short}"
        try:
            response = self._resource.session.post(
                f"{self._resource.base_url}/_bulk_docs", data=_encoded({"docs": docs}),
                timeout=self._resource.timeout)
        except requests.RequestException:
            raise unavailable(what) from None
        if response.status_code not in (200, 201):
            raise KoraError("database_unavailable", f"CouchDB answered {response.status_code} while {what}")
        try:
            results = orjson.loads(response.content)
        except ValueError:
            raise unavailable(what) from None
        self._wrote(results)
        return response.status_code, results

    def find(self, selector: dict[str, Any], *, fields: list[str] | None = None,
             sort: list[Any] | None = None, limit: int = FIND_PAGE, bookmark: str | None = None,
             use_index: str | list[str] | None = None) -> FindPage:
        """One page of a Mango query, and the bookmark of the next one."""
        query: dict[str, Any] = {"selector": selector, "limit": limit}
        for key, value in (("fields", fields), ("sort", sort), ("bookmark", bookmark), ("use_index", use_index)):
            if value:
                query[key] = value
        _, page = self.request("POST", "_find", body=query, what=f"querying {self.short}")
        docs = page.get("docs", [])
        return FindPage(docs, page.get("bookmark") if len(docs) >= limit else None)

    def find_all(self, selector: dict[str, Any], fields: list[str] | None = None) -> list[dict[str, Any]]:
        """Every document matching a selector, page by page with bookmarks."""
        docs: list[dict[str, Any]] = []
        bookmark = None
        while True:
            page = self.find(selector, fields=fields, bookmark=bookmark)
            docs.extend(page.docs)
            if page.bookmark is None:
                return docs
            bookmark = page.bookmark

    def view(self, design: str, view: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of a map/reduce view; keys in ``params`` are JSON-encoded as CouchDB wants."""
        encoded = {k: json.dumps(v) if k in ("key", "startkey", "endkey", "start_key", "end_key") else
                   (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items()}
        path = f"_design/{quote(design, safe='')}/_view/{quote(view, safe='')}"
        _, body = self.request("GET", path, params=encoded, what=f"reading a view of {self.short}")
        return body.get("rows", [])

    # -- changes -------------------------------------------------------------------------------

    def update_seq(self) -> str:
        """Where to follow the database from after reading it whole: taken before that read, so a
        change made meanwhile comes again rather than never. A live follower's position (no
        request) is such a place, and the one spelled as the follower spells it: on CouchDB 3 one
        state has several spellings, and only the follower's lets later reads skip the request."""
        follower = self.couch.followers.get(self.short)
        position = follower.position if follower is not None else None
        if position is not None:
            return position
        _, info = self.request("GET", what=f"reading {self.short} info")
        return opaque(info["update_seq"])

    def changes(self, since: str, limit: int, selector: dict[str, Any] | None = None
                ) -> tuple[list[dict], str, bool]:
        """Changes after ``since`` with their documents: (rows, last_seq, whether more wait).
        With ``selector``, only documents matching it (CouchDB's ``_selector`` filter). No request
        while this worker's follower of the database is live at ``since`` (changes_follower.py)."""
        follower = self.couch.followers.get(self.short)
        if follower is not None and follower.is_at(since):
            return [], since, False
        params = {"since": since, "limit": str(limit), "include_docs": "true"}
        if selector is None:
            status, body = self.request("GET", "_changes", params=params, allow=(400, 404),
                                        what=f"reading {self.short} changes")
        else:
            status, body = self.request("POST", "_changes", params={**params, "filter": "_selector"},
                                        body={"selector": selector}, allow=(400, 404),
                                        what=f"reading {self.short} changes")
        if status in (400, 404):
            if since != "0":
                raise KoraError("bad_checkpoint", f"CouchDB does not know this {self.short} position")
            raise unavailable(f"reading {self.short} changes")
        rows = body.get("results", [])
        return rows, opaque(body.get("last_seq", since)), len(rows) >= limit

    # -- attachments (httpx: raw bytes both ways) -------------------------------------------------

    def _http(self, method: str, path: str, what: str, allow: tuple[int, ...] = (),
              **kwargs: Any) -> httpx.Response:
        try:
            response = self.couch.http.request(method, f"/{quote(self.name, safe='')}/{path}", **kwargs)
        except httpx.TransportError:
            raise unavailable(what) from None
        if response.status_code >= 300 and response.status_code not in allow:
            raise KoraError("database_unavailable", f"CouchDB answered {response.status_code} while {what}")
        if method != "GET" and response.status_code < 300:
            try:
                self._wrote([response.json()])
            except ValueError:
                pass  # no revision to wait for
        return response

    def put_attachment(self, doc_id: str, rev: str | None, name: str, content: bytes,
                       content_type: str, timeout: float | None = None) -> str | None:
        """Attach ``content``; the document's new revision, or None on a conflict."""
        kwargs: dict[str, Any] = {"params": {"rev": rev} if rev else None, "content": content,
                                  "headers": {"Content-Type": content_type}}
        if timeout is not None:
            kwargs["timeout"] = timeout
        response = self._http("PUT", f"{doc_path(doc_id)}/{quote(name, safe='')}",
                              f"attaching to {self.short}", allow=(409,), **kwargs)
        return None if response.status_code == 409 else response.json()["rev"]

    def get_attachment(self, doc_id: str, name: str) -> bytes | None:
        response = self._http("GET", f"{doc_path(doc_id)}/{quote(name, safe='')}",
                              f"reading an attachment of {self.short}", allow=(404,))
        return None if response.status_code == 404 else response.content


def current_docs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents of ``_changes`` rows read with ``include_docs``, leaving out deleted ones."""
    return [row["doc"] for row in rows if row.get("doc") and not row.get("deleted")]


def opaque(seq: Any) -> str:
    # CouchDB 3 answers strings; a single-node server may answer a number. Either way the value is
    # only ever handed back to CouchDB as `since`.
    return seq if isinstance(seq, str) else str(seq)


class Couch:
    """One CouchDB server, with Kora's database names (prefixed by KORA_DB_PREFIX)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.server = pycouchdb.Server(settings.couchdb_url, timeout=TIMEOUT_SECONDS).resource
        # Apache CouchDB 3 answers JSON uncompressed anyway; a server that compresses (the local one
        # brotli-compresses every answer over 1 KiB) would spend CPU on it for a client on the same
        # network, and the client more to inflate it.
        self.server.session.headers["Accept-Encoding"] = "identity"
        # CouchDB is reached directly: no proxy or .netrc from the environment, and requests does
        # not look them up again on every call (a measurable share of a sync's CPU).
        self.server.session.trust_env = False
        parts = urlsplit(settings.couchdb_url)
        self.base_url = f"{parts.scheme}://{parts.hostname}:{parts.port or 5984}"
        self.auth = (parts.username or "", parts.password or "")
        self._databases: dict[str, Database] = {}
        self.followers: dict[str, ChangesFollower] = {}

    def name(self, short: str) -> str:
        return self.settings.db_name(short)

    def db(self, short: str) -> Database:
        if short not in self._databases:
            self._databases[short] = Database(self, short)
        return self._databases[short]

    @cached_property
    def http(self) -> httpx.Client:
        """Raw HTTP on the server root, for attachments and the administrative bootstrap."""
        return httpx.Client(base_url=self.base_url, auth=self.auth, timeout=TIMEOUT_SECONDS)

    def follow(self, short: str, keep: Keep | None = None) -> ChangesFollower:
        """Start following a database from this worker (changes_follower.py); ``keep`` holds a
        digest of each of its documents too."""
        if short not in self.followers:
            self.followers[short] = ChangesFollower(self._follower_http, self.base_url, self.name(short), keep,
                                                    self.settings.kora_longpoll_seconds).start()
        return self.followers[short]

    @cached_property
    def _follower_http(self) -> httpx.Client:
        # Its own connections: a long-poll holds one for up to LONGPOLL_SECONDS.
        return httpx.Client(auth=self.auth, headers={"Accept-Encoding": "identity"})

    def is_reachable(self) -> bool:
        try:
            return self.http.get("/_up").status_code == 200 or self.http.get("/").status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        for follower in self.followers.values():
            follower.stop()
        self.followers.clear()
        for client in ("http", "_follower_http"):
            if client in self.__dict__:
                self.__dict__[client].close()
