"""Text cut into the pieces a line may not break inside, each piece cut into runs of one script.

Tibetan breaks only after a syllable: after the tsheg (་) or a shad (།), with the spaces that
follow; never after the non-breaking tsheg (༌) nor inside a stack. Chinese breaks between any two
characters, except that closing punctuation stays with the character before it and opening
punctuation with the one after it (no line starts with "，" or ends with "（"). Latin letters and
digits stay together up to a space, so "540102-2026-0001" is never cut (unless it is wider than
a whole line: see ``split_wide``).
"""

from __future__ import annotations

import re
import unicodedata

# A syllable: what is not a break mark, then the break marks and spaces after it.
_SYLLABLE = re.compile(r"[^\u0F0B\u0F0D-\u0F12\u0F14\s]*[\u0F0B\u0F0D-\u0F12\u0F14]*\s*")
# A Tibetan stack: a letter and the subjoined letters and vowel signs below and above it.
_STACK = re.compile(r".[\u0F35\u0F37\u0F39\u0F71-\u0F84\u0F86\u0F87\u0F8D-\u0FBC]*", re.DOTALL)
_CLOSING = set("，。、；：？！）》」』】〕”’%‰·…,.;:?!)]}")
_OPENING = set("（《「『【〔“‘([{")


def clean(text: str) -> str:
    """Text as typed, made printable: Windows and old Mac line ends become newlines, tabs and
    unusual spaces plain spaces; invisible controls and format marks (U+200B…) are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n":
            out.append(char)
        elif category in ("Zs", "Zl", "Zp") or char == "\t":
            out.append(" " if char != "\u3000" else char)
        elif category not in ("Cc", "Cf"):
            out.append(char)
    return "".join(out)


def is_tibetan(char: str) -> bool:
    return "\u0f00" <= char <= "\u0fff"


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _script_runs(text: str) -> list[tuple[bool, str]]:
    """Maximal (is Tibetan, text) runs; a space goes with the run before it."""
    runs: list[list] = []
    for char in text:
        if runs and (char.isspace() or runs[-1][0] == is_tibetan(char)):
            runs[-1][1] += char
        else:
            runs.append([is_tibetan(char), char])
    return [(tibetan, run) for tibetan, run in runs]


def _other_pieces(run: str) -> list[str]:
    """Chinese one character a piece, Latin words (with their trailing spaces) whole."""
    pieces: list[str] = []
    word = ""
    for char in run:
        if _is_wide(char) and char not in _CLOSING:
            if word:
                pieces.append(word)
                word = ""
            pieces.append(char)
        elif char.isspace() and not (word or pieces):
            word = char
        elif char.isspace():
            if word:
                pieces.append(word + char)
                word = ""
            else:
                pieces[-1] += char
        else:
            word += char
    if word:
        pieces.append(word)
    return pieces


def _only(piece: str, marks: set[str]) -> bool:
    core = piece.strip()
    return bool(core) and all(c in marks for c in core)


def _glue_punctuation(pieces: list[str]) -> list[str]:
    """Closing punctuation joins the piece before it, opening punctuation the piece after it."""
    out: list[str] = []
    carry = ""
    for piece in pieces:
        if _only(piece, _OPENING):
            carry += piece
        elif _only(piece, _CLOSING) and out and not carry:
            out[-1] += piece
        else:
            out.append(carry + piece)
            carry = ""
    if carry:
        out.append(carry)
    return out


def pieces(text: str) -> list[str]:
    """The unbreakable pieces of one line of text (no newline), in order; they join to the text."""
    out: list[str] = []
    for tibetan, run in _script_runs(text):
        if tibetan:
            out.extend(p for p in _SYLLABLE.findall(run) if p)
        else:
            out.extend(_other_pieces(run))
    return _glue_punctuation(out)


def split_wide(piece: str) -> list[str]:
    """A piece too wide for a line, cut into stacks (Tibetan) or characters (anything else)."""
    return _STACK.findall(piece)


def script_runs(piece: str) -> list[tuple[bool, str]]:
    """(is Tibetan, text) runs of a piece: each run is drawn in its own font."""
    return _script_runs(piece)
