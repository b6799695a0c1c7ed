"""Is this really a photo? Pillow decides, within limits on bytes and pixels, before anything is stored."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from services.common.errors import KoraError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_SIDE = 8000
MAX_PIXELS = 25_000_000  # 6000 x 4000 decodes to about 75 MB; bigger is a bomb or an unshrunk photo
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def check_image(data: bytes) -> str:
    """The content type of a JPEG, PNG or WebP photo; ``not_an_image`` or ``photo_too_large`` otherwise.

    The format comes from the bytes, never from a file name: a PNG sent as .jpg passes, a text file
    does not. Dimensions are read from the header and checked before any pixel is decoded.
    """
    if len(data) > MAX_PHOTO_BYTES:
        raise KoraError("photo_too_large", f"the photo has {len(data)} bytes; at most {MAX_PHOTO_BYTES} are accepted")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                kind = image.format
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise KoraError(
                        "photo_too_large",
                        f"the photo is {width}x{height} pixels; at most {MAX_SIDE} a side and {MAX_PIXELS} in all",
                    )
                image.verify()
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                image.load()  # verify() skips most of a JPEG; decoding finds truncated or damaged data
    except KoraError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise KoraError("photo_too_large", "the photo decompresses to too many pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise KoraError("not_an_image", f"not a readable JPEG, PNG or WebP image ({type(exc).__name__})") from None
    if kind not in FORMATS:
        raise KoraError("not_an_image", f"{kind} images are not accepted; send JPEG, PNG or WebP")
    return FORMATS[kind]
