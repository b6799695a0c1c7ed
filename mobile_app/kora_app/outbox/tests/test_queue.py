"""What a sync's push results do to the outbox: sent, back to the inspector with reasons, or kept both ways."""

import pytest

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.errors import NotEditable, StoreError


def _queued(store, venue="v0"):
    draft = inspections.start(store, venue=catalog.venue(store, venue), template_id="bank-basic",
                              template_version=1, inspector="dolma", now=NOW)
    for n in range(1, 61):
        inspections.set_answer(store, draft, f"item-{n:02d}", "yes", NOW)
    inspections.set_signer(store, draft, "次仁", None, NOW)
    inspections.add_stroke(store, draft, [[1, 2]], {"width": 600, "height": 200}, NOW)
    queue.submit(store, draft, NOW)
    return draft


def test_invalid_goes_back_to_the_inspector_with_the_servers_reasons_refused_stays_as_it_was(store):
    bad, foreign = _queued(store), _queued(store, "v1")
    outbox = queue.waiting(store)
    reason = {"path": "/answers/item-02/photos", "code": "photo_required", "item": "item-02", "reason": "take one"}
    queue.record(store, [{"index": 0, "id": bad, "result": "invalid", "code": "invalid_document", "errors": [reason]},
                         {"index": 1, "id": foreign, "result": "refused", "code": "forbidden", "reason": "county"}],
                 [], outbox, NOW)
    assert queue.waiting_count(store) == 0
    assert inspections.header(store, bad)["state"] == "draft"
    assert queue.server_problems(store, bad)["errors"] == [reason]
    assert inspections.header(store, foreign)["state"] == "refused"
    inspections.set_answer(store, bad, "item-02", "na", NOW)  # the inspector fixes it and submits again
    queue.submit(store, bad, NOW)
    assert queue.server_problems(store, bad) is None and queue.waiting_count(store) == 1


def test_accepted_but_photos_still_missing_stays_queued_with_the_servers_revision(store):
    draft = _queued(store)
    outbox = queue.waiting(store)
    queue.record(store, [{"index": 0, "id": draft, "result": "accepted", "rev": "1-ab", "photos_needed": []}],
                 [], outbox, NOW)
    assert queue.waiting(store)[0]["base_rev"] == "1-ab" and inspections.header(store, draft)["state"] == "queued"
    with pytest.raises(NotEditable):
        inspections.set_answer(store, draft, "item-01", "no", NOW)
    queue.record(store, [{"index": 0, "id": draft, "result": "already_had", "rev": "2-cd"}], [draft], outbox, NOW)
    assert queue.waiting_count(store) == 0 and inspections.header(store, draft)["base_rev"] == "2-cd"


def test_a_final_server_version_cannot_be_overruled_by_the_phone(store):
    draft = _queued(store)
    outbox = queue.waiting(store)
    server = dict(outbox[0]["doc"], status="approved", _rev="4-ff")
    queue.record(store, [{"index": 0, "id": draft, "result": "conflict", "server_rev": "4-ff", "server": server,
                          "yours": outbox[0]["doc"]}], [], outbox, NOW)
    with pytest.raises(StoreError, match="final"):
        queue.resolve(store, draft, "phone", NOW)
    queue.resolve(store, draft, "server", NOW)
    assert inspections.header(store, draft)["state"] == "sent"
