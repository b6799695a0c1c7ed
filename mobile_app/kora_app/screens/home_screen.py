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
        rows = self.ids.rows
        rows.clear_widgets()

        def opener(inspection_id):
            return lambda: app.show_checklist(inspection_id)

        groups = [
            (N_("Assignments"), [(tr("Re-inspection {number}, due {deadline}", number=a["number"] or "",
                                 deadline=(a["deadline"] or "")[:10]) + "\n" + a["venue"],
                              lambda n=a["notice_id"]: app.start_reinspection(n))
                             for a in model.assignments]),
            (N_("Drafts"), [(d["venue"], opener(d["inspection_id"])) for d in model.drafts]),
            (N_("Returned"), [(r["venue"] + ("\n" + tr("Supervisor: {comment}", comment=r["comment"])
                                         if r["comment"] else ""), opener(r["inspection_id"]))
                              for r in model.returned]),
            (N_("Conflicts"), [(c["venue"], None) for c in model.conflicts]),
        ]
        for title, entries in groups:
            if not entries and title == groups[3][0]:  # conflicts, only when there are any
                continue
            rows.add_widget(row_label(tr(title)))
            if not entries:
                rows.add_widget(row_label(tr("Nothing here")))
            for text, open_it in entries:
                rows.add_widget(row_button(text, open_it or (lambda: None)))
