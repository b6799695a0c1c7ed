"""The sync status: what is being sent, how far along, when it last worked, and what to do if not."""

from __future__ import annotations

from ..message import Message
from ..outbox.worker import WHAT_TO_DO, SyncReport
from .observable import Observable


class SyncStatusViewModel(Observable):
    def __init__(self, report: SyncReport | None = None) -> None:
        super().__init__()
        self.report = report or SyncReport()

    def update(self, report: SyncReport) -> None:
        """Give this as the worker's ``on_status`` (called on the worker's thread: a Kivy screen
        schedules its redraw on the main thread itself)."""
        self.report = report
        self.changed()

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
