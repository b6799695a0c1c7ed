"""Sign in: name and password; online when the server answers, offline with the kept password."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.model_screen import ModelScreen, bring_into_sight


class SignInScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        if not self.ids.name.text:
            self.ids.name.text = model.last_name
        self.ids.error.text = app.error_text(model.error)
        if model.error:
            bring_into_sight(self.ids.scroll, self.ids.error)
        if model.signed_in:
            self.ids.password.text = ""
            app.signed_in()

    def sign_in(self) -> None:
        self.model.sign_in(self.ids.name.text, self.ids.password.text)
