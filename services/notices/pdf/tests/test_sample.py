from services.common.schemas import schema_errors
from services.notices.pdf.sample import sample_notice


def test_sample_notices_are_valid_notices_citing_their_template():
    for count in (1, 8, 30):
        notice, items = sample_notice(count)
        assert schema_errors("notice", notice) == []
        assert len(notice["findings"]) == count
        assert all(f["item_id"] in items for f in notice["findings"])
