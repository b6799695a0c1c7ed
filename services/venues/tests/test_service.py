import pytest

from schemas.rules.jurisdiction import Jurisdiction
from services.common.errors import KoraError
from services.venues import service
from services.venues.tests.helpers import GOOD, csv_bytes

REGION = Jurisdiction("region")


def test_dry_run_writes_nothing_and_rerun_is_a_no_op(couch):
    raw = csv_bytes(GOOD)
    preview = service.import_csv(couch, raw, dry_run=True)
    assert preview["to_write"] == 2 and service.list_venues(couch, REGION) == []
    assert service.import_csv(couch, raw, dry_run=False)["written"] == 2
    revs = {d["_id"]: d["_rev"] for d in service.list_venues(couch, REGION)}
    again = service.import_csv(couch, raw, dry_run=False)
    assert again["written"] == 0 and again["unchanged"] == 2
    assert {d["_id"]: d["_rev"] for d in service.list_venues(couch, REGION)} == revs


def test_a_refused_row_imports_nothing_unless_asked(couch):
    raw = csv_bytes(GOOD + [",bank,110101,示例,,地址,,,经营者,电话"])
    with pytest.raises(KoraError) as caught:
        service.import_csv(couch, raw, dry_run=False)
    assert caught.value.code == "import_refused"
    assert service.list_venues(couch, REGION) == []
    assert service.import_csv(couch, raw, dry_run=False, only_good_rows=True)["written"] == 2


def test_duplicate_against_the_registry_under_another_id(couch):
    service.import_csv(couch, csv_bytes(GOOD), dry_run=False)
    other = GOOD[1].replace("demo-shop-1", "demo-shop-9")
    report = service.import_csv(couch, csv_bytes([other]), dry_run=True)
    assert report["refused"][0]["reasons"][0].startswith("duplicate: the registry already has")


def test_listing_by_jurisdiction(couch):
    service.import_csv(couch, csv_bytes(GOOD), dry_run=False)
    lhasa = service.list_venues(couch, Jurisdiction("prefecture", ("540100",)))
    assert [v["county_code"] for v in lhasa] == ["540102"]
    assert [v["county_code"] for v in service.list_venues(couch, Jurisdiction("county", ("542523",)))] == ["542523"]
    assert len(service.list_venues(couch, REGION)) == 2


def test_html_in_a_name_is_stored_as_plain_text(couch):
    raw = csv_bytes([",shop,540102,<script>alert(1)</script>,,地址,,,经营者,电话"])
    service.import_csv(couch, raw, dry_run=False)
    assert service.list_venues(couch, REGION)[0]["name"]["zh"] == "<script>alert(1)</script>"
