"""A camera photo shrunk on the phone: ≤1280 px, upright, EXIF gone, named by its hash, kept durably."""

import hashlib
import io
import random

import numpy as np
import pytest
from PIL import Image
from skimage.metrics import structural_similarity

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.message import Message
from mobile_app.kora_app.photos import camera, quality
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.errors import DiskFull, NotFound, PhotoMissing


def camera_jpeg(size=(4000, 3000), orientation=6) -> bytes:
    """A 12 MP photo whose sensor image is red on the left, blue on the right, taken with the phone
    turned (EXIF orientation 6: show it turned 90° clockwise), with the maker and a GPS position."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (29.0, 39.0, 1.0)  # GPSLatitude
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def starry_camera_jpeg() -> bytes:
    """A 12 MP photo of a night sky: 8000 stars of every colour, each about three pixels across."""
    rng = random.Random(3)
    sky = Image.new("RGB", (1280, 960), (8, 8, 20))
    for _ in range(8000):
        sky.putpixel((rng.randrange(1280), rng.randrange(960)),
                     (rng.randrange(60, 256), rng.randrange(60, 256), rng.randrange(60, 256)))
    out = io.BytesIO()
    sky.resize((4000, 3000), Image.Resampling.NEAREST).save(out, "JPEG", quality=92)
    return out.getvalue()


def ssim_against_original(kept: bytes, raw: bytes) -> float:
    """The bench's measure: against the original scaled to the same size (Lanczos), by scikit-image."""
    with Image.open(io.BytesIO(kept)) as small, Image.open(io.BytesIO(raw)) as big:
        reference = big.convert("RGB").resize(small.size, Image.Resampling.LANCZOS)
        return structural_similarity(np.asarray(small.convert("RGB")), np.asarray(reference), channel_axis=2,
                                     data_range=255)


@pytest.fixture
def draft(store):
    inspection = inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                                   template_version=1, inspector="dolma", now=NOW)
    inspections.set_answer(store, inspection, "item-01", "no", NOW)
    return inspection


def test_a_12_megapixel_photo_is_shrunk_upright_without_exif_and_named_by_its_hash(store, draft):
    raw = camera_jpeg()
    sha256 = camera.take(store, draft, "item-01", raw, NOW)
    kept = camera.read(store, sha256)
    assert hashlib.sha256(kept).hexdigest() == sha256
    assert inspections.answers(store, draft)["item-01"]["photos"] == [sha256]
    with Image.open(io.BytesIO(kept)) as shrunk:
        assert shrunk.format == "JPEG" and shrunk.size == (960, 1280)  # turned upright, long side 1280
        assert len(shrunk.getexif()) == 0 and b"PhoneMaker" not in kept
        top, bottom = shrunk.getpixel((480, 100)), shrunk.getpixel((480, 1180))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # the left of the sensor is now the top
    assert len(kept) < len(raw) / 3


def test_each_photo_gets_its_own_quality_plain_walls_the_lowest_stars_4_4_4_and_both_keep_ssim_0_95():
    plain, starry = camera_jpeg(orientation=1), starry_camera_jpeg()
    low, high = camera.shrink_choosing(plain), camera.shrink_choosing(starry)
    assert low.rung == quality.LADDER[0]
    assert high.rung.subsampling == "4:4:4" and high.rung.quality > 80
    for choice, raw in ((low, plain), (high, starry)):
        assert choice.ssim >= quality.TARGET_SSIM
        assert ssim_against_original(choice.data, raw) >= 0.95
    assert camera.shrink(starry) == high.data  # the same bytes, hence the same name, every time


def test_a_photo_for_an_unanswered_item_is_refused_and_leaves_no_file(store, draft):
    with pytest.raises(NotFound):
        camera.take(store, draft, "item-02", camera_jpeg((800, 600), 1), NOW)
    assert list(store.photos_dir.iterdir()) == []


def test_a_photo_file_gone_missing_is_a_clear_error(store, draft):
    sha256 = camera.take(store, draft, "item-01", camera_jpeg((800, 600), 1), NOW)
    camera.path_for(store, sha256).unlink()
    with pytest.raises(PhotoMissing) as caught:
        camera.read(store, sha256)
    assert caught.value.sha256 == sha256 and caught.value.message == Message("error:photo_missing")
    assert camera.missing(store, [sha256]) == [sha256]


def test_a_full_disk_while_recording_a_photo_removes_its_file_and_keeps_the_answer(store, draft):
    store.connection.execute(f"PRAGMA max_page_count = {store.value('PRAGMA page_count')}")
    with pytest.raises(DiskFull):
        for n in range(50):
            camera.take(store, draft, "item-01", camera_jpeg((640 + n, 480), 1), NOW)
    named = {r["path"] for r in store.rows("SELECT path FROM photos")}
    assert {p.name for p in store.photos_dir.iterdir()} == named
    assert inspections.answers(store, draft)["item-01"]["value"] == "no"
