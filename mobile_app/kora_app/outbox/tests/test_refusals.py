"""What the server did not take stays on the phone with its reason until the inspector has dealt with it."""

import pytest

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.outbox import queue, refusals
from mobile_app.kora_app.outbox.tests.test_queue import _queued
from mobile_app.kora_app.signin import session
from mobile_app.kora_app.store import inspections

LATER = "2026-05-04T11:00:00Z"


def _refuse(store, *results):
    outbox = queue.waiting(store)
    queue.record(store, [dict(r, index=i) for i, r in enumerate(results)], [], outbox, NOW)


def test_each_result_is_kept_with_its_reason_key_and_the_servers_words(store):
    photo, county = _queued(store), _queued(store, "v1")
    _refuse(store,
            {"id": photo, "result": "invalid", "code": "invalid_document",
             "reason": "/answers/item-02/photos: take one",
             "errors": [{"path": "/answers/item-02/photos", "code": "photo_required", "item": "item-02",
                         "reason": "take one"}]},
            {"id": county, "result": "refused", "code": "forbidden", "refusal": "county_outside_reach",
             "reason": "county 540102 is outside your jurisdiction"})
    listed = {r["inspection_id"]: r for r in refusals.listed(store)}
    assert listed[photo] == {**listed[photo], "state": "draft", "result": "invalid", "code": "invalid_document",
                             "reason": "photo_required", "items": ["item-02"], "venue_id": "v0"}
    assert listed[county] == {**listed[county], "state": "refused", "reason": "county_outside_reach",
                              "message": "county 540102 is outside your jurisdiction", "items": []}
    assert queue.unsent_count(store) == 2  # neither is on the server: signing out is refused
    with pytest.raises(session.UnsentWork):
        session.sign_out(store)


@pytest.mark.parametrize("result, key", [
    ({"result": "refused", "code": "forbidden"}, "refused"),  # a server before ``refusal``
    ({"result": "refused", "code": "forbidden", "refusal": "something_new"}, "refused"),
    ({"result": "refused", "refusal": "deleted_on_server"}, "deleted_on_server"),
    ({"result": "invalid", "errors": [{"path": "/venue_id", "reason": "no venue v9"}]}, "unknown_venue"),
    ({"result": "invalid", "errors": [{"path": "/county_code", "reason": "venue v0 is in county 540103"}]},
     "venue_in_other_county"),
    ({"result": "invalid", "errors": [{"path": "/template", "reason": "only a draft"}]}, "template_not_published"),
    ({"result": "invalid", "errors": [{"path": "/answers/item-01/value", "reason": "'maybe'"}]},
     "answers_do_not_fit"),
    ({"result": "invalid", "errors": [{"path": "/signature", "reason": "both"}]}, "invalid_document"),
])
def test_the_reason_key_of_each_kind_of_result(result, key):
    assert refusals.reason(result) == key and key in refusals.REASONS


def test_the_items_to_go_back_to_are_named_by_the_errors(store):
    draft = _queued(store)
    _refuse(store, {"id": draft, "result": "invalid", "code": "invalid_document", "reason": "…",
                    "errors": [{"path": "/answers/item-07/value", "reason": "'maybe' is not valid"},
                               {"path": "/answers/item-02/photos", "code": "photo_required", "item": "item-02"},
                               {"path": "/answers/item-07", "reason": "again"}, {"path": "/signature"}]})
    assert [r["items"] for r in refusals.listed(store)] == [["item-07", "item-02"]]


def test_a_refused_one_is_sent_again_only_on_request_and_never_lost(store):
    county = _queued(store)
    sent_doc = queue.waiting(store)[0]["doc"]
    _refuse(store, {"id": county, "result": "refused", "code": "forbidden", "refusal": "county_outside_reach",
                    "reason": "county 540102 is outside your jurisdiction"})
    assert queue.waiting_count(store) == 0 and inspections.header(store, county)["state"] == "refused"
    with pytest.raises(refusals.NotRefused):
        refusals.retry(store, _queued(store, "v2"), LATER)  # a queued one is not refused
    assert refusals.retry(store, county, LATER) == sent_doc  # exactly what was refused goes again
    assert inspections.header(store, county)["state"] == "queued" and refusals.listed(store) == []
    assert [i["doc"]["_id"] for i in queue.waiting(store)][-1] == county
    outbox = queue.waiting(store)
    queue.record(store, [{"index": len(outbox) - 1, "id": county, "result": "refused", "code": "forbidden",
                          "refusal": "county_outside_reach", "reason": "still outside"}], [], outbox, LATER)
    assert [r["message"] for r in refusals.listed(store)] == ["still outside"]
    assert inspections.header(store, county)["state"] == "refused"
