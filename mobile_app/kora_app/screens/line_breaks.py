"""Where a line of Tibetan, Chinese or both may wrap, and wrapping a text to a width.

Kivy wraps a label's text only at spaces; a "word" wider than the line is cut wherever the width
runs out. Tibetan writes no spaces between syllables, so a Tibetan sentence is one such word and
Kivy cuts it inside a syllable, or between a letter and its vowel sign (which HarfBuzz then
draws on a dotted circle). This module gives the places where a line may end:

- after a space;
- Tibetan: after a tsheg ་ or a shad ། (never before a shad: it stays with its syllable);
- Chinese: between two ideographs, but never before closing punctuation (，。、）」…) nor after
  opening punctuation (（「《…);
- between a Tibetan and a Chinese run.

``wrap`` fills lines greedily up to a width, measured by the caller's function (the shaped width).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from mobile_app.kora_app.screens.scripts import is_han, is_tibetan

TSHEG = "\u0f0b"  # not U+0F0C, the non-breaking tsheg
SHADS = "\u0f0d\u0f0e\u0f0f\u0f10\u0f11\u0f12\u0f14"
CLOSING = "，。、；：？！）」』》〉】〕…・,.;:?!)"
OPENING = "（「『《〈【〔("


def _may_break_between(before: str, after: str) -> bool:
    if after.isspace() or after in SHADS or after in CLOSING:
        return False  # a line never starts with a space, a shad or closing punctuation
    if before.isspace():
        return True
    if before in OPENING:
        return False
    if before == TSHEG or before in SHADS:
        return True
    if is_han(before) or before in CLOSING:
        return is_han(after) or is_tibetan(after) or after in OPENING
    if is_tibetan(before):
        return is_han(after) or after in OPENING
    return is_tibetan(after)  # Latin or digits: before Tibetan, not before Chinese (2026年)


def break_positions(text: str) -> list[int]:
    """Indexes ``i`` of ``text`` where a line may end before ``text[i]``."""
    return [i for i in range(1, len(text)) if _may_break_between(text[i - 1], text[i])]


def pieces(line: str) -> list[str]:
    """``line`` cut at every break position: the unbreakable pieces, in order."""
    cuts = [0, *break_positions(line), len(line)]
    return [line[a:b] for a, b in pairwise(cuts)]


def wrap(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text`` with newlines where lines wrap to fit ``width``; spaces at a wrap are dropped.

    A piece that alone is wider than ``width`` stays whole on its own line: nothing is cut
    where the text gives no place to break.
    """
    return "\n".join(_wrap_line(line, width, measure) for line in text.split("\n"))


def _wrap_line(line: str, width: float, measure: Callable[[str], float]) -> str:
    lines: list[str] = []
    current = ""
    for piece in pieces(line):
        candidate = current + piece
        if current and measure(candidate.rstrip()) > width:
            lines.append(current.rstrip(" "))
            current = piece.lstrip(" ")
        else:
            current = candidate
    lines.append(current)
    return "\n".join(lines)
