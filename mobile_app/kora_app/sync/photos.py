"""Photos on the phone: named by SHA-256, shrunk before they travel."""

from __future__ import annotations

import hashlib
import io

DEFAULT_MAX_DIMENSION = 1600
DEFAULT_QUALITY = 80


def photo_id(data: bytes) -> str:
    """The name a photo travels and is stored under: the SHA-256 of its bytes, lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def shrink_jpeg(data: bytes, max_dimension: int = DEFAULT_MAX_DIMENSION, quality: int = DEFAULT_QUALITY) -> bytes:
    """A JPEG no larger than ``max_dimension`` on its longer side, re-encoded at ``quality``.

    The camera's orientation is applied to the pixels and the EXIF block (with its GPS position
    and device details) is dropped. A photo that is already a small enough JPEG, and would only
    grow by re-encoding, is returned unchanged. Call it once, when the photo is taken, and hash
    the result: the hash names the photo from then on.
    """
    from PIL import (  # imported here so that the client works without Pillow otherwise
        Image,
        ImageOps,
    )

    if not 64 <= max_dimension <= 10000 or not 10 <= quality <= 95:
        raise ValueError("max_dimension must be 64-10000 and quality 10-95")
    with Image.open(io.BytesIO(data)) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
