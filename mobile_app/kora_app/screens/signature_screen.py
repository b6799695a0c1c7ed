"""The signature pad: the representative's name and strokes drawn by finger (SignatureViewModel
keeps each stroke as it ends)."""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Line
from kivy.uix.widget import Widget

from mobile_app.kora_app.screens.model_screen import ModelScreen


class SignaturePad(Widget):
    """Draws the kept strokes; a finger's stroke is handed to ``on_stroke(points, width, height)``
    in pad pixels from the top left, as the signature format has them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_stroke = lambda points, width, height: None
        self.strokes: list[list[list[float]]] = []
        self.bind(pos=lambda *_: self.redraw(), size=lambda *_: self.redraw())

    def _pad_point(self, touch) -> list[float]:
        return [round(touch.x - self.x, 1), round(self.top - touch.y, 1)]

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        touch.ud[self] = [self._pad_point(touch)]
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is self:
            touch.ud[self].append(self._pad_point(touch))
            self.redraw(extra=touch.ud[self])
            return True
        return False

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        points = touch.ud[self] + [self._pad_point(touch)]
        self.on_stroke(points, int(self.width), int(self.height))
        return True

    def redraw(self, extra: list[list[float]] | None = None) -> None:
        self.canvas.after.clear()
        with self.canvas.after:
            Color(0.05, 0.1, 0.35, 1)
            for stroke in [*self.strokes, *([extra] if extra else [])]:
                flat = [v for x, y in stroke for v in (self.x + x, self.top - y)]
                Line(points=flat, width=2)


class SignatureScreen(ModelScreen):
    def on_kv_post(self, base_widget) -> None:
        self.ids.pad.on_stroke = lambda points, width, height: self.model.add_stroke(points, width, height)

    def show(self, model) -> None:
        app = App.get_running_app()
        if not self.ids.name.focus:
            self.ids.name.text = model.name
        self.ids.pad.strokes = model.strokes
        self.ids.pad.redraw()
        self.ids.error.text = app.error_text(model.error)
        self.ids.state.text = app.tr("Signed") if model.signed else app.tr("Not signed yet")

    def save_name(self) -> None:
        self.model.set_name(self.ids.name.text)
