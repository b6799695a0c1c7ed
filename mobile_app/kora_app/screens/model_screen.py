"""ModelScreen: a Screen bound to one view-model; it redraws from the model after every change."""

from __future__ import annotations

from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

from mobile_app.kora_app.screens.widgets import KoraButton, KoraLabel


class ModelScreen(Screen):
    model = ObjectProperty(None, allownone=True)
    _unbind = None

    def on_model(self, _screen, model) -> None:
        if self._unbind:
            self._unbind()
        self._unbind = model.bind(self.show) if model is not None else None
        if model is not None:
            self.show(model)

    def show(self, model) -> None:
        """Put the model's state on screen (each screen says how)."""


def bring_into_sight(scroll, label) -> None:
    """Scroll until ``label``, a message just shown under the screen's buttons, is in sight (in
    large text it falls below the phone's edge)."""
    from kivy.metrics import dp

    label.texture_update()  # its new height first, so that the scroll view lays out before scrolling
    scroll.scroll_to(label, padding=dp(8), animate=False)


def row_button(text: str, on_press) -> KoraButton:
    """A full-width list row: at least 56 dp high, its text wrapped to the width."""
    from kivy.metrics import dp

    button = KoraButton(text=text, size_hint_y=None, halign="left", valign="middle",
                        padding=(dp(12), dp(8)))
    button.bind(width=lambda b, w: setattr(b, "text_size", (w - dp(24), None)),
                texture_size=lambda b, s: setattr(b, "height", max(dp(56), s[1] + dp(16))))
    button.bind(on_release=lambda _b: on_press())
    return button


def row_label(text: str) -> KoraLabel:
    from kivy.metrics import dp

    label = KoraLabel(text=text, size_hint_y=None, halign="left")
    label.bind(width=lambda lb, w: setattr(lb, "text_size", (w, None)),
               texture_size=lambda lb, s: setattr(lb, "height", s[1] + dp(8)))
    return label
