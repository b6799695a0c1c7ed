"""Tibetan, Chinese and mixed text in a real 720x1280 window: labels, buttons and typed text.

Each test looks at the window's pixels (var/screenshots/app/*.png): there is ink where the text
is, stacks go down as Tibetan shaping puts them, and neither HarfBuzz's dotted circle nor either
font's .notdef box is anywhere in the widget. The detector itself is shown to find both when
they are really there.
"""

from __future__ import annotations

import pytest

from mobile_app.kora_app.screens.fonts import TIBETAN_SCALE
from mobile_app.kora_app.screens.scripts import split_runs
from mobile_app.kora_app.screens.tests.glyphs import MISSING, chinese, tibetan, unwanted_glyphs
from mobile_app.kora_app.screens.tests.pixels import contains_glyph, ink_box, ink_count, screen_ink
from mobile_app.kora_app.screens.tests.window import (
    crop_widget,
    frames,
    press_backspace,
    screenshot,
    tap,
    type_text,
)

# Wylie transliterations name the screenshots.
WORDS = {"bsgrubs": "བསྒྲུབས", "spyi": "སྤྱི", "vphrod-bsten": "འཕྲོད་བསྟེན", "zhib-bsher": "ཞིབ་བཤེར"}
STACKED_WORDS = [WORDS["bsgrubs"], WORDS["spyi"], WORDS["vphrod-bsten"]]
MIXED = "ཞིབ་བཤེར 检查 2026"


def unwanted_in(image, widget) -> list[str]:
    """Names of the unwanted glyphs found in ``widget``'s part of a screenshot."""
    ink = screen_ink(crop_widget(image, widget))
    glyphs = unwanted_glyphs(widget.font_size)
    return [name for name, glyph in glyphs.items() if contains_glyph(ink, glyph)]


def test_the_window_is_a_720_by_1280_phone(demo):
    from kivy.core.window import Window

    assert tuple(Window.size) == (720, 1280)
    assert screenshot("demo").size == (720, 1280)


@pytest.mark.parametrize("word", STACKED_WORDS)
def test_tibetan_shaping_changes_how_a_stacked_word_is_drawn(demo, word):
    shaped, as_latin = tibetan(word, 36), tibetan(word, 36, script="Latn")
    assert shaped.tobytes() != as_latin.tobytes()


@pytest.mark.parametrize("word", ["བསྒྲུབས", "སྤྱི"])
def test_tibetan_shaping_hangs_the_stack_under_its_head_letter(demo, word):
    # Shaped as Latin (Kivy's default script), subjoined letters pile up at the baseline; shaped
    # as Tibetan they hang below it, so the ink reaches lower.
    shaped, as_latin = tibetan(word, 36), tibetan(word, 36, script="Latn")
    assert ink_box(shaped)[3] > ink_box(as_latin)[3] + 4


@pytest.mark.parametrize("name", WORDS)
def test_a_tibetan_word_in_a_label(demo, name):
    label, word = demo.ids.stacks, WORDS[name]
    label.text = word
    frames()
    image = screenshot(f"label-{name}")
    on_screen = screen_ink(crop_widget(image, label))
    assert ink_count(on_screen) > 200
    assert unwanted_in(image, label) == []
    # The ink on screen has the size of the word shaped as Tibetan in the Tibetan font.
    left, top, right, bottom = ink_box(on_screen)
    r_left, r_top, r_right, r_bottom = ink_box(tibetan(word, label.font_size))
    assert right - left == pytest.approx(r_right - r_left, abs=1)
    assert bottom - top == pytest.approx(r_bottom - r_top, abs=1)


def test_a_mixed_line_draws_each_script_in_its_font(demo):
    label = demo.ids.mixed
    image = screenshot("label-mixed")
    tibetan_run, chinese_run = split_runs(MIXED)
    expected = (tibetan(tibetan_run.text, label.font_size).width
                + chinese(chinese_run.text, label.font_size).width)
    assert label.texture_size[0] == expected
    assert unwanted_in(image, label) == []
    # Both halves have ink: the Chinese half is not blank or boxes, the Tibetan half not either.
    ink = screen_ink(crop_widget(image, label))
    left, top, right, bottom = ink_box(ink)
    middle = left + tibetan(tibetan_run.text, label.font_size).width
    assert ink_count(ink.crop((left, top, middle, bottom))) > 200
    assert ink_count(ink.crop((middle, top, right, bottom))) > 200


def test_the_detector_finds_dotted_circles_and_boxes_on_screen(demo):
    label = demo.ids.stacks
    label.text = "\u0f72"  # a vowel sign with no letter to sit on: HarfBuzz adds a dotted circle
    frames()
    assert unwanted_in(screenshot("detector-dotted-circle"), label) == ["dotted circle"]
    label.text = MISSING  # in neither font
    frames()
    assert unwanted_in(screenshot("detector-notdef"), label) == ["Chinese font's .notdef"]


def test_a_button_in_tibetan_and_chinese_is_pressed_by_a_touch(demo):
    button = demo.ids.save
    image = screenshot("button")
    assert unwanted_in(image, button) == []
    assert ink_count(screen_ink(crop_widget(image, button))) > 500
    before = demo.saved_count
    tap(button)
    assert demo.saved_count == before + 1


def test_tibetan_typed_into_the_note_is_shaped_where_the_cursor_is(demo):
    note = demo.ids.note
    tap(note)
    assert note.focus
    type_text("བསྒྲུབས")
    type_text(" 检查 2026")
    assert note.text == "བསྒྲུབས 检查 2026"
    image = screenshot("textinput-typed")
    assert unwanted_in(image, note) == []
    # The line is drawn and measured with the shaped runs: the cursor stands at its end.
    runs = split_runs(note.text)
    width = tibetan(runs[0].text, note.font_size).width + chinese(runs[1].text, note.font_size).width
    assert note._lines_labels[0].width == width
    assert note.cursor_pos[0] == pytest.approx(note.x + note.padding[0] + width, abs=1)
    press_backspace()
    assert note.text == "བསྒྲུབས 检查 202"


def test_the_typed_note_is_saved_into_a_label_by_the_button(demo):
    tap(demo.ids.note)
    type_text("འཕྲོད་བསྟེན 养老")
    tap(demo.ids.save)
    saved = demo.ids.saved_note
    assert saved.text == "འཕྲོད་བསྟེན 养老"
    frames()
    image = screenshot("saved-note")
    assert unwanted_in(image, saved) == []
    assert ink_count(screen_ink(crop_widget(image, saved))) > 200


def test_large_text_makes_every_widget_bigger(demo):
    from mobile_app.kora_app.screens.text_size import LARGE_SCALE

    widgets = [demo.ids.title, demo.ids.mixed, demo.ids.note, demo.ids.save]
    sizes = [w.font_size for w in widgets]
    heights = [demo.ids.mixed.texture_size[1]]
    tap(demo.ids.large_text)
    frames()
    assert [w.font_size for w in widgets] == pytest.approx([s * LARGE_SCALE for s in sizes])
    assert demo.ids.mixed.texture_size[1] > heights[0] * (LARGE_SCALE - 0.05)
    image = screenshot("large-text")
    assert unwanted_in(image, demo.ids.mixed) == []
    assert TIBETAN_SCALE > 1


def test_markup_colours_a_tibetan_word_and_keeps_the_runs(demo):
    label = demo.ids.stacks
    label.markup = True
    try:
        label.text = "[color=#c00000]ཞིབ་བཤེར[/color] [b]检查[/b] 2026"
        frames()
        image = screenshot("label-markup")
        crop = crop_widget(image, label).convert("RGB")
        red = sum(1 for r, g, b in crop.get_flattened_data() if r > 150 and g < 80 and b < 80)
        assert red > 100
        assert unwanted_in(image, label) == []
        assert label._label.__class__.__name__ == "KoraCoreMarkupLabel"
    finally:
        label.markup = False


def test_tibetan_copied_and_pasted_in_the_note_comes_back_whole(demo):
    note = demo.ids.note
    tap(note)
    type_text("ཞིབ་བཤེར 检查")
    note.select_all()
    note.copy()
    note.text = ""
    note.paste()
    frames()
    assert note.text == "ཞིབ་བཤེར 检查"
    assert unwanted_in(screenshot("textinput-pasted"), note) == []
