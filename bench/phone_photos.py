"""Photo shrinking on the phone, measured on natural photographs scikit-image ships.

Each sample image (a person, a cat, coffee, a rocket, a motorcycle, a star field, a street
camera, a printed page and a line of text standing in for signs) is scaled up with Lanczos and
centre-cropped to 4000×3000 (12 MP) and saved as the camera would (JPEG quality 92): that is
"the original", what ODK Collect sends by default. The phone's pipeline
(``mobile_app.kora_app.photos.camera.shrink``: ≤1280 px, upright, EXIF stripped, quality 80)
then shrinks it. Figures per image: bytes before and after, the ratio, and the SSIM of the shrunk
photo against the original scaled to the same size (Lanczos). Upscaled samples are smoother than
a real 12 MP sensor's output, so their originals are smaller than a phone's (2-5 MB): the ratio
to ODK is, if anything, flattered towards ODK.
"""

from __future__ import annotations

import io
import statistics
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from mobile_app.kora_app.photos import camera

CAMERA_SIZE = (4000, 3000)
CAMERA_QUALITY = 92
SAMPLES = ("astronaut", "chelsea", "coffee", "rocket", "stereo_motorcycle", "hubble_deep_field", "camera",
           "page", "text")
SSIM_FLOOR = 0.95


def sample_image(name: str) -> Image.Image:
    from skimage import data

    pixels = getattr(data, name)()
    if name == "stereo_motorcycle":
        pixels = pixels[0]  # (left, right, disparity): the left photograph
    image = Image.fromarray(pixels)
    return image.convert("RGB")


def camera_original(image: Image.Image, variant: int = 0) -> bytes:
    """A 12 MP camera JPEG of ``image``; ``variant`` shifts the crop and mirrors, so that each
    photo of a day is a different file."""
    if variant % 2:
        image = ImageOps.mirror(image)
    width, height = CAMERA_SIZE
    scale = max(width / image.width, height / image.height) * (1 + 0.04 * (variant // 2))
    big = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    left = (big.width - width) // 2 + (variant * 37) % max(1, big.width - width + 1) // 2
    top = (big.height - height) // 2
    out = io.BytesIO()
    big.crop((left, top, left + width, top + height)).save(out, "JPEG", quality=CAMERA_QUALITY)
    return out.getvalue()


def ssim(shrunk: bytes, original: bytes) -> float:
    from skimage.metrics import structural_similarity

    with Image.open(io.BytesIO(shrunk)) as small, Image.open(io.BytesIO(original)) as big:
        reference = big.convert("RGB").resize(small.size, Image.Resampling.LANCZOS)
        a, b = np.asarray(small.convert("RGB")), np.asarray(reference)
    return float(structural_similarity(a, b, channel_axis=2, data_range=255))


@dataclass(frozen=True)
class Shrunk:
    name: str
    original_bytes: int
    shrunk_bytes: int
    size: tuple[int, int]
    ssim: float


def measure_one(name: str) -> Shrunk:
    original = camera_original(sample_image(name))
    kept = camera.shrink(original)
    with Image.open(io.BytesIO(kept)) as image:
        size = image.size
    return Shrunk(name, len(original), len(kept), size, ssim(kept, original))


def run() -> dict:
    shots = [measure_one(name) for name in SAMPLES]
    before = sum(s.original_bytes for s in shots)
    after = sum(s.shrunk_bytes for s in shots)
    return {
        "benchmark": "phone-photo-shrink",
        "pipeline": {"max_dimension": camera.MAX_DIMENSION, "quality": camera.QUALITY,
                     "original": f"{CAMERA_SIZE[0]}x{CAMERA_SIZE[1]} JPEG quality {CAMERA_QUALITY}"},
        "photos": [{"image": s.name, "original_bytes": s.original_bytes, "shrunk_bytes": s.shrunk_bytes,
                    "shrunk_size": list(s.size), "ratio_to_original": round(s.shrunk_bytes / s.original_bytes, 4),
                    "ssim": round(s.ssim, 4)} for s in shots],
        "total_original_bytes": before,
        "total_shrunk_bytes": after,
        "ratio_to_odk_default": round(after / before, 4),
        "ssim_min": round(min(s.ssim for s in shots), 4),
        "ssim_median": round(statistics.median(s.ssim for s in shots), 4),
        "ssim_floor": SSIM_FLOOR,
        "ssim_floor_held": min(s.ssim for s in shots) >= SSIM_FLOOR,
    }


def line(fig: dict) -> str:
    return (f"phone photos: {len(fig['photos'])} natural photos 12 MP -> {fig['pipeline']['max_dimension']} px: "
            f"{fig['total_original_bytes'] / 1e6:.1f} MB -> {fig['total_shrunk_bytes'] / 1e6:.2f} MB "
            f"(x{fig['ratio_to_odk_default']:.3f} of what ODK sends), SSIM min {fig['ssim_min']:.3f} "
            f"median {fig['ssim_median']:.3f}")
