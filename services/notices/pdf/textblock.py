"""A flowable of plain text in Tibetan, Chinese or both, laid out and drawn glyph by glyph.

No mini-HTML: ReportLab's Paragraph parses ``<b>`` and ``&amp;`` in its text, so a venue called
``<b>`` would turn bold, and one called ``a & b`` would fail. Here text is only ever text.

Lines break only between the pieces of ``scripts.pieces``; a piece wider than the line is cut
into stacks or characters. A line's height follows its scripts: Tibetan stacks reach far below
the baseline, so a line with Tibetan is taller than a Chinese one.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable

from services.notices.pdf.fonts import TIBETAN
from services.notices.pdf.scripts import clean, pieces, split_wide
from services.notices.pdf.shaping import ShapedPiece, Shaper

# Space above and below the baseline, in font sizes: for a line with Tibetan (its vowel signs
# above, its stacks far below) and for a line of Chinese and Latin only.
TIBETAN_ABOVE, TIBETAN_BELOW = 0.97, 0.93
OTHER_ABOVE, OTHER_BELOW = 0.92, 0.3
LINE_GAP = 0.12


@dataclass(frozen=True)
class Style:
    size: float = 9.0
    align: str = "left"  # left, center or right
    color: Color = black


@dataclass
class Line:
    pieces: list[ShapedPiece]
    above: float  # points
    below: float
    width: float  # points, without the spaces at its end


def layout(shaper: Shaper, text: str, size: float, width: float) -> list[Line]:
    """The lines of a text at a size in a width (points); a newline always starts a new line."""
    limit = width * 1000 / size
    lines: list[Line] = []
    for paragraph in clean(text).split("\n"):
        current: list[ShapedPiece] = []
        used = 0.0
        for piece in _fitting_pieces(shaper, paragraph, limit):
            if current and used + piece.width - piece.trailing_space > limit:
                lines.append(_line(current, size))
                current, used = [], 0.0
            current.append(piece)
            used += piece.width
        lines.append(_line(current, size))
    return lines


def _fitting_pieces(shaper: Shaper, paragraph: str, limit: float):
    for text in pieces(paragraph):
        shaped = shaper.shape(text)
        if shaped.width - shaped.trailing_space <= limit:
            yield shaped
        else:
            yield from (shaper.shape(part) for part in split_wide(text))


def _line(shaped: list[ShapedPiece], size: float) -> Line:
    tibetan = any(run.font == TIBETAN and run.rise for piece in shaped for run in piece.runs)
    above = (TIBETAN_ABOVE if tibetan else OTHER_ABOVE) * size
    below = ((TIBETAN_BELOW if tibetan else OTHER_BELOW) + LINE_GAP) * size
    width = sum(p.width for p in shaped) - (shaped[-1].trailing_space if shaped else 0)
    return Line(shaped, above, below, width * size / 1000)


class TextBlock(Flowable):
    def __init__(self, shaper: Shaper, text: str, style: Style = Style()):
        super().__init__()
        self.shaper = shaper
        self.text = text
        self.style = style
        self.lines: list[Line] = []
        self._laid_width: float | None = None

    def wrap(self, avail_width, avail_height):
        if self._laid_width != avail_width:
            self.lines = layout(self.shaper, self.text, self.style.size, avail_width)
            self._laid_width = avail_width
        self.width = avail_width
        self.height = sum(line.above + line.below for line in self.lines)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        used, count = 0.0, 0
        for line in self.lines:
            if used + line.above + line.below > avail_height:
                break
            used += line.above + line.below
            count += 1
        if count == 0 or count == len(self.lines):
            return []
        return [self._with_lines(self.lines[:count]), self._with_lines(self.lines[count:])]

    def _with_lines(self, lines: list[Line]) -> TextBlock:
        """A block of some of these lines: laid out again at the same width, it breaks the same."""
        text = "\n".join("".join(p.source for p in line.pieces) for line in lines)
        block = TextBlock(self.shaper, text, self.style)
        block.lines, block._laid_width = lines, self._laid_width
        return block

    def draw(self):
        canvas, size = self.canv, self.style.size
        text = canvas.beginText()
        text.setFillColor(self.style.color)
        y = self.height
        for line in self.lines:
            y -= line.above
            x = {"left": 0, "center": (self.width - line.width) / 2}.get(
                self.style.align, self.width - line.width
            )
            _draw_line(text, line, x, y, size)
            y -= line.below
        canvas.drawText(text)


def _draw_line(text, line: Line, x: float, y: float, size: float) -> None:
    """Consecutive plain runs of one font go out as one string: fewer, larger text operators."""
    scale = size / 1000
    text.setTextOrigin(x, y)
    current = (None, 1.0, 0.0)
    pending = ""
    for piece in line.pieces:
        for run in piece.runs:
            base = y + run.rise * scale
            if (run.font, run.scale, run.rise) != current:
                if pending:
                    text.textOut(pending)
                    pending = ""
                text.setFont(run.font, size * run.scale)
                if run.rise != current[2]:
                    text.setTextOrigin(x, base)
                current = (run.font, run.scale, run.rise)
            if run.positions is None:
                pending += run.chars
                x += run.width * scale
                continue
            if pending:
                text.textOut(pending)
                pending = ""
            for char, (advance, dx, dy) in zip(run.chars, run.positions, strict=True):
                text.setTextOrigin(x + dx * scale, base + dy * scale)
                text.textOut(char)
                x += advance * scale
            text.setTextOrigin(x, base)
    if pending:
        text.textOut(pending)
