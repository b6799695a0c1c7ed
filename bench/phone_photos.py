"""Photo shrinking on the phone, measured on natural photographs scikit-image ships.

Each sample image (a person, a cat, coffee, a rocket, a motorcycle, a star field, a street
camera, a printed page and a line of text standing in for signs) is scaled up with Lanczos and
centre-cropped to 4000×3000 (12 MP) and saved as the camera would (JPEG quality 92): that is
"the original", what ODK Collect sends by default. The phone's pipeline
(``mobile_app.kora_app.photos.camera.shrink_choosing``: ≤1280 px, upright, EXIF stripped, the
lowest quality on its ladder that keeps SSIM ≥ 0.955) then shrinks it. Figures per image: the
rung chosen, bytes before and after, the ratio, the SSIM of the shrunk photo against the original
scaled to the same size (Lanczos, scikit-image) and the phone's own figure, the time to shrink
(the median of REPEATS, CPU and wall) and, for comparison, the bytes and time at the former fixed
quality 80.

Upscaled samples are smoother than a real 12 MP sensor's output, so their originals are smaller
than a phone's (2-5 MB): the ratio to ODK is, if anything, flattered towards ODK. They are also
easier to keep than a real photo scaled down to 1280 px, which is sharp to the pixel, so the
same nine at their own resolution (``sharp``: no scaling, saved at quality 92) are measured too.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from PIL import Image, ImageOps

from mobile_app.kora_app.photos import camera, quality
from mobile_app.kora_app.sync.photos import shrink_jpeg

CAMERA_SIZE = (4000, 3000)
CAMERA_QUALITY = 92
SAMPLES = ("astronaut", "chelsea", "coffee", "rocket", "stereo_motorcycle", "hubble_deep_field", "camera",
           "page", "text")
SSIM_FLOOR = 0.95
FIXED_QUALITY = 80  # the pipeline's quality before issue #10, for comparison
REPEATS = 3
T = TypeVar("T")


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


def sharp_original(image: Image.Image) -> bytes:
    """``image`` at its own resolution (at most 1280 px: the phone does not scale it), as a camera JPEG."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=CAMERA_QUALITY)
    return out.getvalue()


def _timed(shrink: Callable[[], T]) -> tuple[T, float, float]:
    """``shrink()``'s result and the median CPU and wall milliseconds of REPEATS calls."""
    cpu, wall = [], []
    for _ in range(REPEATS):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = shrink()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    return result, statistics.median(cpu), statistics.median(wall)


@dataclass(frozen=True)
class Shrunk:
    name: str
    original_bytes: int
    shrunk_bytes: int
    size: tuple[int, int]
    quality: int
    subsampling: str
    ssim: float
    phone_ssim: float | None
    tried: int
    cpu_ms: float
    wall_ms: float
    fixed_quality_bytes: int
    fixed_quality_ssim: float
    fixed_quality_cpu_ms: float


def measure_one(name: str, original: bytes | None = None) -> Shrunk:
    original = camera_original(sample_image(name)) if original is None else original
    choice, cpu_ms, wall_ms = _timed(lambda: camera.shrink_choosing(original))
    fixed, fixed_cpu_ms, _ = _timed(lambda: shrink_jpeg(original, camera.MAX_DIMENSION, FIXED_QUALITY))
    with Image.open(io.BytesIO(choice.data)) as image:
        size = image.size
    return Shrunk(name, len(original), len(choice.data), size, choice.rung.quality, choice.rung.subsampling,
                  ssim(choice.data, original), choice.ssim, choice.tried, cpu_ms, wall_ms,
                  len(fixed), ssim(fixed, original), fixed_cpu_ms)


def _summary(shots: list[Shrunk]) -> dict:
    before = sum(s.original_bytes for s in shots)
    after = sum(s.shrunk_bytes for s in shots)
    fixed = sum(s.fixed_quality_bytes for s in shots)
    return {
        "photos": [{"image": s.name, "original_bytes": s.original_bytes, "shrunk_bytes": s.shrunk_bytes,
                    "shrunk_size": list(s.size), "quality": s.quality, "subsampling": s.subsampling,
                    "ratio_to_original": round(s.shrunk_bytes / s.original_bytes, 4), "ssim": round(s.ssim, 4),
                    "phone_ssim": None if s.phone_ssim is None else round(s.phone_ssim, 4), "rungs_tried": s.tried,
                    "shrink_cpu_ms": round(s.cpu_ms), "shrink_wall_ms": round(s.wall_ms),
                    "fixed_quality_80": {"bytes": s.fixed_quality_bytes, "ssim": round(s.fixed_quality_ssim, 4),
                                         "shrink_cpu_ms": round(s.fixed_quality_cpu_ms)}}
                   for s in shots],
        "total_original_bytes": before,
        "total_shrunk_bytes": after,
        "ratio_to_odk_default": round(after / before, 4),
        "total_fixed_quality_80_bytes": fixed,
        "ratio_to_fixed_quality_80": round(after / fixed, 4),
        "ssim_min": round(min(s.ssim for s in shots), 4),
        "ssim_median": round(statistics.median(s.ssim for s in shots), 4),
        "fixed_quality_80_ssim_min": round(min(s.fixed_quality_ssim for s in shots), 4),
        "ssim_floor_held": min(s.ssim for s in shots) >= SSIM_FLOOR,
        "max_phone_to_scikit_ssim_difference": round(
            max(abs(s.ssim - s.phone_ssim) for s in shots if s.phone_ssim is not None), 5),
        "shrink_cpu_ms_median": round(statistics.median(s.cpu_ms for s in shots)),
        "shrink_cpu_ms_max": round(max(s.cpu_ms for s in shots)),
        "shrink_wall_ms_median": round(statistics.median(s.wall_ms for s in shots)),
        "fixed_quality_80_cpu_ms_median": round(statistics.median(s.fixed_quality_cpu_ms for s in shots)),
    }


def run() -> dict:
    upscaled = _summary([measure_one(name) for name in SAMPLES])
    sharp = _summary([measure_one(name, sharp_original(sample_image(name))) for name in SAMPLES])
    return {
        "benchmark": "phone-photo-shrink",
        "pipeline": {"max_dimension": camera.MAX_DIMENSION, "target_ssim": quality.TARGET_SSIM,
                     "ladder": [f"{r.quality} {r.subsampling}" for r in quality.LADDER],
                     "original": f"{CAMERA_SIZE[0]}x{CAMERA_SIZE[1]} JPEG quality {CAMERA_QUALITY}",
                     "timing": f"median of {REPEATS} shrinks of each photo, CPU (process) and wall; "
                               f"load average at start {os.getloadavg()[0]:.1f}"},
        "ssim_floor": SSIM_FLOOR,
        **upscaled,
        "sharp": {"original": f"the sample at its own size, JPEG quality {CAMERA_QUALITY}", **sharp},
    }


def line(fig: dict) -> str:
    sharp = fig["sharp"]
    return (f"phone photos: {len(fig['photos'])} natural photos 12 MP -> {fig['pipeline']['max_dimension']} px: "
            f"{fig['total_original_bytes'] / 1e6:.1f} MB -> {fig['total_shrunk_bytes'] / 1e6:.2f} MB "
            f"(x{fig['ratio_to_odk_default']:.3f} of what ODK sends, x{fig['ratio_to_fixed_quality_80']:.3f} of "
            f"quality 80), SSIM min {fig['ssim_min']:.3f} median {fig['ssim_median']:.3f}, "
            f"{fig['shrink_cpu_ms_median']} ms CPU per photo (quality 80: {fig['fixed_quality_80_cpu_ms_median']}); "
            f"sharp: x{sharp['ratio_to_fixed_quality_80']:.3f} of quality 80, SSIM min {sharp['ssim_min']:.3f}")
