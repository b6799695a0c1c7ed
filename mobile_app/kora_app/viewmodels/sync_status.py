"""The sync status: what is being sent, how far along, when it last worked, and what to do if not."""

from __future__ import annotations

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
    def advice(self) -> str | None:
        """Which of the worker's pieces of advice (a WHAT_TO_DO key) fits now, so a screen can say
        it in its own language; None when nothing needs doing."""
        r = self.report
        if r.state == "needs_sign_in":
            return "needs_sign_in"
        if r.state in ("waiting_retry", "error"):
            code = (r.last_error or "").split(":", 1)[0]
            return code if code in WHAT_TO_DO else "server"
        return None

    @property
    def headline(self) -> str:
        r = self.report
        if r.state == "syncing":
            return f"正在发送：{r.bytes_sent // 1024} / {r.bytes_to_send // 1024} KB"
        if r.state == "needs_sign_in":
            return f"{r.waiting} 份检查等待发送：需要联网登录"
        if r.state == "waiting_retry":
            return f"{r.waiting} 份检查等待发送：稍后自动重试"
        if r.waiting:
            return f"{r.waiting} 份检查等待发送"
        return "全部已发送" + (f"（上次同步 {r.last_sync_at}）" if r.last_sync_at else "")
