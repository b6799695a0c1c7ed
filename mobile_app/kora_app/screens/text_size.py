"""The large-text mode: one scale that every Kora widget's font size follows.

Inspectors read the phone at arm's length in a courtyard, some with reading glasses in their
pocket. ``text_size.large = True`` makes every Kora widget's text LARGE_SCALE times bigger at
once (the .kv rules multiply their sizes by ``text_size.scale``); the layout grows with it.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import AliasProperty, BooleanProperty

NORMAL_SCALE = 1.0
LARGE_SCALE = 1.35

# Font sizes of the app's three kinds of text at the normal scale, in sp.
BODY_SP = 18
TITLE_SP = 24
BUTTON_SP = 20


class TextSize(EventDispatcher):
    large = BooleanProperty(False)

    def _get_scale(self) -> float:
        return LARGE_SCALE if self.large else NORMAL_SCALE

    scale = AliasProperty(_get_scale, bind=["large"], cache=True)


text_size = TextSize()
