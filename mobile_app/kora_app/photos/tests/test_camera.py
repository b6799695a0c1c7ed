"""A camera photo shrunk on the phone: ≤1280 px, upright, EXIF gone, named by its hash, kept durably."""

import hashlib
import io

import pytest
from PIL import Image

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.message import Message
from mobile_app.kora_app.photos import camera
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
