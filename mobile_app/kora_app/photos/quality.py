"""The JPEG quality each photo is kept at: the smallest on a ladder that keeps SSIM ≥ TARGET_SSIM.

One fixed quality cannot do: at quality 80 a portrait keeps SSIM 0.97 while a field of
stars, thousands of one-pixel points that 4:2:0 chroma and coarse quantisation smear, keeps
0.895; a sheet of paper keeps 0.99 at quality 50. Issue #10 asks for SSIM ≥ 0.95 for every photo
against the original scaled to the same size, which is what the phone holds before it encodes
(``sync.photos.upright_within``). So each photo is encoded at rungs of LADDER and compared with
those pixels (``photos/ssim.py``); a rung that reaches TARGET_SSIM, 0.005 above the issue's
floor, while the rung below it does not, is kept (the top rung if none reaches it).

The ladder climbs in bytes: 4:2:0 from quality 50 to 85, then 4:4:4 (full colour resolution,
what stars need) from 85 to 98. On the nine bench photos 4:4:4 at 85 is about the size of 4:2:0
at 90 with a better SSIM, so 4:2:0 stops at 85. The top rungs are for detail at the pixel: the
Hubble deep field scaled to 500 px keeps 0.944 at 95, 0.955 at 96 and 0.980 at 98 (100 would cost
2.7 times the bytes of 95). It starts at 50, a choice rather than a measurement: the bench's
paper and text photos would pass at 40 too, for 2 % fewer bytes of the nine, and a photo is the
inspection's evidence.

The rungs are searched by halving (4 or 5 encodings and comparisons for 15 rungs, where walking
up would take up to 15): SSIM rises with the rung almost everywhere (an image can dip by
0.01 between two neighbouring qualities), so halving finds a rung whose neighbour below falls
short, not always the lowest that reaches the target. What is kept has been measured either
way. Trials are encoded baseline (``encode_jpeg_quick``, same pixels), the kept photo once more,
progressive and optimised.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from ..sync.photos import encode_jpeg, encode_jpeg_quick
from .ssim import WINDOW, Reference

TARGET_SSIM = 0.955


@dataclass(frozen=True)
class Rung:
    quality: int
    subsampling: str


LADDER = (*(Rung(q, "4:2:0") for q in (50, 55, 60, 65, 70, 75, 80, 85)),
          *(Rung(q, "4:4:4") for q in (85, 88, 90, 92, 94, 96, 98)))


@dataclass(frozen=True)
class Choice:
    """The kept JPEG, the rung it was encoded at, its SSIM against the pixels it was made from
    (None for an image under 7 pixels on a side, which is kept at the top rung unmeasured), and the
    rungs tried."""

    data: bytes
    rung: Rung
    ssim: float | None
    tried: int


def choose(image: Image.Image, target: float = TARGET_SSIM) -> Choice:
    """``image`` (RGB or L, already at its kept size) as the smallest JPEG of LADDER whose SSIM
    against ``image`` reaches ``target``; the top rung if none does."""
    if min(image.size) < WINDOW:
        return Choice(encode_jpeg(image, LADDER[-1].quality, LADDER[-1].subsampling), LADDER[-1], None, 0)
    reference = Reference(image)
    measured: dict[int, float] = {}

    def similarity(index: int) -> float:
        if index not in measured:
            rung = LADDER[index]
            trial = encode_jpeg_quick(image, rung.quality, rung.subsampling)
            with Image.open(io.BytesIO(trial)) as decoded:
                measured[index] = reference.similarity(decoded.convert(image.mode))
        return measured[index]

    low, high = 0, len(LADDER) - 1
    while low < high:
        middle = (low + high) // 2
        if similarity(middle) >= target:
            high = middle
        else:
            low = middle + 1
    rung = LADDER[low]
    return Choice(encode_jpeg(image, rung.quality, rung.subsampling), rung, similarity(low), len(measured))
