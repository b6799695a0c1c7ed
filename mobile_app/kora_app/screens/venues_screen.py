"""Venue search: by Chinese or Tibetan name or pinyin initials; a venue starts its checklist; a venue
the registry lacks is added on the spot (NewVenueScreen).

The rows are a RecycleView: however many venues the county has, only the rows in sight are
widgets, reused as the list scrolls.
"""

from __future__ import annotations

from kivy.app import App
from kivy.metrics import dp, sp
from kivy.properties import StringProperty

from mobile_app.kora_app.screens.line_fit import fitted
from mobile_app.kora_app.screens.model_screen import ModelScreen
from mobile_app.kora_app.screens.text_size import BUTTON_SP, text_size
from mobile_app.kora_app.screens.widgets import KoraButton


class VenueRow(KoraButton):
    """One venue of the list (the RecycleView sets ``text`` and ``venue_id``)."""

    venue_id = StringProperty("")


def row_height() -> float:
    """A row's height: two lines (a line holds Chinese and Tibetan, whose stacks reach far) at the
    text size in force, and the padding. Rows are one height, so the RecycleView places them
    without drawing them first."""
    from kivy.metrics import dp

    probe = KoraButton(text="示例\nདཔེ་མཚོན་སྒྲུབས")
    probe.texture_update()
    return probe.texture_size[1] + dp(16)


def row_text(venue: dict, tr, room: float = float("inf"), em: float = 1.0) -> str:
    """Two lines, each cut to the row's width: rows are one height, so a longer name or address
    must not wrap into a third line that the row would hide."""
    mark = f" · {tr('Added in the field')}" if venue.get("unverified") else ""
    return (fitted(f"{venue['name']}{mark}", room, em) + "\n"
            + fitted(f"{venue['county']} · {venue['address']}", room, em))


class VenuesScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        if not model.results and model.query.strip():
            self.ids.count.text = app.tr("No venue matches. Add it if the registry lacks it.")
        else:
            self.ids.count.text = app.tr("{count} venues", count=len(model.results))
        self.ids.error.text = app.error_text(model.error)
        if self.ids.query.text != model.query:
            self.ids.query.text = model.query
        self.ids.layout.default_size = (None, row_height())
        from kivy.core.window import Window  # here: importing it makes the window

        # The list's width: the window less the screen's padding, the row's padding and the scroll bar.
        room, em = Window.width - dp(32) - dp(24) - dp(6), sp(BUTTON_SP) * text_size.scale
        self.ids.rows.data = [{"text": row_text(v, app.tr, room, em), "venue_id": v["venue_id"]}
                              for v in model.results]

    def search(self, query: str) -> None:
        if self.model is not None and query != self.model.query:
            self.model.search(query)

    def shown_rows(self) -> list[VenueRow]:
        """The rows drawn now, top first (the RecycleView keeps only these as widgets)."""
        return sorted(self.ids.layout.children, key=lambda row: -row.y)

    def start(self, venue_id: str) -> None:
        app = App.get_running_app()
        inspection_id = self.model.start(venue_id, app.inspector)
        if inspection_id:
            app.show_checklist(inspection_id)

    def add_venue(self) -> None:
        App.get_running_app().show_new_venue(self.model.query if self.model is not None else "")
