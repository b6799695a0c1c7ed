from schemas.rules.jurisdiction import Jurisdiction
from services.catalog.regions import regions
from services.venues.csv_import import VENUE_TYPES, parse
from services.venues.seed import DEMO_CSV, seed_demo_venues
from services.venues.service import list_venues


def test_demo_csv_is_clean_fictional_and_covers_every_prefecture_and_type():
    parsed = parse(DEMO_CSV.read_bytes())
    assert parsed.refused == [] and 250 <= len(parsed.venues) <= 350
    assert {v["venue_type"] for v in parsed.venues} == VENUE_TYPES
    prefectures = {r["code"][:4] for r in regions() if r["level"] == "prefecture"}
    assert {v["county_code"][:4] for v in parsed.venues} == prefectures
    assert all("示例" in v["name"]["zh"] for v in parsed.venues)
    airports = [v for v in parsed.venues if v["venue_type"] == "airport"]
    assert len(airports) < 10 < len([v for v in parsed.venues if v["venue_type"] == "shop"])


def test_demo_seed_imports_once(couch):
    assert "300 written" in seed_demo_venues(couch)
    assert "0 written" in seed_demo_venues(couch)
    assert len(list_venues(couch, Jurisdiction("region"))) == 300
