"""Bilingual Tibetan–Chinese rectification notices as PDF (see docs/notices.md)."""
