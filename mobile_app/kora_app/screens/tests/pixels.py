"""Text rendered to pixels and looked at: ink, and whether a glyph's picture appears in it.

``contains_glyph`` finds a glyph (the dotted circle HarfBuzz puts in place of a missing base,
or a font's .notdef box) in a rendered line: the glyph is rendered alone at the same size and
slid along the line; it is there where nearly all its ink is covered by the line's ink.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageStat

INK_LEVEL = 96  # alpha above this counts as ink
COVERED = 0.97  # share of a glyph's ink that must be covered to say the glyph is there


def render(label_class, text: str, **options) -> Image.Image:
    """``text`` rendered by a Kivy core label class: its alpha channel, as a grey image."""
    label = label_class(text=text, **options)
    label.refresh()
    texture = label.texture
    image = Image.frombytes("RGBA", texture.size, texture.pixels)
    return image.getchannel("A")


def ink(image: Image.Image) -> Image.Image:
    """A 0/255 mask of the ink of a grey image (alpha, or darkness of dark-on-light text)."""
    return image.point(lambda v: 255 if v > INK_LEVEL else 0)


def ink_count(image: Image.Image) -> int:
    return int(ImageStat.Stat(ink(image)).sum[0] / 255)


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    return ink(image).getbbox()


def screen_ink(crop: Image.Image) -> Image.Image:
    """The text of a screenshot crop as a grey image, 255 where the text has full colour: its
    difference from the background (the crop's commonest colour), stretched to 0-255."""
    grey = crop.convert("L")
    background = max(range(256), key=grey.histogram().__getitem__)
    difference = ImageChops.difference(grey, Image.new("L", grey.size, background))
    strongest = difference.getextrema()[1] or 1
    return difference.point(lambda v: min(255, v * 255 // strongest))


def contains_glyph(line: Image.Image, glyph: Image.Image) -> bool:
    """Whether the ink of ``glyph`` (rendered alone at the same size) appears anywhere in ``line``."""
    line_ink, glyph_ink = ink(line), ink(glyph)
    box = glyph_ink.getbbox()
    if box is None:
        raise ValueError("the glyph has no ink")
    shape = glyph_ink.crop(box)
    width, height = shape.size
    total = ImageStat.Stat(shape).sum[0]
    shape_pixels = shape.load()
    # Only places where the line has ink under the glyph's first ink pixel are worth a look.
    ax, ay = next((x, y) for y in range(height) for x in range(width) if shape_pixels[x, y])
    line_pixels = line_ink.load()
    for y in range(line_ink.height - height + 1):
        for x in range(line_ink.width - width + 1):
            if not line_pixels[x + ax, y + ay]:
                continue
            window = line_ink.crop((x, y, x + width, y + height))
            if ImageStat.Stat(ImageChops.multiply(window, shape)).sum[0] >= COVERED * total:
                return True
    return False
