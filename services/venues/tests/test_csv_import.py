import pytest

from services.common.errors import KoraError
from services.venues.csv_import import parse
from services.venues.tests.helpers import GOOD, csv_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_each_encoding_reads_the_same_chinese(encoding):
    parsed = parse(csv_bytes(GOOD, encoding))
    assert parsed.refused == []
    assert [v["name"]["zh"] for v in parsed.venues] == ["示例银行城关支行", "示例超市"]
    assert parsed.venues[1]["venue_id"] == "demo-shop-1"
    assert parsed.venues[0]["gps"] == {"lat": 29.65, "lon": 91.13}


@pytest.mark.parametrize("row, reason", [
    (",bank,110101,示例银行,,地址,,,经营者,电话", "unknown county"),
    (",bank,540102,,,地址,,,经营者,电话", "missing name"),
    (",bank,540102,示例银行,,地址,39.9,116.4,经营者,电话", "bad coordinate"),
    (",bank,540102,示例银行,,地址,abc,91,经营者,电话", "bad coordinate"),
    (",temple,540102,示例寺,,地址,,,经营者,电话", "bad type"),
])
def test_each_refusal_reason_names_the_row(row, reason):
    parsed = parse(csv_bytes([GOOD[0], row]))
    assert len(parsed.venues) == 1
    assert parsed.refused[0]["row"] == 3
    assert any(r.startswith(reason) for r in parsed.refused[0]["reasons"])


def test_duplicate_within_the_file_is_refused():
    parsed = parse(csv_bytes([GOOD[0], GOOD[0]]))
    assert parsed.refused == [{"row": 3, "reasons": ["duplicate: same venue as row 2"]}]


def test_ids_are_stable_across_runs():
    assert parse(csv_bytes(GOOD)).venues[0]["venue_id"] == parse(csv_bytes(GOOD)).venues[0]["venue_id"]


@pytest.mark.parametrize("raw", [b"\x00\x01\x02\xff\xfe" * 100, b"name\nx\n"])
def test_binary_junk_or_wrong_header_is_invalid_csv(raw):
    with pytest.raises(KoraError) as caught:
        parse(raw)
    assert caught.value.code == "invalid_csv"
