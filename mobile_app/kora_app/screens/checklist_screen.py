"""The checklist, item by item: the answer buttons (yes/no/na, choices or a count), a note, the
item's guidance and legal basis one tap away, and the progress through the sections always in
sight (ChecklistViewModel saves every answer and note the moment it is given)."""

from __future__ import annotations

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty

from mobile_app.kora_app.screens.i18n import N_
from mobile_app.kora_app.screens.model_screen import ModelScreen, bring_into_sight
from mobile_app.kora_app.screens.widgets import KoraButton

YES_NO_NA = (("yes", N_("Yes")), ("no", N_("No")), ("na", N_("Not applicable")))


def legal_basis_text(basis: list[dict]) -> str:
    return "\n".join(" ".join(str(part) for part in (b.get("document"), b.get("article"), b.get("clause"))
                              if part) for b in basis)


class ChecklistScreen(ModelScreen):
    reference_open = BooleanProperty(False)
    answer_heights = ListProperty()  # each answer button's wrapped text and margin: the row is the tallest
    shown_item = None

    def show(self, model) -> None:
        app = App.get_running_app()
        tr, item, progress = app.tr, model.current, model.progress
        self.ids.progress.text = tr("Progress: {answered} / {total}", **progress)
        self.ids.progress_bar.max, self.ids.progress_bar.value = progress["total"], progress["answered"]
        section = next(s for s in model.sections if s["title"] == item["section"])
        self.ids.position.text = (f"{section['title']} {section['answered']}/{section['total']} · "
                                  + tr("Item {position} of {total}", position=model.position + 1,
                                       total=progress["total"]))
        self.ids.requirement.text = item["requirement"]
        self.ids.guidance.text = tr("Guidance") + "：" + item["guidance"]
        self.ids.legal_basis.text = tr("Legal basis") + "：\n" + legal_basis_text(item["legal_basis"])
        self.ids.photos.text = (tr("A photo is needed") if item["photo_needed"]
                                else tr("Photos: {count}", count=len(item["photos"])))
        if self.ids.note.text != item["note"] and not self.ids.note.focus:
            self.ids.note.text = item["note"]
        self.ids.error.text = app.error_text(model.error)
        self._answer_buttons(item, tr)
        if item["id"] != self.shown_item:  # a new item starts at its top
            self.shown_item, self.ids.scroll.scroll_y = item["id"], 1
        if model.error:
            bring_into_sight(self.ids.scroll, self.ids.error)

    def _answer_buttons(self, item: dict, tr) -> None:
        box = self.ids.answers
        box.clear_widgets()
        if item["kind"] == "count":
            from mobile_app.kora_app.screens.widgets import KoraTextInput

            field = KoraTextInput(text="" if item["value"] is None else str(item["value"]), multiline=False,
                                  input_filter="int", hint_text=tr("Count"))
            field.bind(on_text_validate=lambda f: f.text and self.model.answer(int(f.text)))
            box.add_widget(field)
            return
        options = ([(c["value"], c["label"]) for c in item["choices"]] if item["kind"] == "choice"
                   else [(value, tr(word)) for value, word in YES_NO_NA])
        for value, label in options:
            chosen = item["value"] == value
            button = KoraButton(text=("● " if chosen else "") + label, halign="center",
                                background_color=(0.2, 0.6, 0.3, 1) if chosen else (1, 1, 1, 1))
            button.bind(on_release=lambda _b, v=value: self.model.answer(v),
                        width=lambda b, w: setattr(b, "text_size", (w - dp(16), None)),
                        texture_size=lambda *_: self._fit_answers())
            box.add_widget(button)
        self._fit_answers()

    def _fit_answers(self) -> None:
        self.answer_heights = [b.texture_size[1] + dp(16) for b in self.ids.answers.children
                               if isinstance(b, KoraButton)]

    def save_note(self) -> None:
        self.model.note(self.ids.note.text)

    photo_dir = None  # where the file chooser opens (the last folder used)

    def choose_photo(self) -> None:
        from mobile_app.kora_app.screens.photo_chooser import PhotoChooser

        item_id = self.model.current["id"]
        self.chooser = PhotoChooser(lambda raw: self.model.add_photo(raw, item_id), start_dir=self.photo_dir)
        self.chooser.open(animation=False)

    def toggle_reference(self) -> None:
        self.reference_open = not self.reference_open
