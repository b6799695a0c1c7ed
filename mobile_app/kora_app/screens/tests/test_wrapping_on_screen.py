"""Long Tibetan and Chinese text wraps between syllables and ideographs, in a label and as typed."""

from __future__ import annotations

from mobile_app.kora_app.screens.line_breaks import break_positions
from mobile_app.kora_app.screens.tests.glyphs import unwanted_glyphs
from mobile_app.kora_app.screens.tests.pixels import contains_glyph, screen_ink
from mobile_app.kora_app.screens.tests.window import crop_widget, frames, screenshot, tap, type_text

# "Check that the old people's home keeps its traditional services" in Tibetan, then Chinese.
TIBETAN = ("རྒན་གཡོག་ཁང་གི་ཞབས་ཞུ་སྲོལ་རྒྱུན་ལྟར་རྒྱུན་འཁྱོངས་བྱེད་དགོས་པའི་"
           "བཀའ་རྒྱ་ཞིབ་བཤེར་བྱེད་པ།")
CHINESE = "检查养老服务机构是否保持传统服务项目的规定，2026年"


def assert_wrapped_at_break_positions(lines: list[str], text: str) -> None:
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    allowed = set(break_positions(text))
    end = 0
    for line in lines[:-1]:
        end = text.index(line.strip(" "), end) + len(line.strip(" "))
        assert end in allowed or text[end] == " ", (line, text[end:end + 3])


def test_a_long_tibetan_sentence_wraps_after_a_tsheg_in_a_label(demo):
    label = demo.ids.stacks
    label.text = TIBETAN
    frames()
    lines = [line.words[0].text for line in label._label._cached_lines if line.words]
    assert len(lines) >= 2
    assert all(line.endswith(("་", "།")) for line in lines)
    assert_wrapped_at_break_positions(lines, TIBETAN)
    image = screenshot("wrapped-label")
    ink = screen_ink(crop_widget(image, label))
    assert [n for n, g in unwanted_glyphs(label.font_size).items() if contains_glyph(ink, g)] == []


def test_chinese_wraps_between_ideographs_and_keeps_2026_with_its_year(demo):
    label = demo.ids.stacks
    label.text = CHINESE
    frames()
    lines = [line.words[0].text for line in label._label._cached_lines if line.words]
    assert len(lines) == 2
    assert_wrapped_at_break_positions(lines, CHINESE)
    assert lines[-1].endswith("，2026年")


def test_typed_tibetan_wraps_between_syllables_in_a_multiline_note(demo):
    note = demo.ids.note
    note.multiline = True
    try:
        tap(note)
        type_text(TIBETAN)
        lines = note._lines
        assert len(lines) >= 2
        assert all(line.rstrip(" ").endswith(("་", "།")) for line in lines)
        image = screenshot("wrapped-note")
        ink = screen_ink(crop_widget(image, note))
        glyphs = unwanted_glyphs(note.font_size)
        assert [n for n, g in glyphs.items() if contains_glyph(ink, g)] == []
    finally:
        note.multiline = False
