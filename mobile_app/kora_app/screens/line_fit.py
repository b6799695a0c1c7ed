"""A line cut to a width before it is drawn, from an upper bound of each character's width: for
lists whose rows are one height (no Kivy here, so it is tested without a window)."""

from __future__ import annotations

import unicodedata


def ems(char: str) -> float:
    """An upper bound of a character's width in ems of the label's font size: a Chinese character
    is one em; Tibetan, drawn 1.4 times larger, is under one em a letter, its vowel signs and
    subjoined letters add none, its tsheg and shad half; digits and lower-case Latin about half."""
    if unicodedata.combining(char) or "\u0f71" <= char <= "\u0f84" or "\u0f8d" <= char <= "\u0fbc":
        return 0.0
    if char in "\u0f0b\u0f0d\u00b7" or char.isspace():
        return 0.5
    if char.isascii() and (char.isdigit() or char.islower() or char in ".,-()"):
        return 0.6
    return 1.0


def fitted(line: str, room: float, em: float) -> str:
    """``line`` cut to what surely fits on one line of ``room`` pixels, with "…" where it was cut."""
    budget, used = room / em, 0.0
    for end, char in enumerate(line):
        used += ems(char)
        if used > budget:
            return line[:max(end - 1, 1)] + "…"
    return line
