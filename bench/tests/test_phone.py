"""The phone benchmarks' pieces: natural photos, SSIM, the day with shrunk photos, percentiles."""

import io

from PIL import Image

from bench import phone_day, phone_photos, phone_store
from bench.workload import make_day
from services.common.schemas import schema_errors


def test_a_camera_original_is_12_megapixels_and_variants_are_different_files():
    image = phone_photos.sample_image("text")
    first, second = phone_photos.camera_original(image, 0), phone_photos.camera_original(image, 1)
    with Image.open(io.BytesIO(first)) as opened:
        assert opened.size == (4000, 3000)
    assert first != second


def test_ssim_is_one_for_the_same_picture_and_drops_for_a_ruined_one():
    original = phone_photos.camera_original(phone_photos.sample_image("page"))
    shrunk = phone_photos.measure_one("page")
    assert shrunk.size == (1280, 960) and shrunk.ssim >= phone_photos.SSIM_FLOOR  # a printed page stays readable
    assert abs(shrunk.ssim - shrunk.phone_ssim) < 0.005  # the phone's SSIM (Pillow alone) is the bench's
    assert shrunk.shrunk_bytes <= shrunk.fixed_quality_bytes and shrunk.cpu_ms > 0
    with Image.open(io.BytesIO(original)) as big:
        small = big.resize((1280, 960), Image.Resampling.LANCZOS)
    exact, ruined = io.BytesIO(), io.BytesIO()
    small.save(exact, "PNG")
    small.resize((64, 48)).resize((1280, 960)).save(ruined, "JPEG", quality=10)
    assert phone_photos.ssim(exact.getvalue(), original) > 0.999
    assert phone_photos.ssim(ruined.getvalue(), original) < 0.8


def test_the_natural_day_keeps_every_inspection_and_names_its_shrunk_photos():
    day = make_day(scale=1 / 12)
    natural, originals = phone_day.natural_day(day)
    doc = natural.inspections[0].doc
    assert schema_errors("inspection", doc) == []
    named = {p for a in doc["answers"].values() for p in a.get("photos", [])}
    assert named == set(natural.photos) and len(natural.photos) == len(day.photos)
    assert originals[0] > 5 * natural.photo_bytes
    assert {k: v for k, v in doc.items() if k != "answers"} == {
        k: v for k, v in day.inspections[0].doc.items() if k != "answers"}


def test_percentiles_of_a_known_sample():
    figures = phone_store._percentiles([float(n) for n in range(1, 101)])
    assert figures == {"median_ms": 50.5, "p95_ms": 95.0, "max_ms": 100.0, "samples": 100}
