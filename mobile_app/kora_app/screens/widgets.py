"""KoraLabel, KoraButton and KoraTextInput: Kivy's widgets drawing Tibetan and Chinese text.

Each uses the core labels of core_text (a run per script, each with its font and HarfBuzz
script) instead of Kivy's; everything else is Kivy's own widget. Their .kv rules (widgets.kv)
set the Chinese font as the widget font and the sizes of the large-text mode (text_size).
``load_widgets`` registers the fonts and loads the rules; call it before building any of them.
"""

from __future__ import annotations

from pathlib import Path

from kivy.cache import Cache
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.textinput import TextInput

from mobile_app.kora_app.screens.core_text import KoraCoreLabel, KoraCoreMarkupLabel
from mobile_app.kora_app.screens.fonts import register_fonts

KV_FILE = Path(__file__).with_suffix(".kv")
_LINE_CACHE = "kora.textinput.line"
Cache.register(_LINE_CACHE, limit=500, timeout=60)


def load_widgets(font_cache_dir: Path) -> None:
    """Register the fonts and load widgets.kv (once per process)."""
    register_fonts(font_cache_dir)
    if str(KV_FILE) not in Builder.files:
        Builder.load_file(str(KV_FILE))


class ScriptRunsLabelMixin:
    """Put before Label or one of its subclasses: its text is drawn by the Kora core labels."""

    def _create_label(self):
        # Kivy's Label._create_label, with the Kora core label classes.
        wanted = KoraCoreMarkupLabel if self.markup else KoraCoreLabel
        if self._label is not None and type(self._label) is wanted:
            return
        options = {name: getattr(self, name) for name in self._font_properties}
        options["usersize"] = self.text_size
        if self.disabled:
            options["color"] = self.disabled_color
            options["outline_color"] = self.disabled_outline_color
        self._label = wanted(**options)


class KoraLabel(ScriptRunsLabelMixin, Label):
    """A Label for Tibetan, Chinese and mixed lines."""


class KoraButton(ScriptRunsLabelMixin, Button):
    """A Button for Tibetan, Chinese and mixed lines."""


class KoraTextInput(TextInput):
    """A TextInput whose lines, typed or set, are drawn and measured by KoraCoreLabel.

    Kivy's TextInput makes its line labels with the provider's class and no script name; the two
    methods that make them are replaced here. The cursor, selection and wrapping all measure
    through ``_label_cached``, so they follow the shaped widths. A multiline field wraps its
    words after Kivy's delimiters and after a tsheg, a shad or Chinese punctuation, so a Tibetan
    sentence wraps between syllables rather than inside one.
    """

    _tokenize_delimiters = TextInput._tokenize_delimiters + "\u0f0b\u0f0d，。、；：？！"

    def _get_line_options(self):
        options = super()._get_line_options()
        if type(self._label_cached) is not KoraCoreLabel:
            self._label_cached = KoraCoreLabel(**options)
        return options

    def _create_line_label(self, text, hint=False):
        line = text.replace("\n", "").replace("\t", " " * self.tab_width)
        if self.password and not hint:
            line = self.password_mask * len(line)
        options = self._get_line_options()
        key = f"{line}\0{options}"
        texture = Cache.get(_LINE_CACHE, key)
        if texture is None:
            if line:
                label = KoraCoreLabel(text=line, **options)
                label.refresh()
                texture = label.texture
            else:
                texture = Texture.create(size=(1, 1))
            Cache.append(_LINE_CACHE, key, texture)
        return texture
