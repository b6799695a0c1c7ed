from pathlib import Path

import pytest

from services.notices.pdf import fonts
from services.notices.pdf.fonts import load_fonts, text_of_glyph_name, to_unicode_cmap


def test_both_fonts_are_single_face_truetype_files():
    pair = load_fonts()
    assert pair.tibetan.face.name == b"Tibetan_Machine_Uni"
    assert pair.cjk.face.name == b"DroidSansFallback"
    assert pair.tibetan.has_char("ཀ") and pair.cjk.has_char("整")


def test_a_missing_font_is_named(monkeypatch):
    monkeypatch.setitem(fonts.FAMILIES, fonts.CJK, "No Such Family Kora")
    monkeypatch.delenv("KORA_FONT_CJK", raising=False)
    with pytest.raises(fonts.FontMissing, match="No Such Family Kora"):
        fonts.font_file(fonts.CJK)


def test_stack_glyph_names_give_their_characters():
    assert text_of_glyph_name("uni0F660F920FB2") == "སྒྲ"
    assert text_of_glyph_name("uni0F40") == "ཀ"
    assert text_of_glyph_name(".notdef") is None


def test_a_stack_glyph_gets_a_private_code_that_copies_out_as_its_characters():
    tibetan = load_fonts().tibetan
    glyph = tibetan.hb_font.get_nominal_glyph(0x0F66)  # a glyph with its own character
    assert tibetan.char_for_glyph(glyph, "ས") == "ས"
    stack = tibetan.hb_font.glyph_from_string("uni0F660F920FB2")
    code = ord(tibetan.char_for_glyph(stack, "སྒྲ"))
    assert 0xE000 <= code <= 0xF8FF
    assert tibetan.private_texts[code] == "སྒྲ"
    assert tibetan.char_for_glyph(stack, "སྒྲ") == chr(code)  # the same code every time


def test_the_to_unicode_map_writes_the_text_of_private_codes():
    cmap = to_unicode_cmap("X", [0, 0x41, 0xE000], {0xE000: "སྒྲ"})
    assert "<01> <0041>" in cmap
    assert "<02> <0F660F920FB2>" in cmap
    assert "3 beginbfchar" in cmap


def test_every_machine_installs_the_fonts_packages():
    root = Path(__file__).resolve().parents[4]
    listed = (root / "deploy" / "debian-packages.txt").read_text().split()
    image = (root / "deploy" / "Dockerfile").read_text()
    for package in ("fonts-tibetan-machine", "fonts-droid-fallback"):
        assert package in listed
        assert package in image
    assert "fontconfig" in image  # fc-list finds the fonts
