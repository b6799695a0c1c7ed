from schemas.rules.jurisdiction import Jurisdiction
from services.common.reach import county_selector


def test_counties_are_listed():
    assert county_selector(Jurisdiction("county", ("540102", "540103"))) == {
        "county_code": {"$in": ["540102", "540103"]}
    }


def test_a_prefecture_is_a_range_of_its_four_digit_prefix():
    assert county_selector(Jurisdiction("prefecture", ("540100",))) == {
        "county_code": {"$gte": "5401", "$lt": "5401\ufff0"}
    }


def test_two_prefectures_are_two_ranges():
    condition = county_selector(Jurisdiction("prefecture", ("540100", "540200")))
    assert [r["county_code"]["$gte"] for r in condition["$or"]] == ["5401", "5402"]


def test_the_region_is_every_54_code():
    assert county_selector(Jurisdiction("region")) == {"county_code": {"$gte": "54", "$lt": "55"}}


def test_a_prefecture_with_no_codes_matches_nothing():
    assert county_selector(Jurisdiction("prefecture", ())) == {"$or": [{"county_code": None}]}
