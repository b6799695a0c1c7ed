"""Venues added in the field: the rules without HTTP, and a supervisor confirming them in the review service."""

import pytest
from fastapi.testclient import TestClient

from schemas.rules.jurisdiction import Jurisdiction
from schemas.rules.venues import new_field_id, new_venue_problems
from services.common.auth import Principal
from services.common.schemas import schema_errors
from services.review.app import create_app
from services.venues import field
from services.venues.service import import_csv
from services.venues.tests.helpers import GOOD, csv_bytes
from tests.support.sync_data import token_for

DOLMA = Principal("dolma", "inspector", Jurisdiction("county", ("540102",)))


def _venue(**changes):
    return {"venue_id": new_field_id(), "venue_type": "bank", "county_code": "540102",
            "name": {"zh": "示例村镇银行"}, "address": "城关区示例路9号", **changes}


@pytest.mark.parametrize("venue", [
    _venue(), _venue(name={"zh": "示例", "bo": "དཔེ"}, gps={"lat": 29.6, "lon": 91.1}, operator="某", contact="1"),
    _venue(name={"zh": ""}), _venue(name={"zh": "名" * 201}), _venue(address="址" * 301), _venue(address=""),
    _venue(venue_type="temple"), _venue(county_code="5401"), _venue(gps={"lat": 20.0, "lon": 91.0}),
    _venue(gps={"lat": 29.6}), _venue(venue_id="field-1"), _venue(contact="电" * 101), _venue(source="field"),
    _venue(name={"zh": "示例", "en": "Example"}), _venue(name={"zh": "示例", "bo": ""}),
])
def test_the_phones_rule_refuses_what_the_schema_refuses(venue):
    assert bool(new_venue_problems(venue)) == bool(schema_errors("new_venue", venue))


def test_created_once_then_already_had_and_the_stored_venue_is_a_valid_registry_venue(couch):
    venue = _venue()
    first = field.add_from_field(couch, DOLMA, [venue], now="2026-05-04T04:10:00Z")
    assert first[0]["result"] == "created"
    assert field.add_from_field(couch, DOLMA, [venue])[0]["result"] == "already_had"
    stored = couch.db("venues").get(f"venue:{venue['venue_id']}")
    assert schema_errors("venue", stored) == []
    assert (stored["added_at"], stored["updated_at"], stored["verified"]) == ("2026-05-04T04:10:00Z",) * 2 + (False,)


def test_a_csv_import_of_the_same_place_names_the_field_venue_as_the_duplicate(couch):
    row = GOOD[0].split(",")
    venue = _venue(venue_type=row[1], county_code=row[2], name={"zh": row[3]}, address=row[5])
    field.add_from_field(couch, DOLMA, [venue])
    report = import_csv(couch, csv_bytes([GOOD[0]]), dry_run=True)
    assert report["refused"][0]["reasons"] == [f"duplicate: the registry already has this venue as {venue['venue_id']}"]


@pytest.fixture
def review(settings, couch):
    with TestClient(create_app(settings)) as client:
        yield client


def _auth(settings, name, role, level="prefecture", codes=("540100",)):
    return {"Authorization": f"Bearer {token_for(settings, name, role, level, codes)}"}


def test_a_supervisor_lists_the_unverified_and_confirms_one(review, settings, couch):
    venue = _venue()
    field.add_from_field(couch, DOLMA, [venue])
    import_csv(couch, csv_bytes(GOOD), dry_run=False)
    lhasa = _auth(settings, "sup.lhasa", "supervisor")
    listed = review.get("/venues", params={"unverified": "true"}, headers=lhasa).json()["venues"]
    assert [v["venue_id"] for v in listed] == [venue["venue_id"]]
    answer = review.post(f"/venues/{venue['venue_id']}/verify", headers=lhasa)
    assert answer.status_code == 200, answer.text
    confirmed = answer.json()["venue"]
    assert (confirmed["verified"], confirmed["verified_by"], confirmed["added_by"]) == (True, "sup.lhasa", "dolma")
    assert review.post(f"/venues/{venue['venue_id']}/verify", headers=lhasa).json()["venue"] == confirmed
    assert review.get("/venues", params={"unverified": "true"}, headers=lhasa).json()["venues"] == []
    assert schema_errors("venue", couch.db("venues").get(f"venue:{venue['venue_id']}")) == []


def test_confirming_is_for_staff_within_reach_and_for_field_venues_only(review, settings, couch):
    venue = _venue()
    field.add_from_field(couch, DOLMA, [venue])
    import_csv(couch, csv_bytes(GOOD), dry_run=False)
    url = f"/venues/{venue['venue_id']}/verify"
    assert review.post(url, headers=_auth(settings, "dolma", "inspector", "county", ("540102",))).status_code == 403
    ngari = _auth(settings, "sup.ngari", "supervisor", codes=("542500",))
    assert review.post(url, headers=ngari).json()["code"] == "not_found"
    admin = _auth(settings, "admin", "administrator", "region", ())
    assert review.post("/venues/demo-shop-1/verify", headers=admin).json()["code"] == "invalid_transition"
    assert review.post("/venues/Not_An_Id/verify", headers=admin).status_code == 422
    assert couch.db("venues").get(f"venue:{venue['venue_id']}")["verified"] is False
