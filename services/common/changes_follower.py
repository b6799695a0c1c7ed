"""Where a database stands, kept by one long-poll ``_changes`` per database in each worker.

A sync's pull reads the ``_changes`` of catalog, venues and notices since the phone's positions,
and its sign-in check reads the user; at the end of a field day those databases rarely move, so
most of those reads answer "nothing new". A follower keeps the position of one database (and, if
asked, a digest of each of its documents) from a long-poll that CouchDB answers as soon as the
database changes. While it is *live*, a read of changes since the position it holds needs no
request: the answer is "nothing", at the same position.

What "live" promises: the follower's last answer is its latest view of the database, and every
write this process made to that database (each write through services/common/couch.py reports its
document ids and revisions to :func:`moved`) is in what the follower has seen. A write by another
process is seen as soon as the long-poll answers: milliseconds, and until then a read behaves as if
it had come just before that write, which the phone's next sync makes good. A follower that errs,
or whose long-poll has not answered well past its timeout, is not live, and the callers read
CouchDB as before.

On a CouchDB cluster an answer may come from a copy of a shard that lacks a write acknowledged a
moment ago by the others; a follower then trusts a position that misses it for as long as that
copy lags, and the phone gets the change at its next sync, as with another process's write.

Only unfiltered long-polls are used: the local CouchDB-protocol server never ends a long-poll with
``filter=_selector`` when no document matched (docs/couchdb.md).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

log = logging.getLogger("kora.followers")

LONGPOLL_SECONDS = 20.0
MARGIN_SECONDS = 15.0  # a long-poll still unanswered this long after its timeout: not live
BATCH = 1000  # changes per answer: a follower catches up in batches
RETRY_SECONDS = 1.0
SEEN_IDS = 10_000

Keep = Callable[[dict[str, Any]], Any]  # a document -> what to hold of it (None: nothing)

_live_followers: list[ChangesFollower] = []
_registry_lock = threading.Lock()


def moved(database_url: str, written: list[tuple[str, str]]) -> None:
    """This process has just written ``written`` (document id, new revision) to the database at
    ``database_url``: its followers are not trusted until they have seen those revisions."""
    with _registry_lock:
        followers = [f for f in _live_followers if f.url == database_url]
    for follower in followers:
        follower.expect(written)


def _generation(rev: str) -> int:
    head = rev.partition("-")[0]
    return int(head) if head.isdigit() else 0


class ChangesFollower:
    """One database followed by long-poll from a background thread."""

    def __init__(self, client: httpx.Client, base_url: str, database: str, keep: Keep | None = None,
                 longpoll_seconds: float = LONGPOLL_SECONDS) -> None:
        self.url = f"{base_url}/{quote(database, safe='')}"
        self.database = database
        self._client = client
        self._keep = keep
        self._longpoll_seconds = longpoll_seconds
        self.held: dict[str, Any] = {}  # document id -> keep(doc), when keeping documents
        self._seq: str | None = None
        self._caught_up = False
        self._lock = threading.Lock()
        # Revision generations by document id: the highest seen (the last SEEN_IDS ids), and the
        # writes of this process not seen yet. A later revision of the same document covers an
        # earlier one: the feed shows only a document's newest revision.
        self._seen: OrderedDict[str, int] = OrderedDict()
        self._awaited: dict[str, tuple[int, float]] = {}  # id -> (generation, when expected)
        self._asked_at = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"follow {database}", daemon=True)

    # -- what callers ask --------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        return (self._thread.is_alive() and not self._stop.is_set() and self._caught_up
                and self._seq is not None and not self._awaited
                and time.monotonic() - self._asked_at < self._longpoll_seconds + MARGIN_SECONDS)

    @property
    def keeps_documents(self) -> bool:
        return self._keep is not None

    @property
    def position(self) -> str | None:
        """The position it holds while live (the database as it stood at most a moment ago)."""
        seq = self._seq
        return seq if self.live else None

    def is_at(self, seq: str) -> bool:
        """Whether the database, as far as this follower knows, has not moved past ``seq``."""
        return self.live and self._seq == seq

    @property
    def awaiting(self) -> set[str]:
        """Documents this process wrote that the follower has not seen yet."""
        with self._lock:
            return set(self._awaited)

    def expect(self, written: list[tuple[str, str]]) -> None:
        now = time.monotonic()
        with self._lock:
            for doc_id, rev in written:
                generation = _generation(rev)
                if self._seen.get(doc_id, 0) < generation:
                    self._awaited[doc_id] = (max(generation, self._awaited.get(doc_id, (0, 0.0))[0]), now)

    def _saw(self, rows: list[dict[str, Any]], asked_at: float) -> None:
        """An answer to the question asked at ``asked_at``: it covers every write made before then
        (its ``since`` was at most where they left the database), and the rows it shows."""
        with self._lock:
            self._awaited = {k: v for k, v in self._awaited.items() if v[1] >= asked_at}
            for row in rows:
                doc_id = row.get("id")
                if not isinstance(doc_id, str):
                    continue
                generation = max((_generation(c.get("rev", "")) for c in row.get("changes", [])), default=0)
                self._seen[doc_id] = max(generation, self._seen.pop(doc_id, 0))
                if doc_id in self._awaited and self._awaited[doc_id][0] <= generation:
                    del self._awaited[doc_id]
            while len(self._seen) > SEEN_IDS:
                self._seen.popitem(last=False)

    # -- the thread --------------------------------------------------------------------------------

    def start(self) -> ChangesFollower:
        with _registry_lock:
            _live_followers.append(self)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with _registry_lock:
            if self in _live_followers:
                _live_followers.remove(self)

    def _run(self) -> None:
        # A follower starts at update_seq, then follows the feed: on CouchDB 3 a position is
        # spelled by the history of the reads that led to it (since=0, since=now and update_seq
        # spell one state three ways), and only equal spellings are recognised, so a first pull
        # takes a live follower's position for the phone (Database.update_seq). One that keeps
        # documents loads them after taking that position:
        # what it loads is at the position or later, and the feed since the position then brings
        # every change again, deletions included.
        since = None
        while not self._stop.is_set():
            asked_at = self._asked_at = time.monotonic()
            try:
                if since is None:
                    position = self._update_seq()
                    if self._keep:
                        self._load()
                    since = position
                answer = self._ask(since)
                rows = answer.get("results", [])
                seq = str(answer["last_seq"])
                if self._keep:
                    self._hold(rows)
            except Exception as exc:  # noqa: BLE001 - any failure: not live, and ask again
                self._caught_up = False
                if self._stop.is_set():
                    return
                log.warning("following %s: %s; retrying", self.database, exc.__class__.__name__)
                self._stop.wait(RETRY_SECONDS)
                continue
            since = self._seq = seq  # the position first, then what it covers
            self._saw(rows, asked_at)
            self._caught_up = len(rows) < BATCH

    def _update_seq(self) -> str:
        response = self._client.get(self.url, timeout=MARGIN_SECONDS)
        response.raise_for_status()
        return str(response.json()["update_seq"])

    def _load(self) -> None:
        """Every current document, from _all_docs in pages of BATCH."""
        self.held.clear()
        params: dict[str, Any] = {"include_docs": "true", "limit": str(BATCH)}
        while not self._stop.is_set():
            response = self._client.get(f"{self.url}/_all_docs", params=params, timeout=MARGIN_SECONDS)
            response.raise_for_status()
            rows = response.json()["rows"]
            self._hold([{"id": row["id"], "doc": row.get("doc")} for row in rows])
            if len(rows) < BATCH:
                return
            params.update(startkey=json.dumps(rows[-1]["id"]), skip="1")

    def _ask(self, since: str) -> dict[str, Any]:
        params: dict[str, Any] = {"since": since, "limit": str(BATCH)}
        if self._keep:
            params["include_docs"] = "true"
        if self._caught_up:  # the first reads answer at once, then each waits for a change
            params.update(feed="longpoll", timeout=str(int(self._longpoll_seconds * 1000)))
        response = self._client.get(f"{self.url}/_changes", params=params,
                                    timeout=self._longpoll_seconds + MARGIN_SECONDS)
        response.raise_for_status()
        return response.json()

    def _hold(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            doc_id, doc = row.get("id"), row.get("doc")
            kept = None if row.get("deleted") or doc is None else self._keep(doc)  # type: ignore[misc]
            if kept is None:
                self.held.pop(doc_id, None)
            else:
                self.held[doc_id] = kept
