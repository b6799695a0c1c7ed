import pytest

from services.notices.pdf.fonts import CJK, TIBETAN, load_fonts
from services.notices.pdf.shaping import MissingGlyph, Shaper


@pytest.fixture(scope="module")
def shaper():
    return Shaper(load_fonts())


def test_a_stack_becomes_one_glyph(shaper):
    shaped = shaper.shape("བསྒྲུབས་")
    (run,) = shaped.runs
    assert run.font == TIBETAN
    assert len(run.chars) == 5  # བ, the stack སྒྲུ, བ, ས and the tsheg
    assert load_fonts().tibetan.private_texts[ord(run.chars[1])] == "སྒྲུ"


def test_each_script_gets_its_own_font(shaper):
    runs = shaper.shape("ཁུལ།城关 No.1").runs
    assert [r.font for r in runs] == [TIBETAN, CJK, TIBETAN]
    assert [r.chars for r in runs[1:]] == ["城关 ", "No.1"]


def test_widths_are_in_thousandths_of_the_size_and_spaces_at_the_end_are_counted(shaper):
    shaped = shaper.shape("中 ")
    assert shaped.width == pytest.approx(1000 + shaped.trailing_space)
    assert shaped.trailing_space > 0


def test_shaping_is_cached(shaper):
    assert shaper.shape("དགོས།") is shaper.shape("དགོས།")


def test_a_character_no_font_has_is_refused_not_drawn_as_an_empty_box(shaper):
    with pytest.raises(MissingGlyph, match="U\\+1F600"):
        shaper.shape("😀")
    with pytest.raises(MissingGlyph):
        shaper.shape("\u0fd9")  # a Tibetan mark Tibetan Machine Uni does not draw
