"""A piece of text turned into glyph runs: Tibetan shaped by HarfBuzz, everything else by cmap.

Widths and offsets are in thousandths of the font size, so one shaping serves every size. Shaped
pieces are cached: a notice repeats the same syllables and characters, and a warm renderer
shapes each only once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import uharfbuzz

from services.notices.pdf.fonts import FontPair, ShapedTTFont
from services.notices.pdf.scripts import script_runs

_CACHE_LIMIT = 50_000
# Tibetan Machine Uni draws its letters small for their em: at the same size they would look
# a third smaller than the Chinese beside them.
TIBETAN_SCALE = 1.3
# Tibetan letters hang from their head line, high above the baseline they share with Chinese:
# lowered by this much (thousandths of the size), the two scripts' letters line up in the middle.
TIBETAN_RISE = -180


class MissingGlyph(ValueError):
    """Neither font can draw a character: the PDF would show an empty box (.notdef)."""


@dataclass(frozen=True)
class GlyphRun:
    font: str  # the registered font name
    chars: str  # what to show: real characters, or private-use ones standing for stack glyphs
    width: float  # thousandths of the font size
    # Per glyph (x advance, x offset, y offset) where they differ from the font's own advance
    # and no offset; None when the run can be shown as a plain string.
    positions: tuple[tuple[float, float, float], ...] | None = None
    scale: float = 1.0  # of the font size, for this run
    rise: float = 0.0  # baseline shift, thousandths of the size


@dataclass(frozen=True)
class ShapedPiece:
    source: str  # the text it was shaped from
    runs: tuple[GlyphRun, ...]
    width: float
    trailing_space: float  # width of the spaces at its end, which may hang past the margin


class Shaper:
    def __init__(self, fonts: FontPair):
        self.fonts = fonts
        self._cache: dict[str, ShapedPiece] = {}

    def shape(self, piece: str) -> ShapedPiece:
        shaped = self._cache.get(piece)
        if shaped is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            shaped = self._cache[piece] = self._shape(piece)
        return shaped

    def _shape(self, piece: str) -> ShapedPiece:
        runs: list[GlyphRun] = []
        for tibetan, text in script_runs(piece):
            if tibetan:
                runs.append(self._shape_tibetan(text))
            else:
                runs.extend(self._cmap_runs(text))
        spaces = len(piece) - len(piece.rstrip())
        trailing = 0.0
        if spaces and runs:
            font = self.fonts.by_name(runs[-1].font)
            trailing = spaces * _width(font, " ") * runs[-1].scale
        return ShapedPiece(piece, tuple(runs), sum(r.width for r in runs), trailing)

    def _shape_tibetan(self, text: str) -> GlyphRun:
        font = self.fonts.tibetan
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        uharfbuzz.shape(font.hb_font, buffer, {})
        scale = 1000 / font.units_per_em * TIBETAN_SCALE
        infos = buffer.glyph_infos
        starts = sorted({info.cluster for info in infos}) + [len(text)]
        ends = dict(itertools.pairwise(starts))
        chars, positions, plain = [], [], True
        for info, pos in zip(infos, buffer.glyph_positions, strict=True):
            cluster = text[info.cluster : ends[info.cluster]]
            if info.codepoint == 0:
                raise MissingGlyph(f"{font.fontName} has no glyph for {cluster!r}")
            char = font.char_for_glyph(info.codepoint, cluster)
            advance, dx, dy = pos.x_advance * scale, pos.x_offset * scale, pos.y_offset * scale
            own = _width(font, char) * TIBETAN_SCALE
            plain = plain and dx == 0 and dy == 0 and abs(advance - own) < 0.01
            chars.append(char)
            positions.append((advance, dx, dy))
        width = sum(p[0] for p in positions)
        return GlyphRun(
            font.fontName,
            "".join(chars),
            width,
            None if plain else tuple(positions),
            TIBETAN_SCALE,
            TIBETAN_RISE,
        )

    def _cmap_runs(self, text: str) -> list[GlyphRun]:
        runs: list[GlyphRun] = []
        current: ShapedTTFont | None = None
        chars = ""
        for char in text:
            font = current if char.isspace() and current else self._font_for(char)
            if font is not current and chars:
                runs.append(_plain_run(current, chars))
                chars = ""
            current = font
            chars += char
        if chars:
            runs.append(_plain_run(current, chars))
        return runs

    def _font_for(self, char: str) -> ShapedTTFont:
        latin, cjk = self.fonts.tibetan, self.fonts.cjk
        if latin.has_char(char) and not _fullwidth(char):
            return latin
        if cjk.has_char(char):
            return cjk
        if latin.has_char(char):
            return latin
        raise MissingGlyph(f"no font of the notice has a glyph for {char!r} (U+{ord(char):04X})")


def _fullwidth(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef"


def _width(font: ShapedTTFont, char: str) -> float:
    return font.face.getCharWidth(ord(char))


def _plain_run(font: ShapedTTFont, chars: str) -> GlyphRun:
    return GlyphRun(font.fontName, chars, sum(_width(font, c) for c in chars))
