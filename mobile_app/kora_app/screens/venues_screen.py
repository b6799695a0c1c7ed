"""Venue search: by Chinese or Tibetan name or pinyin initials; a venue starts its checklist."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.model_screen import ModelScreen, row_button

SHOWN = 40  # rows drawn at once; the search narrows the rest


class VenuesScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        self.ids.count.text = app.tr("{count} venues", count=len(model.results))
        self.ids.error.text = app.error_text(model.error)
        rows = self.ids.rows
        rows.clear_widgets()
        for venue in model.results[:SHOWN]:
            text = f"{venue['name']}\n{venue['county']} · {venue['address']}"
            rows.add_widget(row_button(text, lambda v=venue["venue_id"]: self.start(v)))

    def search(self, query: str) -> None:
        if self.model is not None and query != self.model.query:
            self.model.search(query)

    def start(self, venue_id: str) -> None:
        app = App.get_running_app()
        inspection_id = self.model.start(venue_id, app.inspector)
        if inspection_id:
            app.show_checklist(inspection_id)
