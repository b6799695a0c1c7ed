"""A venue added on the phone goes to the real sync service with the inspection made on it."""

from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.outbox.tests.test_worker import NOW, _worker, field, phone  # noqa: F401 (fixtures)
from mobile_app.kora_app.store import catalog, inspections, new_venues
from mobile_app.kora_app.sync.tests.links import COUNTY
from mobile_app.kora_app.viewmodels.new_venue import NewVenueViewModel
from mobile_app.kora_app.viewmodels.venues import VenueListViewModel
from schemas.rules.jurisdiction import Jurisdiction


def _inspected_new_venue(phone):
    model = NewVenueViewModel(phone, "dolma", Jurisdiction("county", (COUNTY,)), clock=lambda: NOW)
    venue_id = model.save("<b>示例</b>小卖部", "", "城关区示例巷3号")
    assert venue_id, (model.error, model.counties, model.venue_types)
    listed = VenueListViewModel(phone)
    draft = listed.start(venue_id, "dolma")
    assert draft, listed.error
    for n in range(1, 13):
        inspections.set_answer(phone, draft, f"item-{n:02d}", "yes", NOW)
    inspections.set_signer(phone, draft, "次仁", "店主", NOW)
    inspections.add_stroke(phone, draft, [[10, 20], [12, 24]], {"width": 600, "height": 200}, NOW)
    queue.submit(phone, draft, NOW)
    return venue_id, draft


def test_the_venue_and_its_inspection_arrive_in_one_sync_and_the_next_sync_sends_the_venue_no_more(
        phone, server, couch):
    worker = _worker(phone, server)
    assert worker.run_once()  # the first pull: templates, regions, venues
    venue_id, draft = _inspected_new_venue(phone)
    assert worker.run_once()
    stored = couch.db("venues").get(f"venue:{venue_id}")
    assert (stored["source"], stored["added_by"], stored["verified"]) == ("field", "dolma", False)
    assert stored["name"] == {"zh": "<b>示例</b>小卖部"}
    assert couch.db("inspections").get(draft)["venue_id"] == venue_id
    assert inspections.header(phone, draft)["state"] == "sent"
    assert new_venues.state(phone, venue_id)["sent_at"] is not None
    assert new_venues.for_outbox(phone, [{"doc": {"venue_id": venue_id}}]) == []
    assert catalog.venue(phone, venue_id)["source"] == "field"  # now as the server pulled it back
