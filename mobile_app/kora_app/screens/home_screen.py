"""Home: today's re-inspections, drafts, returned ones with the supervisor's comment, conflicts,
how many wait to be sent and the last sync (HomeViewModel)."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.i18n import N_, local_time
from mobile_app.kora_app.screens.model_screen import ModelScreen, row_button, row_label


class HomeScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        tr = app.tr
        self.ids.waiting.text = tr("Waiting to send: {count}", count=model.waiting)
        self.ids.last_sync.text = (tr("Last sync: {when}", when=local_time(model.last_sync_at)) if model.last_sync_at
                                   else tr("Never synced"))
        groups = [
            (N_("Assignments"), [("notice", a["notice_id"], tr("Re-inspection {number}, due {deadline}",
                                                              number=a["number"] or "",
                                                              deadline=(a["deadline"] or "")[:10]) + "\n" + a["venue"])
                                 for a in model.assignments]),
            (N_("Drafts"), [("inspection", d["inspection_id"], d["venue"]) for d in model.drafts]),
            (N_("Returned"), [("inspection", r["inspection_id"], r["venue"] + (
                "\n" + tr("Supervisor: {comment}", comment=r["comment"]) if r["comment"] else ""))
                for r in model.returned]),
            (N_("Conflicts"), [(None, c["inspection_id"], c["venue"]) for c in model.conflicts]),
        ]
        shown = (app.language, repr(groups))
        if shown == self.rows_shown:
            return  # the same rows: a sync that brought nothing new must not swap them under a finger
        self.rows_shown = shown
        rows = self.ids.rows
        rows.clear_widgets()
        for title, entries in groups:
            if not entries and title == groups[0][0]:  # one line, not a heading over "nothing here"
                rows.add_widget(row_label(tr("No re-inspections due today")))
                continue
            if not entries and title == groups[3][0]:  # conflicts, only when there are any
                continue
            rows.add_widget(row_label(tr(title)))
            if not entries:
                rows.add_widget(row_label(tr("Nothing here")))
            for kind, key, text in entries:
                rows.add_widget(row_button(text, self.opener(app, kind, key)))

    rows_shown = None

    @staticmethod
    def opener(app, kind, key):
        if kind == "notice":
            return lambda: app.start_reinspection(key)
        if kind == "inspection":
            return lambda: app.show_checklist(key)
        return lambda: None
