"""Sync: bytes sent of bytes to send, what waits, what the last sync sent, and what to do when it
did not work; "sync now" wakes the worker (SyncStatusViewModel, fed by the SyncWorker)."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.i18n import local_time
from mobile_app.kora_app.screens.model_screen import ModelScreen


class SyncScreen(ModelScreen):
    def show(self, model) -> None:
        tr = App.get_running_app().tr
        report = model.report
        self.ids.bar.value = model.fraction * 100
        self.ids.state.text = tr("sync:" + report.state)
        self.ids.bytes.text = tr("Sent {sent} of {total} KB", sent=report.bytes_sent // 1024,
                                 total=report.bytes_to_send // 1024)
        self.ids.waiting.text = tr("Waiting to send: {count}", count=report.waiting)
        self.ids.sent.text = tr("Sent in the last sync: {count}", count=report.inspections_sent)
        self.ids.last_sync.text = (tr("Last sync: {when}", when=local_time(report.last_sync_at)) if report.last_sync_at
                                   else tr("Never synced"))
        self.ids.advice.text = App.get_running_app().say(model.advice)
