"""A venue added on the spot travels with its inspection in one POST /sync (real local CouchDB)."""

import copy

import pytest

from schemas.rules.venues import new_field_id
from tests.support.sync_data import bearer, make_inspection, make_venue, seed
from tests.support.templates import make_template

COUNTY = "540102"
OTHER_COUNTY = "540103"


@pytest.fixture
def template(couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", COUNTY)])
    return template


def new_venue(county=COUNTY, **changes):
    venue = {"venue_id": new_field_id(), "venue_type": "shop", "county_code": county,
             "name": {"zh": "示例小卖部", "bo": "དཔེ་མཚོན་ཚོང་ཁང་།"}, "address": "拉萨市城关区示例巷3号",
             "gps": {"lat": 29.653, "lon": 91.131}}
    return {**venue, **changes}


def _sync(client, settings, docs=(), venues=None, name="dolma", **kwargs):
    body = {"push": [{"doc": d, "base_rev": None} for d in docs], "checkpoint": None}
    if venues is not None:
        body["new_venues"] = venues
    return client.post("/sync", json=body, headers=bearer(settings, name, **kwargs))


def _stored(couch, venue_id):
    return couch.db("venues").all_docs([f"venue:{venue_id}"])[f"venue:{venue_id}"]


def test_a_new_venue_and_its_inspection_in_one_request_then_a_retry_changes_nothing(client, settings, couch,
                                                                                     template):
    venue = new_venue()
    doc = make_inspection(venue["venue_id"], COUNTY, "dolma", template)
    answer = _sync(client, settings, [doc], [venue])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [(r["venue_id"], r["result"]) for r in body["new_venues"]] == [(venue["venue_id"], "created")]
    assert body["push"][0]["result"] == "accepted"
    stored = _stored(couch, venue["venue_id"])
    assert stored["source"] == "field" and stored["added_by"] == "dolma" and stored["verified"] is False
    assert stored["name"] == venue["name"] and stored["gps"] == venue["gps"] and "operator" not in stored
    assert venue["venue_id"] in [v["venue_id"] for v in body["pull"]["venues"]]  # the pull reflects it

    again = _sync(client, settings, [doc], [venue]).json()
    assert again["new_venues"][0]["result"] == "already_had" and again["push"][0]["result"] == "already_had"
    assert _stored(couch, venue["venue_id"])["_rev"] == stored["_rev"]


def test_a_retry_after_a_supervisor_confirmed_it_is_still_already_had(client, settings, couch, template):
    venue = new_venue()
    _sync(client, settings, [], [venue])
    stored = _stored(couch, venue["venue_id"])
    couch.db("venues").put({**stored, "verified": True, "verified_by": "sup", "verified_at": stored["added_at"],
                            "address": "拉萨市城关区示例巷3号（已核实）"})
    assert _sync(client, settings, [], [venue]).json()["new_venues"][0]["result"] == "already_had"


def test_a_different_venue_under_the_same_id_is_a_conflict(client, settings, couch, template):
    venue = new_venue()
    _sync(client, settings, [], [venue])
    renamed = {**copy.deepcopy(venue), "name": {"zh": "另一家示例商店"}}
    result = _sync(client, settings, [], [renamed]).json()["new_venues"][0]
    assert result["result"] == "conflict" and result["server"]["name"] == venue["name"]
    theirs = _sync(client, settings, [], [venue], name="pasang").json()["new_venues"][0]
    assert theirs["result"] == "conflict" and "another venue" in theirs["reason"]
    imported = new_venue(venue_id="field-00000000-0000-4000-8000-000000000001")
    seed(couch, "venues", [{**make_venue(imported["venue_id"], COUNTY)}])
    assert _sync(client, settings, [], [imported]).json()["new_venues"][0]["result"] == "conflict"
    assert _stored(couch, venue["venue_id"])["name"] == venue["name"]


def test_outside_the_jurisdiction_is_refused_and_so_is_its_inspection(client, settings, couch, template):
    far = new_venue(OTHER_COUNTY)
    doc = make_inspection(far["venue_id"], OTHER_COUNTY, "dolma", template)
    body = _sync(client, settings, [doc], [far]).json()
    assert body["new_venues"][0]["result"] == "refused" and "540103" in body["new_venues"][0]["reason"]
    assert body["push"][0]["result"] == "refused"
    assert _stored(couch, far["venue_id"]) is None
    # The same venue from a prefecture inspector of Lhasa is inside the reach.
    wide = _sync(client, settings, [doc], [far], level="prefecture", codes=("540100",)).json()
    assert wide["new_venues"][0]["result"] == "created" and wide["push"][0]["result"] == "accepted"


@pytest.mark.parametrize("change, path", [
    ({"name": {"zh": ""}}, "/name/zh"),
    ({"name": {"zh": "   "}}, "/name/zh"),
    ({"name": {"zh": "长" * 201}}, "/name/zh"),
    ({"name": {"zh": "示例", "bo": "ཀ" * 401}}, "/name/bo"),
    ({"venue_type": "temple"}, "/venue_type"),
    ({"county_code": "549999"}, "/county_code"),
    ({"county_code": "110101"}, "/county_code"),
    ({"address": "址" * 301}, "/address"),
    ({"gps": {"lat": 39.9, "lon": 116.4}}, "/gps/lat"),
    ({"gps": {"lat": "29.6", "lon": 91.1}}, "/gps/lat"),
    ({"venue_id": "540102-0123456789abcdef"}, "/venue_id"),
    ({"venue_id": "FIELD-3F2B8C1E-7A4D-4E5F-9B0A-1C2D3E4F5A6B"}, "/venue_id"),
    ({"verified": True}, "/verified"),
    ({"added_by": "someone.else"}, "/added_by"),
])
def test_bad_fields_are_invalid_with_their_path_and_the_inspection_says_why(client, settings, couch, template,
                                                                            change, path):
    venue = new_venue(**change)
    doc = make_inspection(venue["venue_id"], COUNTY, "dolma", template) if "venue_id" not in change else None
    answer = _sync(client, settings, [doc] if doc else [], [venue])
    assert answer.status_code == 200
    result = answer.json()["new_venues"][0]
    assert result["result"] == "invalid" and path in [e["path"] for e in result["errors"]], result
    if doc:
        pushed = answer.json()["push"][0]
        assert pushed["result"] == "invalid" and "was not added" in pushed["errors"][0]["reason"]
    assert couch.db("venues").find_all({"type": "venue", "source": "field"}) == []


def test_markup_in_a_name_is_stored_as_text(client, settings, couch, template):
    venue = new_venue(name={"zh": "<script>alert(1)</script>示例", "bo": "<b>ཚོང་ཁང་</b>"}, address="示例 & 路口")
    assert _sync(client, settings, [], [venue]).json()["new_venues"][0]["result"] == "created"
    stored = _stored(couch, venue["venue_id"])
    assert stored["name"] == venue["name"] and stored["address"] == "示例 & 路口"


def test_the_same_venue_twice_in_one_request_and_junk_items(client, settings, couch, template):
    venue = new_venue()
    results = _sync(client, settings, [], [venue, venue, "junk", None]).json()["new_venues"]
    assert [r["result"] for r in results] == ["created", "invalid", "invalid", "invalid"]
    assert results[1]["errors"][0]["reason"] == "sent twice in one request"


@pytest.mark.parametrize("venues, status", [("x", 422), ([{}] * 101, 422)])
def test_a_malformed_list_is_a_clear_4xx(client, settings, couch, venues, status):
    response = _sync(client, settings, [], venues)
    assert (response.status_code, response.json()["code"]) == (status, "invalid_request")
    assert response.json()["errors"][0]["path"] == "/new_venues"


def test_an_older_client_without_new_venues_is_answered_as_before(client, settings, couch, template):
    body = _sync(client, settings, [make_inspection("v1", COUNTY, "dolma", template)]).json()
    assert body["push"][0]["result"] == "accepted" and body["new_venues"] == []
