"""Adding a venue the registry lacks, on the spot (NewVenueViewModel): names, type, county, address,
position if known. Saved, it shows in the venue search at once, ready to be inspected."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.i18n import N_
from mobile_app.kora_app.screens.model_screen import ModelScreen, row_button

FIELD_WORDS = {"/name": N_("Name in Chinese"), "/name/zh": N_("Name in Chinese"),
               "/name/bo": N_("Name in Tibetan (if known)"), "/venue_type": N_("Type"), "/county_code": N_("County"),
               "/address": N_("Address"), "/gps": N_("Position (optional)"), "/gps/lat": N_("Position (optional)"),
               "/gps/lon": N_("Position (optional)")}


class NewVenueScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        for field, value in (("name_zh", model.name_zh), ("name_bo", model.name_bo)):
            if not self.ids[field].text and not self.ids[field].focus:
                self.ids[field].text = value
        for holder, choices, chosen, choose in (
                (self.ids.types, [(t, app.tr(f"venue_type:{t}")) for t in model.venue_types], model.venue_type,
                 model.choose_type),
                (self.ids.counties, [(c["code"], c["name"]) for c in model.counties], model.county_code,
                 model.choose_county)):
            holder.clear_widgets()
            for code, label in choices:
                holder.add_widget(row_button(label + (" ✓" if code == chosen else ""), lambda c=code, f=choose: f(c)))
        fields = dict.fromkeys(app.tr(FIELD_WORDS.get(path, "Address")) for path in model.problems)
        self.ids.problems.text = app.tr("Check: {fields}", fields=" · ".join(fields)) if fields else ""
        self.ids.error.text = app.error_text(model.error)

    def clear(self) -> None:
        for field in ("name_zh", "name_bo", "address", "lat", "lon"):
            self.ids[field].text = ""

    def save(self) -> None:
        ids = self.ids
        venue_id = self.model.save(ids.name_zh.text, ids.name_bo.text, ids.address.text, ids.lat.text, ids.lon.text)
        if venue_id:
            App.get_running_app().show_venues(self.model.name_zh)
