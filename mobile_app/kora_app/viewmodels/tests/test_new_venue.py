"""Adding a venue on the spot: stored at once, found by the search, inspected, kept until the server has it."""

import pytest

from mobile_app.kora_app.conftest import NOW, first_pull
from mobile_app.kora_app.store import catalog, inspections, new_venues
from mobile_app.kora_app.viewmodels.new_venue import NewVenueViewModel
from mobile_app.kora_app.viewmodels.venues import VenueListViewModel
from schemas.rules.jurisdiction import Jurisdiction
from schemas.rules.venues import FIELD_ID

CHENGGUAN = Jurisdiction("county", ("540102",))


def _model(store, reach=CHENGGUAN, **kwargs):
    return NewVenueViewModel(store, "dolma", reach, clock=lambda: NOW, **kwargs)


def _add(model, name_zh="示例小卖部", name_bo="", address="城关区示例巷3号", lat="", lon=""):
    return model.save(name_zh, name_bo, address, lat, lon)


def test_the_choices_are_the_inspectors_counties_and_the_types_with_a_checklist(store):
    model = _model(store)
    assert model.counties == [{"code": "540102", "name": "城关区"}] and model.county_code == "540102"
    assert model.venue_types == ["bank"] and model.venue_type == "bank"
    assert _model(store, Jurisdiction("prefecture", ("542500",))).counties == []  # no Ngari regions held
    assert _model(store, Jurisdiction("county", ("542523",))).counties == [{"code": "542523", "name": "542523"}]


def test_an_added_venue_is_found_at_once_and_an_inspection_starts_on_it(store):
    model = _model(store)
    venue_id = _add(model, name_bo="དཔེ་མཚོན་ཚོང་ཁང་།", lat="29.653", lon="91.131")
    assert venue_id and FIELD_ID.fullmatch(venue_id) and model.error is None
    assert model.saved["source"] == "field" and model.saved["gps"] == {"lat": 29.653, "lon": 91.131}
    venues = VenueListViewModel(store)
    assert len(venues.results) == 6
    for query in ("示例小卖部", "xmb", "xiaomaibu", "ཚོང་ཁང"):
        venues.search(query)
        assert [(v["venue_id"], v["unverified"]) for v in venues.results] == [(venue_id, True)], query
    draft = venues.start(venue_id, "dolma")
    head = inspections.header(store, draft)
    assert (head["venue_id"], head["county_code"], head["template_id"]) == (venue_id, "540102", "bank-basic")
    outbox = [{"doc": {"venue_id": venue_id}}, {"doc": {"venue_id": "v0"}}]
    assert [v["venue_id"] for v in new_venues.for_outbox(store, outbox)] == [venue_id]
    assert set(new_venues.for_outbox(store, outbox)[0]) == {"venue_id", "venue_type", "county_code", "name",
                                                            "address", "gps"}


@pytest.mark.parametrize("fields, path", [
    ({"name_zh": "  "}, "/name/zh"),
    ({"name_zh": "长" * 201}, "/name/zh"),
    ({"address": ""}, "/address"),
    ({"lat": "29.6"}, "/gps"),
    ({"lat": "北纬", "lon": "91"}, "/gps"),
    ({"lat": "39.9", "lon": "116.4"}, "/gps/lat"),
])
def test_a_refused_venue_says_which_field_and_stores_nothing(store, fields, path):
    model = _model(store)
    assert _add(model, **fields) is None
    assert path in model.problems and model.error.code == "venue_refused"
    assert len(catalog.search_venues(store)) == 5 and new_venues.for_outbox(store, [{"doc": {"venue_id": "x"}}]) == []


def test_a_county_or_type_outside_the_choices_is_refused(store):
    model = _model(store)
    model.choose_county("540103")
    model.choose_type("airport")
    assert _add(model) is None and set(model.problems) == {"/county_code", "/venue_type"}


def test_a_search_with_no_match_fills_in_the_name_it_was_looking_for(store):
    assert _model(store, name_hint=" 示例茶馆 ").name_zh == "示例茶馆"
    assert _model(store, name_hint="ཇ་ཁང").name_bo == "ཇ་ཁང" and _model(store, name_hint="ཇ་ཁང").name_zh == ""
    assert _model(store, name_hint="cg").name_zh == ""


def test_a_full_pull_keeps_an_unsent_venue_and_drops_it_once_the_server_has_it(store, template):
    venue_id = _add(_model(store))
    catalog.apply_pull(store, first_pull(template), "cp-2", NOW)
    assert catalog.venue(store, venue_id) is not None
    new_venues.record(store, [{"venue_id": venue_id, "result": "invalid", "reason": "/address: too long"}], NOW)
    assert new_venues.state(store, venue_id)["problem"]["result"] == "invalid"
    new_venues.record(store, [{"venue_id": venue_id, "result": "created"}], NOW)
    assert new_venues.state(store, venue_id) == {"added_at": NOW, "sent_at": NOW, "problem": None}
    catalog.apply_pull(store, first_pull(template), "cp-3", NOW)  # the server's own copy would come here
    assert catalog.venue(store, venue_id) is None
