"""From a notice's data to PDF bytes.

``NoticeRenderer`` loads the fonts once and keeps its shaping cache between notices: make one
per process (or thread) and call ``render`` for each notice. ``render_notice`` is the one-off.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Frame, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

from services.notices.pdf.content import NoticeContent, notice_content
from services.notices.pdf.fonts import TIBETAN, load_fonts
from services.notices.pdf.layout import FOOT, MARGIN, Pages, numbered_canvas
from services.notices.pdf.shaping import Shaper

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8103"


class NoticeRenderer:
    def __init__(self, public_url: str = DEFAULT_PUBLIC_URL):
        """``public_url`` is the business portal's address (``KORA_PUBLIC_URL``)."""
        self.public_url = public_url
        self.shaper = Shaper(load_fonts())

    def render(self, notice: dict[str, Any], items: dict[str, dict], *, access_code: str) -> bytes:
        """The PDF of a notice (a document of schemas/notice.schema.json).

        ``items`` maps the item ids of its findings to their template items; ``access_code`` is
        the business portal's code in clear (the notice keeps only its hash). The same input
        gives the same bytes. Raises ``shaping.MissingGlyph`` rather than print an empty box.
        """
        content = notice_content(notice, items, access_code=access_code, public_url=self.public_url)
        try:
            return self._build(content, notes_below=False)
        except LayoutError:
            # A finding taller than a page (a very long note): the notes go after the table.
            return self._build(content, notes_below=True)

    def _build(self, content: NoticeContent, notes_below: bool) -> bytes:
        out = io.BytesIO()
        doc = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + FOOT / 2,
            title=f"整改通知书 {content.number}",
            author="Kora",
            invariant=1,
            initialFontName=TIBETAN,  # else an unused, unembedded Helvetica is listed
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(
            Pages(self.shaper, content, notes_below).story(),
            canvasmaker=numbered_canvas(self.shaper, content.number),
        )
        return out.getvalue()


def render_notice(notice: dict[str, Any], items: dict[str, dict], *, access_code: str) -> bytes:
    """One notice's PDF with a fresh renderer (the fonts stay loaded for the process)."""
    return NoticeRenderer().render(notice, items, access_code=access_code)
