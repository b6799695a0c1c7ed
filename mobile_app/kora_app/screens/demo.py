"""A demonstration screen built from the Kora widgets, until the real screens have view-models.

It shows a Tibetan title, a mixed Tibetan/Chinese line, a note field, a button that copies the
note into a label, and the large-text switch: what the window tests touch, type into and
photograph.
"""

from __future__ import annotations

from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen

from mobile_app.kora_app.screens.text_size import text_size

TITLE = "ཞིབ་བཤེར། 检查"
MIXED_LINE = "ཞིབ་བཤེར 检查 2026"
STACKS = "བསྒྲུབས སྤྱི འཕྲོད་བསྟེན"
SAVE = "ཉར་ཚགས། 保存"
LARGE_TEXT = "ཡིག་གཟུགས་ཆེ། 大字"
NOTE_HINT = "ཟིན་བྲིས། 备注"


class DemoScreen(Screen):
    saved_count = NumericProperty(0)

    def save_note(self) -> None:
        """The save button: the note typed so far goes into the label under it."""
        self.ids.saved_note.text = self.ids.note.text
        self.saved_count += 1

    def toggle_large_text(self) -> None:
        text_size.large = not text_size.large
