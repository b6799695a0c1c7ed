"""What poppler-utils say of a PDF: its text, its fonts, its pages."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


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
