import io

import pytest
from PIL import Image

from services.common.errors import KoraError
from services.common.image_check import MAX_PHOTO_BYTES, check_image


def _encode(kind, size=(40, 30), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, 128).save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize("kind, content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_accepted_formats(kind, content_type):
    assert check_image(_encode(kind)) == content_type


@pytest.mark.parametrize("data, code", [
    (_encode("GIF", mode="P"), "not_an_image"),
    (_encode("BMP"), "not_an_image"),
    (b"%PDF-1.4 not a photo", "not_an_image"),
    (b"", "not_an_image"),
    (_encode("PNG", size=(9000, 10)), "photo_too_large"),
    (_encode("PNG", size=(6000, 6000), mode="1"), "photo_too_large"),  # 36 Mpx in a few kB
    (b"\xff" * (MAX_PHOTO_BYTES + 1), "photo_too_large"),
])
def test_refused(data, code):
    with pytest.raises(KoraError) as caught:
        check_image(data)
    assert caught.value.code == code
