"""SSIM with Pillow alone agrees with scikit-image's structural_similarity (the bench's measure)."""

import io

import numpy as np
import pytest
from PIL import Image, ImageFilter
from skimage import data
from skimage.metrics import structural_similarity as scikit_ssim

from mobile_app.kora_app.photos.ssim import Reference, structural_similarity


def scikit(image: Image.Image, reference: Image.Image) -> float:
    a, b = np.asarray(image), np.asarray(reference)
    return float(scikit_ssim(a, b, channel_axis=2 if a.ndim == 3 else None, data_range=255))


def sample(name: str) -> Image.Image:
    return Image.fromarray(getattr(data, name)())


def jpeg(image: Image.Image, quality: int, subsampling: str = "4:2:0") -> Image.Image:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, subsampling=subsampling)
    return Image.open(io.BytesIO(out.getvalue())).convert(image.mode)


@pytest.mark.parametrize("name", ["astronaut", "coffee", "hubble_deep_field", "camera", "text"])
def test_ssim_agrees_with_scikit_image_within_0_005_from_coarse_jpeg_to_fine(name):
    reference = sample(name)
    compared = Reference(reference)
    for candidate in (jpeg(reference, 30), jpeg(reference, 80), jpeg(reference, 95, "4:4:4"),
                      reference.filter(ImageFilter.GaussianBlur(1.5))):
        expected = scikit(candidate, reference)
        assert compared.similarity(candidate) == pytest.approx(expected, abs=0.005)
    assert scikit(jpeg(reference, 30), reference) < scikit(jpeg(reference, 95, "4:4:4"), reference)


def test_the_same_picture_is_1_and_a_ruined_one_is_far_below():
    reference = sample("chelsea")
    ruined = reference.resize((45, 30)).resize(reference.size)
    assert structural_similarity(reference.copy(), reference) == pytest.approx(1.0, abs=1e-6)
    assert structural_similarity(ruined, reference) == pytest.approx(scikit(ruined, reference), abs=0.005)
    assert structural_similarity(ruined, reference) < 0.8


def test_images_of_other_sizes_or_too_small_are_refused():
    reference = sample("rocket")
    with pytest.raises(ValueError):
        Reference(reference).similarity(reference.resize((100, 100)))
    with pytest.raises(ValueError):
        Reference(Image.new("RGB", (6, 40)))
    with pytest.raises(ValueError):
        Reference(Image.new("RGBA", (40, 40)))
