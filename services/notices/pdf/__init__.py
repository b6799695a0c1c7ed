"""Bilingual Tibetan–Chinese rectification notices as PDF (see docs/notices.md)."""

from services.notices.pdf.renderer import NoticeRenderer, render_notice
from services.notices.pdf.shaping import MissingGlyph

__all__ = ["MissingGlyph", "NoticeRenderer", "render_notice"]
