import hashlib
import io

import pytest
from PIL import Image, UnidentifiedImageError

from mobile_app.kora_app.sync import photo_id, shrink_jpeg
from tests.support.sync_data import make_photo


def test_shrink_bounds_the_longer_side_and_drops_exif():
    big = Image.effect_noise((3000, 2000), 60).convert("RGB")
    raw = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the pixels must be turned, not the tag kept
    big.save(raw, "JPEG", quality=95, exif=exif.tobytes())
    small = shrink_jpeg(raw.getvalue(), max_dimension=1200, quality=70)
    with Image.open(io.BytesIO(small)) as image:
        assert image.format == "JPEG" and image.size == (800, 1200)
        assert not image.getexif()
    assert len(small) < len(raw.getvalue())


def test_png_in_jpeg_out_and_hash_names_the_result():
    png = make_photo(seed=2, size=(200, 100), kind="PNG")
    out = shrink_jpeg(png, max_dimension=100)
    with Image.open(io.BytesIO(out)) as image:
        assert image.format == "JPEG" and image.size == (100, 50)
    assert photo_id(out) == hashlib.sha256(out).hexdigest() != photo_id(png)


def test_refuses_nonsense():
    with pytest.raises(UnidentifiedImageError):
        shrink_jpeg(b"not an image")
    with pytest.raises(ValueError):
        shrink_jpeg(make_photo(), max_dimension=10)
