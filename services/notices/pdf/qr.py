"""The QR code of the verification page, drawn as vector squares (ReportLab's own QR encoder).

A flowable of its own rather than ReportLab's QrCodeWidget in a Drawing: the widget encodes the
value again each time it is measured or drawn, and encoding is most of its cost.
"""

from __future__ import annotations

import itertools

from reportlab.graphics.barcode import qrencoder
from reportlab.platypus import Flowable

QUIET_ZONE = 2  # modules of white around the code


def qr_modules(value: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR code of ``value``, error level M."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


class QrCode(Flowable):
    def __init__(self, value: str, size: float):
        super().__init__()
        self.value = value
        self.width = self.height = size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        modules = qr_modules(self.value)
        module = self.width / (len(modules) + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(modules):
            y = self.height - (r + QUIET_ZONE + 1) * module
            c = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    x = (c + QUIET_ZONE) * module
                    canvas.rect(x, y, count * module, module, stroke=0, fill=1)
                c += count
