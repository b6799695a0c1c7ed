import re

from services.catalog.regions import region_documents, regions, seed_regions
from services.common.schemas import schema_errors


def test_seven_prefectures_and_seventy_four_counties_with_unique_codes():
    levels = [r["level"] for r in regions()]
    assert levels.count("prefecture") == 7
    assert levels.count("county") == 74
    codes = [r["code"] for r in regions()]
    assert len(set(codes)) == len(codes)


def test_every_county_has_an_existing_parent_sharing_its_prefix():
    prefectures = {r["code"] for r in regions() if r["level"] == "prefecture"}
    for county in (r for r in regions() if r["level"] == "county"):
        assert county["parent"] in prefectures
        assert county["code"][:4] == county["parent"][:4]
        assert re.fullmatch(r"54\d{4}", county["code"]) and not county["code"].endswith("00")


def test_known_codes_and_every_document_validates():
    by_code = {r["code"]: r["name"]["zh"] for r in regions()}
    assert by_code["540100"] == "拉萨市" and by_code["540102"] == "城关区"
    assert by_code["540103"] == "堆龙德庆区" and by_code["542500"] == "阿里地区"
    assert all(schema_errors("region", d) == [] for d in region_documents())


def test_seed_loads_into_catalog_once(couch):
    assert "81 written" in seed_regions(couch)
    assert "0 written" in seed_regions(couch)
    assert couch.db("catalog").get("region:540102")["parent"] == "540100"
