"""The sync worker: a thread that sends the outbox and pulls, on submit, on a timer, and when the
link comes back; with growing back-off and jitter after a failure.

One sync is SyncClient.sync: every queued inspection's answers first (all push batches), then
the photos the server lacks, resumed from the byte it holds. What a sync did is stored as soon as
it is known, also when the link died half-way (``SyncError.partial``): results in one
transaction, the pull with its checkpoint in one transaction.

Progress goes to ``on_status`` as a ``SyncReport`` (the sync status view-model listens).
"""

from __future__ import annotations

import gzip
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from schemas.rules.timestamps import utc_stamp

from ..message import Message
from ..photos import retention
from ..signin import session as sessions
from ..store import catalog
from ..store.database import Store
from ..store.errors import StoreError
from ..sync import SyncClient, SyncError, SyncResult
from . import queue

TOKEN_CODES = ("token_expired", "token_invalid", "token_revoked", "not_authenticated")
WHAT_TO_DO = {  # by failure code; any other failure is the server's
    "network": Message("advice:network"),
    "needs_sign_in": Message("advice:needs_sign_in"),
    "disk_full": Message("advice:disk_full"),
    "server": Message("advice:server"),
}


@dataclass(frozen=True)
class SyncReport:
    state: str = "idle"                 # idle | syncing | waiting_retry | needs_sign_in | error
    bytes_sent: int = 0
    bytes_to_send: int = 0
    inspections_sent: int = 0           # in the last sync
    waiting: int = 0                    # inspections still in the outbox
    last_sync_at: str | None = None     # the last sync that finished
    last_error: str | None = None
    what_to_do: Message | None = None
    next_try_in: float | None = None
    photos_missing: list[str] = field(default_factory=list)


class SyncWorker:
    def __init__(self, store: Store, server: Callable[[], str], *,
                 client_factory: Callable[[str, str], SyncClient] | None = None,
                 on_status: Callable[[SyncReport], None] = lambda report: None,
                 interval: float = 900.0, base_backoff: float = 30.0, max_backoff: float = 1800.0,
                 clock: Callable[[], float] = time.time, now_iso: Callable[[], str] = utc_stamp,
                 rng: random.Random | None = None) -> None:
        self.store, self.server = store, server
        self.client_factory = client_factory or (lambda url, token: SyncClient(url, token))
        self.on_status = on_status
        self.interval, self.base_backoff, self.max_backoff = interval, base_backoff, max_backoff
        self.clock, self.now_iso = clock, now_iso
        self.rng = rng or random.Random()
        self.failures = 0
        self.report = SyncReport(waiting=queue.waiting_count(store), last_sync_at=catalog.last_pull_at(store))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one sync at a time, also when run_once is called directly

    # --- the thread ---------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="kora-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Sync now: the inspector submitted, or the link came back (resets the back-off)."""
        self.failures = 0
        self._wake.set()

    submitted = wake
    link_back = wake

    def delay(self) -> float:
        """Seconds until the next try: the timer after a success, else a growing back-off with
        jitter (phones of one county must not all come back at the same second)."""
        if not self.failures:
            return self.interval
        grown = min(self.max_backoff, self.base_backoff * 2 ** (self.failures - 1))
        return grown * self.rng.uniform(0.5, 1.5)

    def _loop(self) -> None:
        self._wake.set()  # a first sync when the app starts
        while not self._stop.is_set():
            delay = self.delay()
            if self.failures:
                self._publish(next_try_in=delay)
            self._wake.wait(timeout=delay)
            self._wake.clear()
            if self._stop.is_set():
                break
            self.run_once()

    # --- one sync -------------------------------------------------------------------------------

    def _publish(self, **changes: Any) -> None:
        self.report = replace(self.report, **changes)
        self.on_status(self.report)

    def run_once(self) -> bool:
        """One sync now; True when it finished. Failures count towards the back-off."""
        with self._lock:
            ok = self._sync()
        if ok:
            self.failures = 0
        elif self.report.state != "needs_sign_in":
            self.failures += 1
        return ok

    def _sync(self) -> bool:
        current = sessions.current(self.store)
        waiting = queue.waiting_count(self.store)
        if current is None or not current.can_send(self.clock()):
            self._publish(state="needs_sign_in", waiting=waiting, what_to_do=WHAT_TO_DO["needs_sign_in"],
                          last_error="the sign-in has expired" if current else "nobody is signed in")
            return False
        outbox = queue.waiting(self.store)
        photos = queue.photo_sources(self.store, outbox)
        docs = gzip.compress(json.dumps([i["doc"] for i in outbox], ensure_ascii=False).encode()) if outbox else b""
        to_send = len(docs) + queue.photo_bytes_waiting(self.store)
        self._publish(state="syncing", bytes_sent=0, bytes_to_send=to_send, waiting=len(outbox),
                      next_try_in=None)
        client = self.client_factory(self.server(), current.token or "")

        def progress(event: dict) -> None:
            sent = client.stats.bytes_sent
            self._publish(bytes_sent=sent, bytes_to_send=max(to_send, sent))

        try:
            with client:
                result = client.sync(outbox, photos, catalog.checkpoint(self.store), progress=progress)
        except SyncError as exc:
            if exc.partial is not None:
                self._store(exc.partial, outbox, current)
            return self._failed(exc.code, exc.detail)
        except StoreError as exc:
            return self._failed(exc.code, exc.detail)
        try:
            self._store(result, outbox, current)
        except StoreError as exc:
            return self._failed(exc.code, exc.detail)
        missing = [p["sha256"] for p in result.photos if p.get("result") == "missing_on_phone"]
        self._publish(state="idle", bytes_sent=result.bytes_sent, bytes_to_send=result.bytes_sent,
                      inspections_sent=len(result.complete), waiting=queue.waiting_count(self.store),
                      last_sync_at=self.now_iso(), last_error=None, what_to_do=None, photos_missing=missing)
        return True

    def _store(self, result: SyncResult, outbox: list[dict], current: sessions.Session) -> None:
        now = self.now_iso()
        queue.record(self.store, result.pushed, result.complete, outbox, now)
        if result.pulled or result.checkpoint != catalog.checkpoint(self.store):
            catalog.apply_pull(self.store, result.pulled, result.checkpoint, now,
                               reach=current.jurisdiction, inspector=current.name)
        retention.sweep(self.store, datetime.now(UTC))

    def _failed(self, code: str, detail: str) -> bool:
        if code in TOKEN_CODES:
            sessions.token_expired(self.store)
            self._publish(state="needs_sign_in", last_error=detail, what_to_do=WHAT_TO_DO["needs_sign_in"],
                          waiting=queue.waiting_count(self.store))
            return False
        advice = WHAT_TO_DO.get(code, WHAT_TO_DO["server"])
        self._publish(state="waiting_retry", last_error=f"{code}: {detail}", what_to_do=advice,
                      waiting=queue.waiting_count(self.store))
        return False
