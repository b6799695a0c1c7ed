"""The two fonts of a notice, found through fontconfig, loaded once, embedded as subsets.

Tibetan Machine Uni (Debian fonts-tibetan-machine) draws Tibetan and also Latin letters and digits;
Droid Sans Fallback (fonts-droid-fallback, one face in a .ttf: ReportLab refuses Noto CJK's .ttc
collections) draws Chinese. ``KORA_FONT_TIBETAN`` and ``KORA_FONT_CJK`` may name other files.

HarfBuzz turns a Tibetan stack into one glyph that the font's cmap does not reach. ReportLab
embeds fonts by character, so such a glyph gets a private-use code point (U+E000…); by default
ReportLab's ToUnicode map then says U+E000 and copying the text out gives garbage.
``ShapedTTFont`` writes the real text instead: Tibetan Machine Uni names its stack glyphs after
the characters they draw (``uni0F660F920FB2`` is སྒྲ), so ``pdftotext`` gives back Tibetan.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

TIBETAN = "KoraTibetan"
CJK = "KoraCJK"
FAMILIES = {TIBETAN: "Tibetan Machine Uni", CJK: "Droid Sans Fallback"}
ENVIRONMENT = {TIBETAN: "KORA_FONT_TIBETAN", CJK: "KORA_FONT_CJK"}
PRIVATE_USE = range(0xE000, 0xF8FF + 1)
_GLYPH_NAME = re.compile(r"^uni((?:[0-9A-F]{4})+)(?:\..*)?\Z")


class FontMissing(RuntimeError):
    pass


def font_file(name: str) -> str:
    """The file of a font: from its environment variable, else fontconfig's file of the family."""
    if path := os.environ.get(ENVIRONMENT[name]):
        return path
    family = FAMILIES[name]
    answer = subprocess.run(
        ["fc-list", f":family={family}", "file"], capture_output=True, text=True, check=False
    )
    files = sorted(
        line.split(":")[0].strip() for line in answer.stdout.splitlines() if line.strip()
    )
    if not files:
        raise FontMissing(f"no font of the family {family!r}: see deploy/debian-packages.txt")
    return files[0]


def text_of_glyph_name(name: str) -> str | None:
    """The characters a glyph named after the AGL convention draws: uni0F400FB1 is ཀྱ."""
    match = _GLYPH_NAME.match(name)
    if not match:
        return None
    hexes = match.group(1)
    return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))


def to_unicode_cmap(font_name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap of a subset; a private-use code stands for the text of its glyph."""
    entries = []
    for code, char in enumerate(subset):
        text = texts.get(char, chr(char))
        entries.append(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) /Supplement 0 >> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class ShapedTTFont(TTFont):
    """A TrueType font that HarfBuzz shapes, whose stack glyphs copy out as their characters.

    Not thread-safe: giving a stack glyph its code point changes the shared font face. One
    renderer per thread or process.
    """

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename, shapable=False)  # we shape, not ReportLab's Paragraph
        self.hb_face = uharfbuzz.Face(uharfbuzz.Blob(self.face._ttf_data))
        self.hb_font = uharfbuzz.Font(self.hb_face)
        self.units_per_em = self.hb_face.upem
        self.private_texts: dict[int, str] = {}
        self._private_by_glyph: dict[int, int] = {}
        self._next_private = PRIVATE_USE.start

    def has_char(self, char: str) -> bool:
        return ord(char) in self.face.charToGlyph

    def char_for_glyph(self, glyph: int, cluster_text: str) -> str:
        """A character that shows this glyph: its own, or a private-use one given to it now."""
        chars = self.face.glyphToChar.get(glyph)
        if chars:
            if chars[0] in PRIVATE_USE and chars[0] not in self.private_texts:
                # The font's own cmap gives some stacks private-use code points (the old Tibetan
                # Machine encoding): those too copy out as the characters of the glyph's name.
                name = self.hb_font.glyph_to_string(glyph)
                self.private_texts[chars[0]] = text_of_glyph_name(name) or cluster_text
            return chr(chars[0])
        if glyph in self._private_by_glyph:
            return chr(self._private_by_glyph[glyph])
        code = self._next_private
        while code in self.face.charToGlyph:
            code += 1
        if code not in PRIVATE_USE:
            raise RuntimeError(f"{self.fontName}: no private-use code point left")
        self._next_private = code + 1
        name = self.hb_font.glyph_to_string(glyph)
        self.private_texts[code] = text_of_glyph_name(name) or cluster_text
        self._private_by_glyph[glyph] = code
        self.face.charToGlyph[code] = glyph
        self.face.glyphToChar.setdefault(glyph, []).append(code)
        advance = self.hb_font.get_glyph_h_advance(glyph)
        self.face.charWidths[code] = advance * 1000 / self.units_per_em
        return chr(code)

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            base_name = base.decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base_name]
            stream.content = to_unicode_cmap(base_name, subset, self.private_texts)


@dataclass(frozen=True)
class FontPair:
    tibetan: ShapedTTFont
    cjk: ShapedTTFont

    def by_name(self, name: str) -> ShapedTTFont:
        return self.tibetan if name == self.tibetan.fontName else self.cjk


@lru_cache(maxsize=1)
def load_fonts() -> FontPair:
    """Both fonts, registered with ReportLab once per process."""
    fonts = FontPair(
        tibetan=ShapedTTFont(TIBETAN, font_file(TIBETAN)), cjk=ShapedTTFont(CJK, font_file(CJK))
    )
    pdfmetrics.registerFont(fonts.tibetan)
    pdfmetrics.registerFont(fonts.cjk)
    return fonts
