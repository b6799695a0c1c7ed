"""Reference pictures rendered straight by Kivy's own text provider, one font and one script."""

from __future__ import annotations

from PIL import Image

from mobile_app.kora_app.screens.fonts import TIBETAN_SCALE, registered_fonts
from mobile_app.kora_app.screens.scripts import TIBETAN
from mobile_app.kora_app.screens.tests.pixels import render

DOTTED_CIRCLE = "\u25cc"  # HarfBuzz draws it where a vowel sign or subjoined letter has no base
MISSING = "\ue000"  # a private-use code point neither font has: its picture is the .notdef box


def provider(text: str, font: str, font_size: float, script: str) -> Image.Image:
    """``text`` in one font file and one HarfBuzz script, by Kivy's provider label (no runs)."""
    from kivy.core.text import Label

    return render(Label, text, font_name=font, font_size=font_size, font_script_name=script)


def tibetan(text: str, widget_font_size: float, script: str = TIBETAN) -> Image.Image:
    """``text`` in the Tibetan font at the size a widget of ``widget_font_size`` gives it."""
    return provider(text, str(registered_fonts().tibetan), widget_font_size * TIBETAN_SCALE, script)


def chinese(text: str, widget_font_size: float, script: str = "Hani") -> Image.Image:
    return provider(text, str(registered_fonts().chinese), widget_font_size, script)


def unwanted_glyphs(widget_font_size: float) -> dict[str, Image.Image]:
    """What must never be on screen: the dotted circle and both fonts' .notdef boxes."""
    return {
        "dotted circle": tibetan(DOTTED_CIRCLE, widget_font_size),
        "Tibetan font's .notdef": tibetan(MISSING, widget_font_size),
        "Chinese font's .notdef": chinese(MISSING, widget_font_size),
    }
