"""What poppler-utils say of a PDF: its text, its fonts, its pages."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import tempfile
import zlib
from pathlib import Path

from fontTools.ttLib import TTFont


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def text(pdf: bytes) -> str:
    return _run("pdftotext", pdf, "-enc", "UTF-8")


def flat_text(pdf: bytes) -> str:
    """The text with no white space: lines broken anywhere still match."""
    return "".join(text(pdf).split())


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """One dict per font: name, type, emb, sub, uni (yes or no)."""
    out = []
    for line in _run("pdffonts", pdf).splitlines()[2:]:
        parts = line.split()
        emb, sub, uni = parts[-5:-2]
        out.append(
            {"name": parts[0], "type": " ".join(parts[1:-6]), "emb": emb, "sub": sub, "uni": uni}
        )
    return out


def pages(pdf: bytes) -> int:
    info = _run("pdfinfo", pdf)
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


# What the pages draw, read from the PDF's own bytes (ReportLab's uncompressed object syntax).
_OBJECT = re.compile(rb"(\d+) 0 obj\r?\n(.*?)endobj", re.DOTALL)
_SHOW = re.compile(rb"/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.DOTALL)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_NAMED_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}


def _stream(body: bytes) -> bytes:
    head, _, rest = body.partition(b"stream")
    data = rest[: rest.rindex(b"endstream")].strip(b"\r\n")
    if b"ASCII85Decode" in head:
        data = base64.a85decode(data.strip(), adobe=True)
    return zlib.decompress(data) if b"FlateDecode" in head else data


def _ref(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    return int(match.group(1)) if match else None


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _NAMED_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, literal)


def drawn_notdefs(pdf: bytes) -> list[tuple[str, int]]:
    """(font, code) of every character the pages draw with no glyph of its own: the embedded
    subset's glyph 0 (.notdef, an empty box) or ReportLab's code for a character the font lacks.
    Read from the content streams, the embedded subsets' cmaps and the ToUnicode maps."""
    objects = _objects(pdf)
    glyph_of: dict[str, dict[int, int]] = {}
    resources = next(b for b in objects.values() if re.match(rb"\s*<<\s*/F\d", b))
    for name, number in re.findall(rb"/(\S+) (\d+) 0 R", resources):
        body = objects[int(number)]
        if _ref(body, b"FontDescriptor") is None:
            continue  # a standard font, not embedded: see fonts()
        descriptor = objects[_ref(body, b"FontDescriptor")]
        font = TTFont(io.BytesIO(_stream(objects[_ref(descriptor, b"FontFile2")])))
        cmap = font["cmap"].tables[0].cmap
        glyphs = {code: font.getGlyphID(g) for code, g in cmap.items()}
        # ReportLab draws a character its font lacks as code 0, which stands for U+0000.
        to_unicode = _stream(objects[_ref(body, b"ToUnicode")]).decode()
        for code, text in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", to_unicode):
            if text == "0000":
                glyphs[int(code, 16)] = 0
        glyph_of[name.decode()] = glyphs
    missing = []
    for body in objects.values():
        if b"/Type /Page" not in body or b"/Contents" not in body:
            continue
        font = None
        for match in _SHOW.finditer(_stream(objects[_ref(body, b"Contents")])):
            if match.group(1):
                font = match.group(1).decode()
                continue
            for code in _unescape(match.group(2)):
                if font in glyph_of and glyph_of[font].get(code, 0) == 0:
                    missing.append((font, code))
    return missing


def qr_codes_on_last_page(pdf: bytes) -> list[str]:
    """What zbarimg reads from the QR codes of the last page, rendered at 150 dpi."""
    last = str(pages(pdf))
    with tempfile.TemporaryDirectory() as tmp:
        path, png = Path(tmp) / "notice.pdf", Path(tmp) / "page"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", last, "-l", last, "-singlefile", path, png],
            check=True,
        )
        answer = subprocess.run(
            ["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True, check=False
        )
    return answer.stdout.split()
