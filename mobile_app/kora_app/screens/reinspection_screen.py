"""Re-inspecting a notice: each failed item with its legal basis, marked fixed or still failing
(or its count or choice given again), each with a photo; then the summary (ReinspectionViewModel)."""

from __future__ import annotations

from kivy.app import App
from kivy.metrics import dp
from kivy.uix.boxlayout import BoxLayout

from mobile_app.kora_app.screens.checklist_screen import legal_basis_text
from mobile_app.kora_app.screens.model_screen import ModelScreen, row_label
from mobile_app.kora_app.screens.text_size import text_size
from mobile_app.kora_app.screens.widgets import KoraButton, KoraTextInput

CHOSEN, PLAIN = (0.2, 0.6, 0.3, 1), (1, 1, 1, 1)


class ReinspectionScreen(ModelScreen):
    photo_dir = None

    def show(self, model) -> None:
        app = App.get_running_app()
        tr = app.tr
        notice = model.notice
        self.ids.notice.text = (model.venue + "\n"
                                + tr("Re-inspection {number}, due {deadline}", number=notice.get("number") or "",
                                     deadline=(notice.get("deadline") or "")[:10]))
        self.ids.error.text = app.error_text(model.error)
        rows = self.ids.rows
        rows.clear_widgets()
        if not model.failures_known:
            unknown = tr("The notice's failed items are not on this phone: sync once, then open it again.")
            rows.add_widget(row_label(unknown))
        self.item_rows = {}
        for failure in model.failures:
            rows.add_widget(row_label(f"× {failure['requirement']}\n{tr('Legal basis')}："
                                      f"{legal_basis_text(failure['legal_basis'])}"))
            rows.add_widget(row_label(tr("reinspection:" + failure["state"]) + " · "
                                      + tr("Photos: {count}", count=len(failure["photos"]))))
            self.item_rows[failure["item"]] = buttons = self._answer_row(failure, tr)
            rows.add_widget(buttons)

    def _answer_row(self, failure: dict, tr) -> BoxLayout:
        """The item's answer buttons in a row, and its photo button under them."""
        item_id = failure["item"]
        answers = BoxLayout(size_hint_y=None, spacing=dp(8))
        if failure["kind"] == "count":
            field = KoraTextInput(text="" if failure["value"] is None else str(failure["value"]), multiline=False,
                                  input_filter="int", hint_text=tr("Count"))
            field.bind(on_text_validate=lambda f: f.text and self.model.answer(item_id, int(f.text)))
            answers.add_widget(field)
        elif failure["kind"] == "choice":
            for choice in failure["choices"]:
                answers.add_widget(self._button(choice["label"], failure["value"] == choice["value"],
                                                lambda v=choice["value"]: self.model.answer(item_id, v)))
        else:
            answers.add_widget(self._button(tr("Fixed"), failure["state"] == "fixed",
                                            lambda: self.model.mark(item_id, fixed=True)))
            answers.add_widget(self._button(tr("Still failing"), failure["state"] == "still_failing",
                                            lambda: self.model.mark(item_id, fixed=False)))
        photo = self._button(tr("Add photo"), False, lambda: self.choose_photo(item_id))
        photo.size_hint_y = None
        box = BoxLayout(orientation="vertical", size_hint_y=None, spacing=dp(8))
        box.item_id, box.answers, box.photo = item_id, answers, photo
        for row in (answers, photo):
            box.add_widget(row)
        # A long word wraps inside its button; the row grows to the tallest button's text.
        fit = self._fit_height(box, answers, photo)
        for button in (*answers.children, photo):
            button.bind(texture_size=fit)
        fit()
        return box

    @staticmethod
    def _fit_height(box: BoxLayout, answers: BoxLayout, photo: KoraButton):
        def fit(*_args) -> None:
            least = dp(64) * text_size.scale
            answers.height = max([least] + [b.texture_size[1] + dp(16) for b in answers.children
                                            if isinstance(b, KoraButton)])
            photo.height = max(least, photo.texture_size[1] + dp(16))
            box.height = answers.height + photo.height + box.spacing
        return fit

    @staticmethod
    def _button(text: str, chosen: bool, on_press) -> KoraButton:
        button = KoraButton(text=("● " if chosen else "") + text, halign="center", valign="middle",
                            background_color=CHOSEN if chosen else PLAIN)
        button.bind(width=lambda b, w: setattr(b, "text_size", (w - dp(8), None)),
                    on_release=lambda _b: on_press())
        return button

    def choose_photo(self, item_id: str) -> None:
        from mobile_app.kora_app.screens.photo_chooser import PhotoChooser

        self.chooser = PhotoChooser(lambda raw: self.model.add_photo(item_id, raw), start_dir=self.photo_dir)
        self.chooser.open(animation=False)
