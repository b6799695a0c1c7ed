"""Kivy core labels that draw each script run with its own font and HarfBuzz script.

Kivy's SDL2 text provider measures and draws a string with one font and one script name
(``font_script_name``, default Latin). Tibetan shaped as Latin leaves subjoined letters and vowel
signs piled on top of each other; Tibetan in the Chinese font is empty boxes; Chinese in the
Tibetan font likewise. The classes here override the provider's two primitives, measuring
(``get_extents``) and drawing (``_render_text``), so that every string goes through
``split_runs``: Tibetan runs in the Tibetan font (TIBETAN_SCALE times bigger) shaped as ``Tibt``,
the others in the widget's own font (the Chinese one) shaped as ``Hani``/``Latn``. All runs share
one baseline and one line height (the taller font's), so lines keep their height whatever they say.

Everything that lays out text on top of these primitives works unchanged: wrapping, halign,
shortening, markup words ([b], [color], [size]), and TextInput's cursor, which measures the text
before it with ``get_extents``.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import ClassVar

from kivy.core.text import Label as ProviderLabel
from kivy.core.text.markup import MarkupLabel as ProviderMarkupLabel

from mobile_app.kora_app.screens.fonts import TIBETAN_SCALE, registered_fonts
from mobile_app.kora_app.screens.line_breaks import wrap
from mobile_app.kora_app.screens.scripts import LATIN, TIBETAN, split_runs

_SWAPPED = ("font_name_r", "font_size", "font_script_name")


class ScriptRunsMixin:
    """Put before a Kivy core label class: runs of Tibetan and of everything else, one baseline."""

    @contextmanager
    def _script(self, script: str):
        """The options of one run for the provider: font file, size and script name."""
        options = self.options
        saved = {key: options.get(key) for key in _SWAPPED}
        if script == TIBETAN:
            options["font_name_r"] = str(registered_fonts().tibetan)
            options["font_size"] = saved["font_size"] * TIBETAN_SCALE
        options["font_script_name"] = script
        try:
            yield
        finally:
            options.update(saved)

    # (font file, size) -> (ascent, descent), shared by every label of the process.
    _line_metrics: ClassVar[dict[tuple, tuple[int, int]]] = {}

    def _metrics(self) -> tuple[int, int]:
        """(ascent, descent) of a line: the highest ascent and lowest descent of both fonts."""
        key = (self.options["font_name_r"], self.options["font_size"])
        metrics = self._line_metrics.get(key)
        if metrics is None:
            ascents, descents = [], []
            for script in (TIBETAN, LATIN):
                with self._script(script):
                    ascents.append(super().get_ascent())
                    descents.append(super().get_descent())
            metrics = self._line_metrics[key] = (max(ascents), min(descents))
        return metrics

    def get_ascent(self):
        return self._metrics()[0]

    def get_descent(self):
        return self._metrics()[1]

    def get_extents(self, text):
        ascent, descent = self._metrics()
        width = 0
        for run in split_runs(text):
            with self._script(run.script):
                width += super().get_extents(run.text)[0]
        return width, ascent - descent

    def get_cached_extents(self):
        return self.get_extents

    def _render_text(self, text, x, y):
        ascent = self._metrics()[0]
        for run in split_runs(text):
            with self._script(run.script):
                super()._render_text(run.text, x, y + ascent - super().get_ascent())
                x += super().get_extents(run.text)[0]


class LineBreaksMixin:
    """Put before a core label class: with a width to wrap to, lines end where line_breaks allows
    (after a tsheg or shad, between ideographs), so that Kivy never has to cut a word itself."""

    def render(self, real=False):
        width = self._text_size[0]
        if real or width is None or self.options["shorten"]:
            return super().render(real)
        padding = self.options["padding"]
        text = self._text
        self._text = wrap(text, width - padding[0] - padding[2], lambda s: self.get_extents(s)[0])
        try:
            return super().render(real)  # lays out the wrapped text into self._cached_lines
        finally:
            self._text = text


class KoraCoreLabel(LineBreaksMixin, ScriptRunsMixin, ProviderLabel):
    """The core label of KoraLabel, KoraButton and each line of KoraTextInput."""


class KoraCoreMarkupLabel(ScriptRunsMixin, ProviderMarkupLabel):
    """The core label of a KoraLabel or KoraButton with ``markup: True`` (wrapped by Kivy: at
    spaces only, Tibetan cut where the width runs out)."""
