from reportlab.platypus import Table

from services.notices.pdf.content import notice_content
from services.notices.pdf.fonts import load_fonts
from services.notices.pdf.layout import FINDING_COLUMNS, WIDTH, Pages
from services.notices.pdf.sample import sample_notice
from services.notices.pdf.shaping import Shaper
from services.notices.pdf.textblock import TextBlock


def _pages(notes_below=False):
    notice, items = sample_notice(4)
    content = notice_content(notice, items, access_code="ABC", public_url="https://k.example")
    return Pages(Shaper(load_fonts()), content, notes_below)


def _texts(flowable) -> list[str]:
    if isinstance(flowable, TextBlock):
        return [flowable.text]
    if isinstance(flowable, Table):
        return [t for row in flowable._cellvalues for cell in row for t in _texts(cell)]
    if isinstance(flowable, list):
        return [t for f in flowable for t in _texts(f)]
    return [t for f in getattr(flowable, "_content", []) for t in _texts(f)]


def test_the_findings_table_fills_the_width_and_has_a_row_per_finding():
    assert abs(sum(FINDING_COLUMNS) - WIDTH) < 0.01
    tables = [f for f in _pages().story() if isinstance(f, Table)]
    findings = next(t for t in tables if t.repeatRows == 1)
    assert len(findings._cellvalues) == 1 + 4
    assert findings.repeatRows == 1


def test_headings_and_labels_are_tibetan_then_chinese():
    texts = _texts(_pages().story())
    assert "བཅོས་སྒྲིག་བརྡ་ཐོ།\n整改通知书" in texts
    assert "འཚོལ་ཞིབ་ཨང་རྟགས།\n查询码" in texts


def test_notes_go_below_the_table_when_asked():
    inside = _texts(_pages().story())
    below = _texts(_pages(notes_below=True).story())
    assert "柜台张贴“不收现金”告示。" in inside
    assert "1.  柜台张贴“不收现金”告示。" in below
    assert "柜台张贴“不收现金”告示。" not in below
