"""Photos on the phone: named by SHA-256, shrunk before they travel."""

from __future__ import annotations

import hashlib
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_MAX_DIMENSION = 1600
DEFAULT_QUALITY = 80
SUBSAMPLINGS = ("4:2:0", "4:4:4")


def photo_id(data: bytes) -> str:
    """The name a photo travels and is stored under: the SHA-256 of its bytes, lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def shrink_jpeg(data: bytes, max_dimension: int = DEFAULT_MAX_DIMENSION, quality: int = DEFAULT_QUALITY) -> bytes:
    """A JPEG no larger than ``max_dimension`` on its longer side, re-encoded at ``quality``.

    The camera's orientation is applied to the pixels and the EXIF block (with its GPS position
    and device details) is dropped. Call it once, when the photo is taken, and hash the result:
    the hash names the photo from then on.
    """
    return encode_jpeg(upright_within(data, max_dimension), quality)


def upright_within(data: bytes, max_dimension: int) -> Image:
    """The pixels of an image file turned upright from its EXIF orientation and scaled down (Lanczos)
    to at most ``max_dimension`` on the longer side, in RGB (or L for a grey image), without EXIF."""
    from PIL import (  # imported here so that the client works without Pillow otherwise
        Image,
        ImageOps,
    )

    if not 64 <= max_dimension <= 10000:
        raise ValueError("max_dimension must be 64-10000")
    with Image.open(io.BytesIO(data)) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    return image


def encode_jpeg(image: Image, quality: int, subsampling: str = "4:2:0") -> bytes:
    """``image`` as a progressive, Huffman-optimised JPEG at ``quality`` with chroma ``subsampling``
    (4:2:0 halves the colour resolution both ways; 4:4:4 keeps it). Neither option changes the
    decoded pixels, only the bytes: ``encode_jpeg_quick`` decodes to the same image."""
    return _encode(image, quality, subsampling, optimize=True, progressive=True)


def encode_jpeg_quick(image: Image, quality: int, subsampling: str = "4:2:0") -> bytes:
    """As ``encode_jpeg`` but baseline and with the standard Huffman tables: several times faster, a
    few per cent larger. For trying qualities; keep ``encode_jpeg``'s bytes."""
    return _encode(image, quality, subsampling, optimize=False, progressive=False)


def _encode(image: Image, quality: int, subsampling: str, optimize: bool, progressive: bool) -> bytes:
    if not 10 <= quality <= 98 or subsampling not in SUBSAMPLINGS:
        raise ValueError(f"quality must be 10-98 and subsampling one of {', '.join(SUBSAMPLINGS)}")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, subsampling=subsampling, optimize=optimize, progressive=progressive)
    return out.getvalue()
