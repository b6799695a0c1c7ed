"""The QR code of the verification page, as vector squares (ReportLab's own QR encoder)."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from services.notices.pdf.fonts import TIBETAN


def qr_drawing(value: str, size: float) -> Drawing:
    """A square drawing of ``size`` points holding the QR code of ``value`` (error level M)."""
    widget = QrCodeWidget(value, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    scale = [size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0]
    # The drawing's initial font would otherwise be Helvetica: listed in the PDF, not embedded.
    drawing = Drawing(size, size, transform=scale, initialFontName=TIBETAN)
    drawing.add(widget)
    return drawing
