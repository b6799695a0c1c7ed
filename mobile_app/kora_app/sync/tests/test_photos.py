import hashlib
import io

import pytest
from PIL import Image, JpegImagePlugin, UnidentifiedImageError

from mobile_app.kora_app.sync import photo_id, shrink_jpeg
from mobile_app.kora_app.sync.photos import SUBSAMPLINGS, encode_jpeg, encode_jpeg_quick, upright_within
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


def test_the_quick_encoding_decodes_to_the_same_pixels_as_the_kept_one_and_4_4_4_keeps_colour():
    image = Image.effect_noise((300, 200), 60).convert("RGB")
    image.paste((250, 20, 20), (0, 0, 1, 200))  # one red column: 4:2:0 halves it into its neighbour
    for subsampling in SUBSAMPLINGS:
        kept, quick = encode_jpeg(image, 85, subsampling), encode_jpeg_quick(image, 85, subsampling)
        assert kept != quick
        with Image.open(io.BytesIO(kept)) as a, Image.open(io.BytesIO(quick)) as b:
            assert a.tobytes() == b.tobytes()
            assert JpegImagePlugin.get_sampling(a) == {"4:4:4": 0, "4:2:0": 2}[subsampling]
    with Image.open(io.BytesIO(encode_jpeg(image, 85, "4:4:4"))) as full, \
            Image.open(io.BytesIO(encode_jpeg(image, 85, "4:2:0"))) as halved:
        assert full.getpixel((0, 100))[0] > halved.getpixel((0, 100))[0]
    with pytest.raises(ValueError):
        encode_jpeg(image, 99)
    with pytest.raises(ValueError):
        encode_jpeg(image, 80, "4:1:1")


def test_upright_within_turns_and_scales_without_encoding():
    raw = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (400, 200), (10, 20, 30)).save(raw, "JPEG", exif=exif.tobytes())
    image = upright_within(raw.getvalue(), 100)
    assert image.size == (50, 100) and image.mode == "RGB"
