"""Sync: bytes sent of bytes to send, what waits, what went, what the server refused and why (each
with what to do: send it again, or open the draft), and what to do when a sync did not work;
"sync now" wakes the worker (SyncStatusViewModel, fed by the SyncWorker)."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.i18n import N_, local_time
from mobile_app.kora_app.screens.model_screen import ModelScreen, row_button, row_label


class SyncScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        tr = app.tr
        report = model.report
        self.ids.bar.value = model.fraction * 100
        self.ids.state.text = tr("sync:" + report.state)
        self.ids.bytes.text = tr("Sent {sent} of {total} KB", sent=report.bytes_sent // 1024,
                                 total=report.bytes_to_send // 1024)
        self.ids.waiting.text = tr("Waiting to send: {count}", count=report.waiting)
        self.ids.sent.text = tr("Sent in the last sync: {count}", count=report.inspections_sent)
        self.ids.last_sync.text = (tr("Last sync: {when}", when=local_time(report.last_sync_at)) if report.last_sync_at
                                   else tr("Never synced"))
        self.ids.advice.text = app.say(model.advice)
        self.ids.error.text = app.error_text(model.error)
        self._refused(model, app)
        self._listed(self.ids.waiting_rows, N_("Waiting to send"), model.waiting, tr)
        self._listed(self.ids.sent_rows, N_("Sent recently"), model.sent, tr)

    def _refused(self, model, app) -> None:
        """Each refused one: the venue, why in the inspector's words, the server's own, what to do."""
        tr, rows = app.tr, self.ids.refused_rows
        rows.clear_widgets()
        if not model.refused:
            return
        rows.add_widget(row_label(tr("Refused by the server: {count}", count=len(model.refused))))
        for refused in model.refused:
            why = tr("refused:" + refused["reason"], items="、".join(refused["items"]))
            words = tr("The server said: {message}", message=refused["message"]) if refused["message"] else ""
            rows.add_widget(row_label(f"{refused['venue']}\n{why}" + (f"\n{words}" if words else "")))
            inspection_id = refused["inspection_id"]
            if refused["can_retry"]:
                rows.add_widget(row_button(tr("Send again"), lambda i=inspection_id: model.retry(i)))
            elif refused["can_edit"]:
                rows.add_widget(row_button(tr("Open the draft"), lambda i=inspection_id: app.show_summary(i)))

    @staticmethod
    def _listed(rows, title: str, entries: list[dict], tr) -> None:
        rows.clear_widgets()
        if entries:
            rows.add_widget(row_label(tr(title)))
        for entry in entries:
            rows.add_widget(row_label(f"{entry['venue']} · {local_time(entry['at'])}"))
