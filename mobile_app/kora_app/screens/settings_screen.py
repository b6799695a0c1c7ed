"""Settings: Chinese or Tibetan, large text, the server's address, the position a computer without
GPS records, and signing out (refused while anything is unsent, with the count) (SettingsViewModel)."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.model_screen import ModelScreen, bring_into_sight
from mobile_app.kora_app.screens.text_size import text_size


class SettingsScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        app.language = model.language
        text_size.large = model.large_text
        if not self.ids.server.focus:
            self.ids.server.text = model.server
        if not self.ids.desktop_position.focus:
            self.ids.desktop_position.text = model.desktop_position
        self.ids.large_text.text = app.tr("Large text") + (" ✓" if model.large_text else "")
        self.ids.unsent.text = app.tr("Waiting to send: {count}", count=model.unsent)
        self.ids.error.text = app.error_text(model.error)
        if model.error:
            bring_into_sight(self.ids.scroll, self.ids.error)

    def sign_out(self) -> None:
        if self.model.sign_out():
            App.get_running_app().signed_out()
