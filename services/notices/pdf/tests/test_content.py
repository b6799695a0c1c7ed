from datetime import date

from services.notices.pdf.content import DEFAULT_DAYS, notice_content
from services.notices.pdf.sample import sample_notice


def _content(notice, items):
    return notice_content(notice, items, access_code="ABC", public_url="https://k.example/")


def test_deadlines_count_from_the_day_of_issue_in_its_own_offset():
    notice, items = sample_notice(2)
    notice["issued_at"] = "2026-05-04T23:30:00+08:00"  # still the 4th in Lhasa (15:30 UTC)
    first, second = _content(notice, items).findings
    assert (first.days, first.deadline) == (7, date(2026, 5, 11))
    assert (second.days, second.deadline) == (30, date(2026, 6, 3))


def test_a_finding_without_a_period_takes_the_items_then_the_severitys():
    notice, items = sample_notice(1)
    del notice["findings"][0]["rectification_days"]
    item_id = notice["findings"][0]["item_id"]
    items[item_id] = dict(items[item_id], rectification_days=5)
    assert _content(notice, items).findings[0].days == 5
    del items[item_id]["rectification_days"]
    assert _content(notice, items).findings[0].days == DEFAULT_DAYS["critical"]


def test_the_basis_names_the_document_in_both_languages_and_keeps_the_quote():
    notice, items = sample_notice(1)
    (basis, *_) = _content(notice, items).findings[0].bases
    assert basis.document.zh == "西藏自治区老年人传统服务兜底保障方案（2021年1月4日）"
    assert basis.document.bo.startswith("བོད་རང་སྐྱོང་ལྗོངས")
    assert basis.clause.zh == "二（四）第9项"
    assert basis.quote == notice["findings"][0]["legal_basis"][0]["quote"]


def test_addresses_and_particulars():
    notice, items = sample_notice(1)
    content = _content(notice, items)
    assert content.verify_url == "https://k.example/v/540102-2026-0001"
    assert content.verify_address == "k.example/v/540102-2026-0001"
    assert content.portal_url == "https://k.example/"
    assert content.inspectors == "次仁多吉、Tsering Dolma"
    assert content.inspected == date(2026, 5, 3)
    assert content.venue.zh == "示例银行城关支行"
