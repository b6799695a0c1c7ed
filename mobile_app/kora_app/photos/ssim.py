"""SSIM, the structural similarity of two images, with Pillow alone.

The phone cannot have scikit-image, and does without numpy (docs/mobile-dependencies.md), so this
is scikit-image's ``structural_similarity(a, b, channel_axis=2, data_range=255)`` (0.26, its
defaults) in Pillow's 32-bit float images: for each band, the means, variances and covariance over
7×7 windows (equal weights, sample (co)variance: ×49/48), K1 = 0.01, K2 = 0.03, the SSIM of each
window averaged, and the bands averaged.

One difference: scikit-image averages over every window position, one pixel apart; this averages
over the windows that tile the image, 7 pixels apart, which ``Image.reduce(7)`` gives in one pass
(1 window in 49: 13 ms of CPU for a 1280×960 photo here, against 290 ms for every window). 7 is
prime to JPEG's 8×8 blocks, so the tiles meet the blocks at every offset and the sample is not
biased towards their edges or their middles (a 4-pixel step is: it lands on the same offsets in
every block). On the nine bench photos at 1280 px and qualities 50-92 the two figures differ by at
most 0.0002, on the same photos at their own size (384-1000 px) by 0.0012;
``photos/tests/test_ssim.py`` holds this to scikit-image's figure within 0.005.

Values are centred on 128 before they are squared, so that float32 keeps the variances exact to
well below the K2 constant they are added to.
"""

from __future__ import annotations

from PIL import Image, ImageMath

WINDOW = 7
_SAMPLE_COVARIANCE = WINDOW * WINDOW / (WINDOW * WINDOW - 1)
_C1 = (0.01 * 255) ** 2
_C2 = (0.03 * 255) ** 2
_CENTRE = 128
_CENTRED = [float(value - _CENTRE) for value in range(256)]


def _centred(band: Image.Image) -> Image.Image:
    return band.point(_CENTRED, "F")


def _window_means(image: Image.Image) -> Image.Image:
    """The mean of each whole 7×7 tile, tiles starting at the top left corner."""
    width, height = image.size
    return image.reduce(WINDOW, box=(0, 0, width - width % WINDOW, height - height % WINDOW))


def _product(a: Image.Image, b: Image.Image) -> Image.Image:
    return ImageMath.lambda_eval(lambda v: v["a"] * v["b"], a=a, b=b)


def _mean(image: Image.Image) -> float:
    return image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))


class _ReferenceBand:
    """One band of the reference, its window means and variances computed once."""

    def __init__(self, band: Image.Image):
        self.centred = _centred(band)
        self.mean = _window_means(self.centred)
        self.variance = ImageMath.lambda_eval(
            lambda v: _SAMPLE_COVARIANCE * (v["squares"] - v["m"] * v["m"]),
            squares=_window_means(_product(self.centred, self.centred)), m=self.mean)

    def similarity(self, band: Image.Image) -> float:
        x = _centred(band)
        ssim_map = ImageMath.lambda_eval(
            lambda v: ((2 * (v["mx"] + _CENTRE) * (v["my"] + _CENTRE) + _C1)
                       * (2 * _SAMPLE_COVARIANCE * (v["xy"] - v["mx"] * v["my"]) + _C2))
            / (((v["mx"] + _CENTRE) * (v["mx"] + _CENTRE) + (v["my"] + _CENTRE) * (v["my"] + _CENTRE) + _C1)
               * (_SAMPLE_COVARIANCE * (v["xx"] - v["mx"] * v["mx"]) + v["vy"] + _C2)),
            mx=_window_means(x), xx=_window_means(_product(x, x)), xy=_window_means(_product(x, self.centred)),
            my=self.mean, vy=self.variance)
        return _mean(ssim_map)


class Reference:
    """An image to compare candidates against (the same picture encoded at other qualities): its
    window statistics are computed once."""

    def __init__(self, image: Image.Image):
        if image.mode not in ("RGB", "L"):
            raise ValueError(f"SSIM is taken of RGB or L images, not {image.mode}")
        if min(image.size) < WINDOW:
            raise ValueError(f"SSIM needs an image at least {WINDOW} pixels on each side, not {image.size}")
        self.size, self.mode = image.size, image.mode
        self._bands = [_ReferenceBand(band) for band in image.split()]

    def similarity(self, candidate: Image.Image) -> float:
        """The SSIM of ``candidate`` against this reference: 1.0 for the same pixels."""
        if candidate.size != self.size:
            raise ValueError(f"SSIM compares images of one size: {candidate.size} against {self.size}")
        bands = candidate.convert(self.mode).split()
        return sum(ref.similarity(band) for ref, band in zip(self._bands, bands)) / len(self._bands)


def structural_similarity(image: Image.Image, reference: Image.Image) -> float:
    return Reference(reference).similarity(image)
