import io
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from services.notices.pdf.qr import QrCode, qr_modules

URL = "https://kora.example.cn/v/540102-2026-0001"


def test_the_modules_form_a_square_with_finder_patterns():
    modules = qr_modules(URL)
    assert len(modules) >= 21 and all(len(row) == len(modules) for row in modules)
    assert modules[0][:7] == [True] * 7  # the top-left finder pattern's top edge


def test_the_drawn_code_decodes_to_the_address():
    out = io.BytesIO()
    canvas = Canvas(out)
    code = QrCode(URL, 30 * mm)
    assert code.wrap(500, 500) == (30 * mm, 30 * mm)
    code.drawOn(canvas, 100, 600)
    canvas.save()
    with tempfile.TemporaryDirectory() as tmp:
        pdf, png = Path(tmp) / "qr.pdf", Path(tmp) / "qr"
        pdf.write_bytes(out.getvalue())
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png], check=True)
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True, check=True
        ).stdout
    assert decoded.strip() == URL
