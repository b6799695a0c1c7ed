"""The sync status: what is being sent, how far along, when it last worked, and what to do if not;
and, with a store, what went, what waits and what the server refused and why, with retry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..message import Message
from ..outbox import refusals
from ..outbox.worker import WHAT_TO_DO, SyncReport
from ..store import catalog
from ..store.database import Store
from .checklist import text
from .clock import now_iso
from .observable import Observable

RECENTLY_SENT = 10  # "what went": the last ones the server took whole


class SyncStatusViewModel(Observable):
    def __init__(self, report: SyncReport | None = None, store: Store | None = None, *,
                 wake_sync: Callable[[], None] = lambda: None, clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.report = report or SyncReport()
        self.store, self.wake_sync, self.clock = store, wake_sync, clock
        self.sent: list[dict[str, Any]] = []
        self.waiting: list[dict[str, Any]] = []
        self.refused: list[dict[str, Any]] = []
        self._read_lists()

    def update(self, report: SyncReport) -> None:
        """Give this as the worker's ``on_status`` (called on the worker's thread: a Kivy screen
        schedules its redraw on the main thread itself)."""
        self.report = report
        self._read_lists()
        self.changed()

    def refresh(self) -> None:
        self._read_lists()
        self.changed()

    def _read_lists(self) -> None:
        if self.store is None:
            return
        language = self.store.setting("language", "zh")

        def venue(venue_id: str) -> str:
            found = catalog.venue(self.store, venue_id)
            return text(found.get("name"), language) if found else venue_id

        self.sent = [{"inspection_id": r["inspection_id"], "venue": venue(r["venue_id"]), "at": r["sent_at"]}
                     for r in self.store.rows("SELECT inspection_id, venue_id, sent_at FROM inspections "
                                              "WHERE state = 'sent' AND sent_at IS NOT NULL "
                                              "ORDER BY sent_at DESC LIMIT ?", (RECENTLY_SENT,))]
        self.waiting = [{"inspection_id": r["inspection_id"], "venue": venue(r["venue_id"]), "at": r["queued_at"]}
                        for r in self.store.rows("SELECT o.inspection_id, i.venue_id, o.queued_at FROM outbox o "
                                                 "JOIN inspections i ON i.inspection_id = o.inspection_id "
                                                 "ORDER BY o.queued_at, o.inspection_id")]
        self.refused = [{**r, "venue": venue(r["venue_id"]),
                         "can_retry": r["state"] == "refused", "can_edit": r["state"] in ("draft", "returned")}
                        for r in refusals.listed(self.store)]

    def retry(self, inspection_id: str) -> bool:
        """Send a refused inspection again (once its reason is gone) and wake the worker."""
        done = self.attempt(lambda: (refusals.retry(self.store, inspection_id, self.clock()), self._read_lists()))
        if done:
            self.wake_sync()
        return done

    @property
    def fraction(self) -> float:
        r = self.report
        return 1.0 if not r.bytes_to_send else min(1.0, r.bytes_sent / r.bytes_to_send)

    @property
    def needs_sign_in(self) -> bool:
        return self.report.state == "needs_sign_in"

    @property
    def advice(self) -> Message | None:
        """The worker's piece of advice (WHAT_TO_DO) that fits now, for the screen to say in its
        language; None when nothing needs doing."""
        r = self.report
        if r.state == "needs_sign_in":
            return WHAT_TO_DO["needs_sign_in"]
        if r.state in ("waiting_retry", "error"):
            code = (r.last_error or "").split(":", 1)[0]
            return WHAT_TO_DO.get(code, WHAT_TO_DO["server"])
        return None

    @property
    def headline(self) -> Message:
        r = self.report
        if r.state == "syncing":
            return Message("headline:syncing", sent=r.bytes_sent // 1024, total=r.bytes_to_send // 1024)
        if r.state == "needs_sign_in":
            return Message("headline:needs_sign_in", count=r.waiting)
        if r.state == "waiting_retry":
            return Message("headline:waiting_retry", count=r.waiting)
        if r.waiting:
            return Message("headline:waiting", count=r.waiting)
        return Message("headline:all_sent_at", when=r.last_sync_at) if r.last_sync_at else Message("headline:all_sent")
