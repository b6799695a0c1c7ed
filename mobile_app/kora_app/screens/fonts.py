"""The app's two fonts: where their files are, and their registration with Kivy.

- Tibetan: Tibetan Machine Uni (Debian's fonts-tibetan-machine), whose OpenType tables compose
  Tibetan stacks when HarfBuzz shapes the text as script ``Tibt``.
- Chinese (and digits, Latin, punctuation): Noto Sans CJK SC. Debian ships Noto CJK only as a
  collection (.ttc) whose first face is the Japanese one, and SDL2_ttf (so Kivy) opens only the
  first face of a collection: Japanese glyph forms (骨, 直) are wrong for Chinese. The Simplified
  Chinese face is taken out of the collection once, into a single-face .otf under a cache folder.

The Android package ships both files in ``bundled/`` beside this module (docs/app-text.md);
a desktop finds them in the Debian packages. Every system path is named here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TIBETAN_FONT = "KoraTibetan"
CHINESE_FONT = "KoraChinese"

# Tibetan Machine Uni's letters are small for their point size next to Noto CJK's ideographs: a
# Tibetan run is drawn this much bigger, so that both scripts read at the same size on one line.
TIBETAN_SCALE = 1.4

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
TIBETAN_FILE = "TibetanMachineUni.ttf"
CHINESE_FILE = "NotoSansCJKsc-Regular.otf"

SYSTEM_TIBETAN = Path("/usr/share/fonts/truetype/tibetan-machine") / TIBETAN_FILE
SYSTEM_CJK_COLLECTION = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE_NAME = "Noto Sans CJK SC"


class FontMissing(RuntimeError):
    """A font file the app needs is neither bundled nor installed."""


@dataclass(frozen=True)
class FontFiles:
    tibetan: Path
    chinese: Path


def find_font_files(cache_dir: Path) -> FontFiles:
    """The bundled files if they are there, else Debian's (the Chinese face taken out once)."""
    bundled = FontFiles(BUNDLED_DIR / TIBETAN_FILE, BUNDLED_DIR / CHINESE_FILE)
    if bundled.tibetan.is_file() and bundled.chinese.is_file():
        return bundled
    if not SYSTEM_TIBETAN.is_file():
        raise FontMissing(f"{SYSTEM_TIBETAN} is missing: install fonts-tibetan-machine")
    return FontFiles(SYSTEM_TIBETAN, chinese_face(cache_dir))


def chinese_face(cache_dir: Path) -> Path:
    """The Simplified Chinese face of Debian's Noto Sans CJK collection, as a single-face font."""
    target = cache_dir / CHINESE_FILE
    if target.is_file():
        return target
    if not SYSTEM_CJK_COLLECTION.is_file():
        raise FontMissing(f"{SYSTEM_CJK_COLLECTION} is missing: install fonts-noto-cjk")
    import logging

    from fontTools.ttLib import TTCollection

    # Kivy logs at its own level from the root logger down: fontTools' table-by-table trace of
    # the copy would fill the console on the first start.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    collection = TTCollection(str(SYSTEM_CJK_COLLECTION), lazy=True)
    faces = [f for f in collection.fonts if f["name"].getDebugName(1) == CJK_FACE_NAME]
    if not faces:
        raise FontMissing(f"{SYSTEM_CJK_COLLECTION} has no face named {CJK_FACE_NAME!r}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    faces[0].save(str(partial))
    partial.replace(target)
    return target


_registered: FontFiles | None = None


def register_fonts(cache_dir: Path) -> FontFiles:
    """Register both fonts with Kivy under TIBETAN_FONT and CHINESE_FONT (once per process)."""
    global _registered
    if _registered is None:
        from kivy.core.text import LabelBase

        files = find_font_files(cache_dir)
        LabelBase.register(TIBETAN_FONT, str(files.tibetan))
        LabelBase.register(CHINESE_FONT, str(files.chinese))
        _registered = files
    return _registered


def registered_fonts() -> FontFiles:
    if _registered is None:
        raise RuntimeError("register_fonts() has not been called")
    return _registered
