import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from services.notices.pdf.fonts import load_fonts
from services.notices.pdf.shaping import Shaper
from services.notices.pdf.textblock import Style, TextBlock, layout

SENTENCE = "ཞིབ་བཤེར་བྱེད་སྐབས་མི་ཡིས་ཞབས་ཞུ་ཞུ་བའི་སྒེའུ་ཁུང་ཉུང་མཐར་གཅིག་ལས་དོན་སྒྲུབ་བཞིན་ཡོད་དགོས།"


@pytest.fixture(scope="module")
def shaper():
    return Shaper(load_fonts())


def _line_texts(lines):
    return ["".join(text for p in line.pieces for text in p.source) for line in lines]


def test_tibetan_lines_end_after_a_tsheg_or_shad(shaper):
    lines = layout(shaper, SENTENCE, 10, 120)
    assert len(lines) > 2
    texts = _line_texts(lines)
    assert "".join(texts) == SENTENCE
    assert all(t.endswith(("་", "།")) for t in texts)
    assert all(line.width <= 120 for line in lines)


def test_chinese_fills_the_line_and_breaks_between_characters(shaper):
    lines = layout(shaper, "检查时至少有一个人工服务柜台在办理业务。", 10, 50)
    assert _line_texts(lines) == ["检查时至少", "有一个人工", "服务柜台在", "办理业务。"]


def test_a_newline_starts_a_new_line_and_a_line_with_tibetan_is_taller(shaper):
    tibetan, chinese = layout(shaper, "བརྡ་ཐོ།\n通知书", 10, 500)
    assert tibetan.above + tibetan.below > chinese.above + chinese.below


def test_a_piece_wider_than_the_line_is_cut(shaper):
    lines = layout(shaper, "A" * 60, 10, 60)
    assert len(lines) > 1 and all(line.width <= 60 for line in lines)


def test_a_block_splits_between_lines(shaper):
    block = TextBlock(shaper, SENTENCE * 3, Style(size=10))
    _, height = block.wrap(120, 10_000)
    first, rest = block.split(120, height / 2)
    assert len(first.lines) + len(rest.lines) == len(block.lines)
    assert block.split(120, 1) == []


def test_markup_is_drawn_as_text(shaper):
    out = io.BytesIO()
    canvas = Canvas(out)
    block = TextBlock(shaper, "<b>Bank & Co</b>", Style(size=10))
    block.wrap(300, 100)
    block.drawOn(canvas, 50, 700)
    canvas.save()
    assert (
        b"Bank" not in out.getvalue()
    )  # compressed and subset-encoded, but drawn: see test_render
    assert len(block.lines) == 1


def test_a_split_part_laid_out_again_keeps_its_own_lines(shaper):
    block = TextBlock(shaper, SENTENCE * 3, Style(size=10))
    _, height = block.wrap(120, 10_000)
    _, rest = block.split(120, height / 2)
    count = len(rest.lines)
    rest._laid_width = None  # as if a table wrapped it anew
    rest.wrap(120, 10_000)
    assert len(rest.lines) == count
