"""Each photo kept at the smallest rung of the ladder that keeps SSIM ≥ 0.955, measured as the bench does."""

import io
import random

import numpy as np
from PIL import Image
from skimage import data
from skimage.metrics import structural_similarity as scikit_ssim

from mobile_app.kora_app.photos import quality
from mobile_app.kora_app.photos.ssim import Reference
from mobile_app.kora_app.sync.photos import encode_jpeg


def decoded(jpeg: bytes) -> Image.Image:
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.convert("RGB")


def scikit(jpeg: bytes, reference: Image.Image) -> float:
    return float(scikit_ssim(np.asarray(decoded(jpeg)), np.asarray(reference), channel_axis=2, data_range=255))


def two_colours(size=(640, 480)) -> Image.Image:
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    return image


def stars(size=(640, 480), count=1000, seed=7) -> Image.Image:
    """One-pixel stars of every colour on a night sky: what 4:2:0 and coarse quantisation smear."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (8, 8, 20))
    for _ in range(count):
        image.putpixel((rng.randrange(size[0]), rng.randrange(size[1])),
                       (rng.randrange(60, 256), rng.randrange(60, 256), rng.randrange(60, 256)))
    return image


def test_the_ladder_climbs_from_4_2_0_at_50_to_4_4_4_at_98():
    assert quality.LADDER[0] == quality.Rung(50, "4:2:0") and quality.LADDER[-1] == quality.Rung(98, "4:4:4")
    assert [r.quality for r in quality.LADDER if r.subsampling == "4:2:0"] == sorted(
        r.quality for r in quality.LADDER if r.subsampling == "4:2:0")
    assert [r.quality for r in quality.LADDER if r.subsampling == "4:4:4"] == sorted(
        r.quality for r in quality.LADDER if r.subsampling == "4:4:4")


def test_a_plain_photo_is_kept_at_the_bottom_rung_smaller_than_at_quality_80():
    image = two_colours()
    choice = quality.choose(image)
    assert choice.rung == quality.LADDER[0] and choice.ssim >= quality.TARGET_SSIM
    assert len(choice.data) < len(encode_jpeg(image, 80))


def test_stars_climb_to_4_4_4_and_keep_ssim_0_95_by_scikit_image_where_quality_80_does_not():
    image = stars()
    choice = quality.choose(image)
    assert choice.rung.subsampling == "4:4:4" and choice.ssim >= quality.TARGET_SSIM
    assert scikit(choice.data, image) >= 0.95 > scikit(encode_jpeg(image, 80), image)
    below = quality.LADDER[quality.LADDER.index(choice.rung) - 1]
    assert Reference(image).similarity(decoded(encode_jpeg(image, below.quality, below.subsampling))) < 0.955


def test_a_natural_photo_at_its_full_sharpness_keeps_the_floor_by_scikit_image_with_few_trials():
    image = Image.fromarray(data.astronaut())
    choice = quality.choose(image)
    assert scikit(choice.data, image) >= 0.95
    assert abs(scikit(choice.data, image) - choice.ssim) < 0.005
    assert choice.tried <= 5
    assert decoded(choice.data).size == image.size


def test_a_photo_no_rung_can_keep_gets_the_top_rung_and_its_measured_ssim():
    image = stars(count=3000)
    choice = quality.choose(image, target=0.999)
    assert choice.rung == quality.LADDER[-1] and choice.ssim < 0.999


def test_a_grey_image_and_a_tiny_one():
    grey = Image.fromarray(data.camera())
    choice = quality.choose(grey)
    with Image.open(io.BytesIO(choice.data)) as kept:
        assert kept.mode == "L"
    assert choice.ssim >= quality.TARGET_SSIM
    tiny = quality.choose(Image.new("RGB", (5, 5), (10, 200, 10)))
    assert tiny.rung == quality.LADDER[-1] and tiny.ssim is None and tiny.tried == 0
