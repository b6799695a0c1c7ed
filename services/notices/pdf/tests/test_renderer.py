import io
import re

import pytest
from reportlab.pdfgen.canvas import Canvas

from services.common.schemas import schema_errors
from services.notices.pdf import MissingGlyph, NoticeRenderer, render_notice
from services.notices.pdf.fonts import load_fonts
from services.notices.pdf.sample import ACCESS_CODE, sample_notice
from services.notices.pdf.tests import pdf_tools

PRIVATE_USE_OR_BOX = re.compile("[\ue000-\uf8ff\ufffd\x00]")


@pytest.fixture(scope="module")
def renderer():
    return NoticeRenderer(public_url="https://kora.example.cn")


def _render(renderer, notice, items):
    assert schema_errors("notice", notice) == []
    return renderer.render(notice, items, access_code=ACCESS_CODE)


def _no_missing_glyphs(pdf: bytes) -> None:
    """No character is drawn with the embedded font's .notdef glyph (an empty box), and none
    copies out as U+FFFD, U+0000 or a private-use code point (a stack without its text)."""
    assert pdf_tools.drawn_notdefs(pdf) == []
    assert not PRIVATE_USE_OR_BOX.findall(pdf_tools.text(pdf))


def test_the_empty_box_check_sees_a_character_the_font_lacks():
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(load_fonts().cjk.fontName, 10)
    canvas.drawString(50, 700, "整A")  # Droid Sans Fallback has no Latin letters
    canvas.save()
    assert [code for _, code in pdf_tools.drawn_notdefs(out.getvalue())] == [0]  # "A" as code 0


@pytest.fixture(scope="module")
def eight(renderer):
    notice, items = sample_notice(8)
    return notice, items, _render(renderer, notice, items)


def test_a_notice_is_an_a4_pdf_with_everything_a_business_needs(eight):
    pdf = eight[2]
    assert pdf.startswith(b"%PDF-")
    text = pdf_tools.flat_text(pdf)
    for expected in [
        "整改通知书",
        "通知书编号：540102-2026-0001",
        "拉萨市城关区老年人传统服务保障工作领导小组办公室",
        "示例银行城关支行",
        "示例金融有限公司",
        "拉萨市城关区示例路1号",
        "2026年5月3日",
        "次仁多吉、TseringDolma",
        "查询码",
        ACCESS_CODE,
        "kora.example.cn/v/540102-2026-0001",
        "发文机关（盖章）",
        "如何答复",
    ]:
        assert expected in text, expected
    _no_missing_glyphs(pdf)


def test_the_qr_code_leads_to_the_verification_page(eight):
    assert pdf_tools.qr_codes_on_last_page(eight[2]) == [
        "https://kora.example.cn/v/540102-2026-0001"
    ]


def test_each_finding_has_its_legal_basis_and_deadline(eight):
    notice, _, pdf = eight
    text = pdf_tools.flat_text(pdf)
    for finding in notice["findings"]:
        assert finding["requirement"]["zh"] in text
        for basis in finding["legal_basis"]:
            assert basis["quote"] in text
            assert f"{basis['section']}第{basis['item']}项" in text
    assert "西藏自治区老年人传统服务兜底保障方案（2021年1月4日）" in text
    # Issued 2026-05-04: a critical finding within 7 days, a major one within 30.
    assert "7日内" in text and "2026年5月11日" in text
    assert "30日内" in text and "2026年6月3日" in text


def test_tibetan_copies_out_as_tibetan(eight):
    notice, _, pdf = eight
    text = pdf_tools.flat_text(pdf)
    assert "བཅོས་སྒྲིག་བརྡ་ཐོ།" in text
    assert "".join(notice["issuer"]["bo"].split()) in text  # two lines, whole
    # In the findings table pdftotext reads the cells side by side and now and then puts a
    # cell's line after the next one: every syllable is there, whole.
    for finding in notice["findings"]:
        for syllable in re.findall(r"[^་།\s]+[་།]*", finding["requirement"]["bo"]):
            assert syllable in text


def test_fonts_are_embedded_subsets_of_the_two_fonts(eight):
    fonts = pdf_tools.fonts(eight[2])
    assert {f["name"].split("+")[1] for f in fonts} == {"Tibetan_Machine_Uni", "DroidSansFallback"}
    for font in fonts:
        assert re.fullmatch(r"[A-Z]{6}\+.+", font["name"])
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes")


def test_the_same_notice_gives_the_same_bytes(renderer, eight):
    notice, items, pdf = eight
    assert renderer.render(notice, items, access_code=ACCESS_CODE) == pdf
    assert render_notice(notice, items, access_code=ACCESS_CODE).startswith(b"%PDF-")


def test_thirty_findings_go_over_several_pages_with_the_table_header_on_each(renderer):
    notice, items = sample_notice(30)
    pdf = _render(renderer, notice, items)
    pages = pdf_tools.pages(pdf)
    assert pages >= 4
    text = pdf_tools.text(pdf)
    assert text.count("整改要求") == pages - 1 or text.count("整改要求") == pages
    assert f"第{pages}页共{pages}页" in "".join(text.split())
    for n in range(1, 31):
        assert re.search(rf"^{n}$", text, re.MULTILINE), n
    _no_missing_glyphs(pdf)


def test_a_long_venue_name_wraps_and_stays_whole(renderer):
    notice, items = sample_notice(2)
    name_zh = "拉萨市城关区八廓街" + "示例" * 90 + "尾"
    name_bo = "ལྷ་ས་" + "དཔེ་མཚོན་" * 35 + "མཇུག"
    notice["venue"]["name"] = {"zh": name_zh, "bo": name_bo}
    pdf = _render(renderer, notice, items)
    text = pdf_tools.flat_text(pdf)
    assert name_zh in text
    assert name_bo in text


def test_one_script_findings(renderer):
    notice, items = sample_notice(2)
    notice["findings"][0]["note"] = "སྒེའུ་ཁུང་བརྒྱབ་འདུག་ལ་རྒན་པ་གསུམ་སྒུག་བསྡད་འདུག"
    notice["findings"][1]["note"] = "窗口关闭，三位老人在门外等候。"
    pdf = _render(renderer, notice, items)
    text = pdf_tools.flat_text(pdf)
    assert "སྒེའུ་ཁུང་བརྒྱབ་འདུག་ལ་རྒན་པ་གསུམ་སྒུག་བསྡད་འདུག" in text
    assert "窗口关闭，三位老人在门外等候。" in text
    _no_missing_glyphs(pdf)


def test_a_requirement_in_one_language_only_is_printed_without_an_empty_line(renderer):
    # Not a valid notice (a requirement has both), but an old or hand-made one must still print.
    notice, items = sample_notice(2)
    notice["findings"][0]["requirement"] = {"bo": "དངུལ་ལོར་ལེན་དགོས།", "zh": "", "bo_status": "draft"}
    notice["findings"][1]["requirement"] = {
        "zh": "网点接受现金支付。",
        "bo": "",
        "bo_status": "draft",
    }
    pdf = renderer.render(notice, items, access_code=ACCESS_CODE)
    text = pdf_tools.text(pdf)
    assert "དངུལ་ལོར་ལེན་དགོས།" in text and "网点接受现金支付。" in text
    _no_missing_glyphs(pdf)


def test_a_name_or_note_with_markup_is_printed_as_typed(renderer):
    notice, items = sample_notice(1)
    notice["venue"]["name"]["zh"] = "<b>Bank & Co</b> <script>alert(1)</script>"
    notice["venue"]["operator"] = "A&amp;B <i>Ltd</i>"
    notice["findings"][0]["note"] = "<font size=40>&lt;</font>"
    pdf = _render(renderer, notice, items)
    text = pdf_tools.text(pdf)
    assert "<b>Bank & Co</b> <script>alert(1)</script>" in text
    assert "A&amp;B <i>Ltd</i>" in text
    assert "<font size=40>&lt;</font>" in text


def test_a_note_taller_than_a_page_goes_on_over_the_next(renderer):
    notice, items = sample_notice(1)
    notice["findings"][0]["note"] = "柜台关闭。" * 400
    pdf = _render(renderer, notice, items)
    assert pdf_tools.pages(pdf) >= 2
    text = pdf_tools.flat_text(pdf)
    assert "见表后" in text
    without_feet = re.sub(r"540102-2026-0001ཤོག་ངོས་\d+/\d+第\d+页共\d+页", "", text)
    assert "1." + "柜台关闭。" * 400 in without_feet


def test_a_note_typed_with_tabs_windows_line_ends_and_invisible_marks_prints(renderer):
    notice, items = sample_notice(1)
    notice["findings"][0]["note"] = "第一行\r\n第二行\t完\u200bཀ་\u200bཁ་"
    pdf = renderer.render(notice, items, access_code=ACCESS_CODE)
    assert "第一行第二行完ཀ་ཁ་" in pdf_tools.flat_text(pdf)
    _no_missing_glyphs(pdf)


def test_a_character_no_font_draws_is_refused(renderer):
    notice, items = sample_notice(1)
    notice["findings"][0]["note"] = "😀"
    with pytest.raises(MissingGlyph):
        renderer.render(notice, items, access_code=ACCESS_CODE)


def test_a_notice_without_the_printed_particulars_still_renders(renderer):
    notice, items = sample_notice(1)
    for key in ("issuer", "venue", "inspection"):
        del notice[key]
    del notice["findings"][0]["rectification_days"]  # then the item's period
    pdf = _render(renderer, notice, items)
    assert "7日内" in pdf_tools.flat_text(pdf)
