"""Splitting a line of text into script runs, each drawn with one font and shaped as one script.

SDL2_ttf shapes a whole string with one font and one script (HarfBuzz), and it has no fallback
from one font to another. A line such as "ཞིབ་བཤེར 检查 2026" is therefore cut into runs: the
Tibetan letters go to the Tibetan font shaped as ``Tibt`` (so that stacks and vowel signs are
composed), everything else (Han, digits, Latin, punctuation) goes to the Chinese font shaped as
``Hani`` (or ``Latn`` when the run has no Han character). Spaces never make a run of their own:
between Tibetan words they stay Tibetan, elsewhere they go with the Chinese font, whose space is
narrower (a Tibetan word followed by a Chinese one is not pushed apart).
"""

from __future__ import annotations

from dataclasses import dataclass

TIBETAN = "Tibt"
HAN = "Hani"
LATIN = "Latn"

# Unicode blocks whose characters are drawn by the Chinese font and make its run ``Hani``.
_HAN_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。「」)
    (0x3100, 0x312F),  # Bopomofo
    (0x3190, 0x319F),  # Kanbun
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms (，：（）)
    (0x20000, 0x3134F),  # CJK extensions B to G
)


@dataclass(frozen=True)
class Run:
    """A piece of a line drawn with one font and shaped as one script."""

    text: str
    script: str

    @property
    def is_tibetan(self) -> bool:
        return self.script == TIBETAN


def is_tibetan(char: str) -> bool:
    return 0x0F00 <= ord(char) <= 0x0FFF


def is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def _is_neutral(char: str) -> bool:
    # Spaces (and the zero-width joiners and spaces) belong to whichever run they are in.
    return char.isspace() or char in "\u200b\u200c\u200d\u2060\ufeff"


def split_runs(text: str) -> list[Run]:
    """The script runs of ``text``, in order; joined back together they give ``text``."""
    pieces: list[list] = []  # [tibetan?, characters]; a run of spaces alone has tibetan None
    pending: list[str] = []  # spaces after a Tibetan run, until the next letter says whose they are
    for char in text:
        if _is_neutral(char):
            if pieces and pieces[-1][0] is not True:
                pieces[-1][1].append(char)
            else:
                pending.append(char)
            continue
        tibetan = is_tibetan(char)
        if pending and not (pieces and tibetan):
            pieces.append([None, pending])  # spaces before a non-Tibetan letter, or leading
        elif pending:
            pieces[-1][1].extend(pending)  # spaces between Tibetan words stay Tibetan
        pending = []
        if pieces and pieces[-1][0] in (tibetan, None):
            pieces[-1][0] = tibetan
            pieces[-1][1].append(char)
        else:
            pieces.append([tibetan, [char]])
    if pending:
        if pieces:
            pieces[-1][1].extend(pending)
        else:
            pieces.append([None, pending])
    return [Run("".join(chars), _script(bool(tibetan), chars)) for tibetan, chars in pieces]


def _script(tibetan: bool, chars: list[str]) -> str:
    if tibetan:
        return TIBETAN
    return HAN if any(map(is_han, chars)) else LATIN


def has_tibetan(text: str) -> bool:
    return any(map(is_tibetan, text))
