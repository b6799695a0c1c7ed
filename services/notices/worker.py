"""The notices worker: a thread in every notices service process (see docs/notices.md).

Each round it
  1. follows the notices database's ``_changes`` (only ``notice_request`` documents) from its
     checkpoint and issues each pending request;
  2. follows the inspections database's ``_changes`` (only re-inspections) from its checkpoint and
     records their outcomes on the notices;
  3. once a minute, sweeps: requests still pending or whose claim expired (a replica died while
     issuing), and notices past a deadline (marked overdue).

Several replicas run this at once. A request is claimed by writing it with the ``_rev`` read
(status ``claimed``, this replica and the time); a 409 means another replica has it. Issuing is
idempotent by request id (issuing.py), so a claim that expires while its replica is merely slow
costs a second try, never a second notice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from services.common.couch import Couch
from services.common.errors import KoraError
from services.inspections import store as inspections
from services.notices import outcomes, store
from services.notices.checks import check_request
from services.notices.issuing import issue, stamp

log = logging.getLogger("kora.notices.worker")
PAGE = 50
CLAIM_LEASE = timedelta(minutes=2)
MAX_TRIES = 5  # an issue that keeps failing (not a refusal) is marked failed for a person to look at
SWEEP_EVERY = timedelta(minutes=1)


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value)


class NoticeWorker:
    def __init__(self, couch: Couch, renderer_factory: Callable[[], Any], *, interval: float = 2.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.couch = couch
        self.renderer_factory = renderer_factory
        self._renderer = None
        self.interval = interval
        self.clock = clock
        self.replica = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_sweep: datetime | None = None

    # -- the thread ------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="notices-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        log.info("notices worker %s started", self.replica)
        while not self._stop.is_set():
            try:
                self.run_once()
            except KoraError as exc:  # CouchDB away: try again next round
                log.warning("notices worker: %s", exc.detail)
            except Exception:
                log.exception("notices worker round failed")
            self._stop.wait(self.interval)
        log.info("notices worker %s stopped", self.replica)

    @property
    def renderer(self) -> Any:
        if self._renderer is None:
            self._renderer = self.renderer_factory()  # loads the fonts: once per process
        return self._renderer

    # -- one round -------------------------------------------------------------------------------

    def run_once(self) -> None:
        self.follow("requests", lambda since: store.request_changes(self.couch, since, PAGE), self.handle_request)
        self.follow("reinspections", lambda since: inspections.reinspections_since(self.couch, since, PAGE),
                    self.handle_reinspection)
        now = self.clock()
        if self._last_sweep is None or now - self._last_sweep >= SWEEP_EVERY:
            self.sweep()
            self._last_sweep = now

    def follow(self, feed: str, read: Callable[[str], tuple[list[dict], str, bool]],
               handle: Callable[[dict], Any]) -> None:
        while not self._stop.is_set():
            point = store.checkpoint(self.couch, feed)
            docs, seq, more = read(point["seq"])
            for doc in docs:
                handle(doc)
            if seq != point["seq"]:
                store.save_checkpoint(self.couch, point, seq)
            if not more:
                return

    def sweep(self) -> None:
        for request in store.unfinished_requests(self.couch):
            self.handle_request(request)
        for number in outcomes.mark_overdue(self.couch, self.clock()):
            log.info("notice %s is overdue", number)

    # -- requests --------------------------------------------------------------------------------

    def _claimable(self, request: dict[str, Any]) -> bool:
        if request.get("status") == "pending":
            return True
        return request.get("status") == "claimed" and \
            _utc(request["claimed_at"]) + CLAIM_LEASE <= self.clock()

    def handle_request(self, request: dict[str, Any]) -> str | None:
        """Issue or refuse one request if it is ours to handle; its final status, or None."""
        if not self._claimable(request):
            return None
        claimed = store.put(self.couch, {**request, "status": "claimed", "claimed_by": self.replica,
                                         "claimed_at": stamp(self.clock())})
        if claimed is None:
            return None  # another replica claimed it (or it changed): theirs now
        try:
            checked = check_request(self.couch, claimed)
            notice = issue(self.couch, checked, self.renderer, self.clock())
        except KoraError as exc:
            if exc.code != "notice_request_refused":
                raise  # CouchDB away: the claim expires and the request is tried again
            return self._finish(claimed, status="refused", reason=exc.detail, refused_at=stamp(self.clock()))
        except Exception as exc:
            log.exception("issuing %s failed", request["_id"])
            tries = claimed.get("tries", 0) + 1
            status = "failed" if tries >= MAX_TRIES else "pending"
            return self._finish(claimed, status=status, tries=tries, reason=f"{type(exc).__name__}: {exc}"[:500])
        return self._finish(claimed, status="issued", notice_id=notice["_id"], number=notice["number"],
                            issued_at=notice["issued_at"])

    def _finish(self, claimed: dict[str, Any], **fields: Any) -> str:
        doc = claimed
        for _ in range(10):
            if store.put(self.couch, {**doc, **fields}) is not None:
                return fields["status"]
            doc = store.get(self.couch, claimed["_id"])
            if doc is None or doc.get("claimed_by") != self.replica or doc.get("status") != "claimed":
                return doc.get("status") if doc else "gone"
        raise KoraError("database_unavailable", f"could not record the outcome of {claimed['_id']}")

    # -- re-inspections --------------------------------------------------------------------------

    def handle_reinspection(self, inspection: dict[str, Any]) -> None:
        log.info("re-inspection %s", outcomes.record_reinspection(self.couch, inspection, self.clock()))
